// The generated s390x test rows and the harness that emits one (see EmitTestRows.h).
#include "EmitTestRows.h"

#include "codegen/mach/MachBuffer.h"

#include <cassert>
#include <cstdio>

namespace irc::s390x::test {

namespace {

// The row vocabulary of EmitTestData.inc.
namespace r {
#define REG(name, Class, hw, dwarf, Save, Use) constexpr Reg name{regs::name()};
#include "target/s390x/Regs.def"
} // namespace r

Label L(uint32_t id) { return Label{id}; }
ir::ExternalName sym(const char *name) { return ir::ExternalName::testCase(name); }

/// A call with one argument and one result, as a lowering would build it.
CallInfo callTo(ir::ExternalName callee) {
  CallInfo ci;
  ci.callee = std::move(callee);
  ci.uses = {{Reg(regs::r2()), regs::r2()}};
  ci.defs = {{Reg(regs::r2()), regs::r2()}};
  ci.clobbers = callClobbers();
  return ci;
}

CallInfo patchableCallTo(ir::ExternalName callee) {
  CallInfo ci = callTo(std::move(callee));
  ci.patchable = true;
  return ci;
}

#include "EmitTestData.inc"

std::string hexOf(const uint8_t *p, size_t n) {
  std::string s;
  char two[3];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(two, sizeof two, "%02x", p[i]);
    s += two;
  }
  return s;
}

} // namespace

std::vector<Row> allRows() { return generatedRows(); }

std::string relocName(mach::Reloc r) {
  switch (r) {
  case mach::Reloc::Abs4:
    return "Abs4";
  case mach::Reloc::Abs8:
    return "Abs8";
  case mach::Reloc::X86PCRel4:
    return "X86PCRel4";
  case mach::Reloc::X86CallPLTRel4:
    return "X86CallPLTRel4";
  case mach::Reloc::X86GOTPCRel4:
    return "X86GOTPCRel4";
  case mach::Reloc::S390xPCRel32Dbl:
    return "S390xPCRel32Dbl";
  case mach::Reloc::S390xPLTRel32Dbl:
    return "S390xPLTRel32Dbl";
  case mach::Reloc::S390xGOTEntRel32Dbl:
    return "S390xGOTEntRel32Dbl";
  }
  return "?";
}

Emitted emitRow(const Row &row) {
  mach::MachBuffer buf(true);
  std::vector<Label> labels;
  for (const char *p = row.labels; *p; ++p)
    labels.push_back(buf.newLabel());
  auto bindAt = [&](char where) {
    for (size_t i = 0; i < labels.size(); ++i)
      if (row.labels[i] == where)
        buf.bindLabel(labels[i]);
  };
  bindAt('b');
  for (int i = 0; i < row.prePad; ++i)
    buf.put1(0x07);
  bindAt('s');
  EmitInfo info;
  if (row.fallthrough >= 0)
    info.fallthrough = labels[static_cast<size_t>(row.fallthrough)];
  emit(row.inst, buf, info);
  for (int i = 0; i < row.postPad; ++i)
    buf.put1(0x07);
  bindAt('e');

  Emitted out;
  out.code = buf.finish();
  const std::vector<uint8_t> &code = out.code.code;
  const size_t instEnd = out.code.instBytes - size_t(row.postPad);
  assert(instEnd >= size_t(row.prePad));
  out.hex = hexOf(code.data() + row.prePad, instEnd - size_t(row.prePad)) +
            hexOf(code.data() + out.code.instBytes, code.size() - out.code.instBytes);
  for (const mach::RelocRecord &rel : out.code.relocs) {
    if (!out.relocs.empty())
      out.relocs += " ";
    out.relocs += std::to_string(int64_t(rel.offset) - row.prePad) + ":" + relocName(rel.kind) +
                  ":" + rel.target.symbol() + ":" + std::to_string(rel.addend);
  }
  for (const mach::TrapRecord &t : out.code.traps) {
    if (!out.traps.empty())
      out.traps += " ";
    out.traps += std::to_string(int64_t(t.offset) - row.prePad) + ":" + t.code.name();
  }
  return out;
}

} // namespace irc::s390x::test
