// x86_64_emit_dump: emits every encoder test row with irc and prints, per row, the bytes and
// the text the disassemblers should show: "<hex>\t<text>". Rows whose text is irc's own
// pseudo syntax, or whose bytes carry data (jump tables) or depend on the fallthrough, are
// left out. Used by disasm_check.py.
#include "EmitTestRows.h"

#include <cstdio>

using namespace irc::x86_64;

int main() {
  for (const test::Row &row : test::allRows()) {
    const Shape s = row.inst.shape();
    if (s == Shape::Args || s == Shape::Rets || s == Shape::JmpCond || s == Shape::JmpTableSeq ||
        s == Shape::TrapIf)
      continue;
    test::Emitted got = test::emitRow(row);
    if (got.hex.empty())
      continue;
    std::printf("%s\t%s\n", got.hex.c_str(), row.inst.print().c_str());
  }
  return 0;
}
