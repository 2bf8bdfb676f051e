// s390x_emit_dump: emits every encoder test row with irc and prints, per row that the
// disassembly check decodes, "<hex>\t<GNU mnemonics>\t<LLVM mnemonics>\t<irc text>". Rows
// whose bytes carry data (jump tables, constant pools), sit far from their labels, or emit
// nothing are left out (Row::inBlob). The irc text is "-" for shapes printed in irc's own
// syntax rather than as the instructions emitted. Used by disasm_check.py.
#include "EmitTestRows.h"

#include <cstdio>

using namespace irc::s390x;

namespace {

/// Whether print() spells out exactly the instructions emit() writes.
bool textIsCode(Shape s) {
  switch (s) {
  case Shape::Args:
  case Shape::Rets:
  case Shape::CondBranch:
  case Shape::JumpTableSeq:
  case Shape::TrapIf:
  case Shape::LoadConstPool64:
  case Shape::LoadFpuConst32:
  case Shape::LoadFpuConst64:
  case Shape::LoadVecConst:
    return false;
  case Shape::RRBin:
  case Shape::RRUn:
  case Shape::RRCmp:
  case Shape::BranchReg:
  case Shape::CallReg:
  case Shape::RREBin:
  case Shape::RREUn:
  case Shape::RRECmp:
  case Shape::RREDef:
  case Shape::RRFa3:
  case Shape::RRFaSel:
  case Shape::RRFcCMov:
  case Shape::RRFcUn:
  case Shape::Flogr:
  case Shape::MulWide:
  case Shape::MulWide3:
  case Shape::DivS:
  case Shape::DivU:
  case Shape::RXLoad:
  case Shape::RXStore:
  case Shape::RXBin:
  case Shape::RXCmp:
  case Shape::BranchMem:
  case Shape::RXYLoad:
  case Shape::RXYStore:
  case Shape::RXYBin:
  case Shape::RXYCmp:
  case Shape::RSShift:
  case Shape::RSYShift:
  case Shape::RSYStoreMulti:
  case Shape::RSYLoadMulti:
  case Shape::VRXLoad:
  case Shape::VRXStore:
  case Shape::VRRUn:
  case Shape::SILStore:
  case Shape::SIStore:
  case Shape::SIYStore:
  case Shape::RIBin:
  case Shape::RILoad:
  case Shape::RICmp:
  case Shape::RILBin:
  case Shape::RILLoad:
  case Shape::RILCmp:
  case Shape::RIEd3:
  case Shape::RIEfRot:
  case Shape::RIEgCMov:
  case Shape::RILbAddr:
  case Shape::RILbLoad:
  case Shape::RILbStore:
  case Shape::BranchRel:
  case Shape::BranchRelLong:
  case Shape::CallKnown:
  case Shape::Trap:
  case Shape::LoadSymbol:
  case Shape::LoadConst64:
  case Shape::Nop:
    return true;
  }
  return false;
}

} // namespace

int main() {
  for (const test::Row &row : test::allRows()) {
    if (!row.inBlob)
      continue;
    test::Emitted got = test::emitRow(row);
    if (got.hex.empty())
      continue;
    std::string text = textIsCode(row.inst.shape()) ? row.inst.print() : "-";
    std::printf("%s\t%s\t%s\t%s\n", got.hex.c_str(), row.gnuMnemonics, row.llvmMnemonics,
                text.c_str());
  }
  return 0;
}
