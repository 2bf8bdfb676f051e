// MInst::print: AT&T syntax as llvm-mc prints it (`addq %rcx, %rax`,
// `movl 8(%rsp,%rbx,4), %eax`, immediates in signed decimal, labels as `label<N>`).
//
// Before allocation virtual registers print as %v<N><w>, w the operand width (b/w/l/q, x for
// xmm), and a two-address instruction whose dst and src1 still differ prints both, APX-style
// (`addq %v2q, %v1q, %v0q`: src2, src1, dst). Pseudo-instructions print their own syntax
// (args, rets, jmp_table, trap_if); those that expand to real code (JmpCond, LoadExtName,
// Nop) print that code, `;`-separated.
#include "target/x86_64/MInst.h"

#include <string>

namespace irc::x86_64 {

namespace {

/// How wide a register operand prints.
enum class Width : uint8_t { B, W, L, Q, X };

Width widthOf(OpSize s) { return static_cast<Width>(static_cast<uint8_t>(s)); }

std::string regText(Reg r, Width w) {
  if (!hasReg(r))
    return "%<none>";
  if (r.isPhysical()) {
    PReg p = r.preg();
    OpSize s = w == Width::X ? OpSize::Q : static_cast<OpSize>(static_cast<uint8_t>(w));
    return "%" + std::string(regName(p, s));
  }
  static constexpr char kWidthChars[] = {'b', 'w', 'l', 'q', 'x'};
  return "%v" + std::to_string(r.vreg().index()) + kWidthChars[static_cast<unsigned>(w)];
}

std::string immText(int64_t v) { return "$" + std::to_string(v); }

std::string labelText(Label l) { return "label" + std::to_string(l.id); }

std::string symbolText(const SymbolRef &sym) {
  std::string s = sym.name.symbol();
  if (sym.addend > 0)
    s += "+" + std::to_string(sym.addend);
  else if (sym.addend < 0)
    s += std::to_string(sym.addend);
  return s;
}

std::string memText(const Amode &m) {
  switch (m.kind()) {
  case Amode::Kind::RipLabel:
    return labelText(m.label()) + "(%rip)";
  case Amode::Kind::RipSymbol:
    return symbolText(m.symbol()) + "(%rip)";
  case Amode::Kind::BaseIndex:
    break;
  }
  std::string s;
  if (m.disp() != 0)
    s += std::to_string(m.disp());
  s += "(";
  if (hasReg(m.base()))
    s += regText(m.base(), Width::Q);
  if (hasReg(m.index())) {
    s += "," + regText(m.index(), Width::Q);
    if (m.scale() != 1)
      s += "," + std::to_string(m.scale());
  }
  return s + ")";
}

/// Expands `?` (size suffix) and `#` (condition) in a mnemonic pattern.
std::string mnemonic(const MInst &inst) {
  std::string out;
  for (char c : inst.info().mnemonic) {
    if (c == '?')
      out += sizeSuffix(inst.size());
    else if (c == '#')
      out += condName(inst.cond());
    else
      out += c;
  }
  return out;
}

/// `mn a, b` with the operands that are present.
std::string join(const std::string &mn, std::initializer_list<std::string> ops) {
  std::string s = mn;
  const char *sep = " ";
  for (const std::string &o : ops) {
    s += sep + o;
    sep = ", ";
  }
  return s;
}

/// Two-address: `mn src2, dst`, or `mn src2, src1, dst` while dst and src1 differ.
std::string twoAddr(const std::string &mn, const std::string &src2, Reg src1, Reg dst, Width w) {
  if (src1 == dst)
    return join(mn, {src2, regText(dst, w)});
  return join(mn, {src2, regText(src1, w), regText(dst, w)});
}

std::string bindingsText(const char *name, const std::vector<RegBinding> &bs) {
  std::string s = name;
  const char *sep = " ";
  for (const RegBinding &b : bs) {
    Width w = b.preg.cls() == RegClass::Int ? Width::Q : Width::X;
    s += sep + regText(b.reg, w) + "=" + regText(Reg(b.preg), w);
    sep = ", ";
  }
  return s;
}

std::string nopText(unsigned length) {
  // What llvm-mc's disassembler prints for the NOP of each length Emit.cpp writes.
  static constexpr std::string_view kTexts[9] = {
      "nop",
      "nop",
      "nopl (%rax)",
      "nopl (%rax)",
      "nopl (%rax,%rax)",
      "nopw (%rax,%rax)",
      "nopl (%rax)",
      "nopl (%rax,%rax)",
      "nopw (%rax,%rax)",
  };
  std::string s;
  while (length > 0) {
    unsigned n = length > 9 ? 9 : length;
    if (!s.empty())
      s += "; ";
    s += kTexts[n - 1];
    length -= n;
  }
  return s;
}

} // namespace

std::string MInst::print() const {
  const FormInfo &fi = info();
  const std::string mn = mnemonic(*this);
  const Width w = widthOf(size_);
  auto R = [&](unsigned slot, Width width) { return regText(reg(slot), width); };
  switch (fi.shape) {
  case Shape::AluRR:
  case Shape::CmovRR:
    return twoAddr(mn, R(2, w), reg(1), reg(0), w);
  case Shape::AluRM:
  case Shape::CmovRM:
    return twoAddr(mn, memText(mem()), reg(1), reg(0), w);
  case Shape::AluRI:
    return twoAddr(mn, immText(imm()), reg(1), reg(0), w);
  case Shape::AluMR:
  case Shape::CmpMR:
  case Shape::MovMR:
    return join(mn, {R(0, w), memText(mem())});
  case Shape::XmmMR:
    return join(mn, {R(0, Width::X), memText(mem())});
  case Shape::AluMI:
  case Shape::CmpMI:
  case Shape::MovMI:
    return join(mn, {immText(imm()), memText(mem())});
  case Shape::CmpRR:
    return join(mn, {R(1, w), R(0, w)});
  case Shape::CmpRM:
    return join(mn, {memText(mem()), R(0, w)});
  case Shape::CmpRI:
    return join(mn, {immText(imm()), R(0, w)});
  case Shape::UnaryR:
    return reg(0) == reg(1) ? join(mn, {R(0, w)}) : join(mn, {R(1, w), R(0, w)});
  case Shape::ShiftRCl:
    return twoAddr(mn, R(2, Width::B), reg(1), reg(0), w);
  case Shape::ShiftRI:
    if (imm() == 1) // llvm-mc's D1 form prints without the count
      return reg(0) == reg(1) ? join(mn, {R(0, w)}) : join(mn, {R(1, w), R(0, w)});
    return twoAddr(mn, immText(imm()), reg(1), reg(0), w);
  case Shape::ImulRRI:
    return join(mn, {immText(imm()), R(1, w), R(0, w)});
  case Shape::ImulRMI:
    return join(mn, {immText(imm()), memText(mem()), R(0, w)});
  case Shape::MulWide:
  case Shape::Mul8:
  case Shape::Div8:
    return join(mn, {R(3, w)});
  case Shape::DivWide:
    return join(mn, {R(4, w)});
  case Shape::SignExtend:
  case Shape::Ret:
  case Shape::Ud2:
    return mn;
  case Shape::RetImm:
    return join(mn, {immText(imm())});
  case Shape::Setcc:
    return join(mn, {R(0, Width::B)});
  case Shape::Ext8RR:
    return join(mn, {R(1, Width::B), R(0, w)});
  case Shape::Ext16RR:
    return join(mn, {R(1, Width::W), R(0, w)});
  case Shape::Ext32RR:
    return join(mn, {R(1, Width::L), R(0, w)});
  case Shape::Ext8RM:
  case Shape::Ext16RM:
  case Shape::Ext32RM:
  case Shape::MovRM:
  case Shape::UnRM:
  case Shape::Lea:
    return join(mn, {memText(mem()), R(0, w)});
  case Shape::MovRR:
  case Shape::UnRR:
    return join(mn, {R(1, w), R(0, w)});
  case Shape::XmmRR:
    return join(mn, {R(1, Width::X), R(0, Width::X)});
  case Shape::XmmRM:
    return join(mn, {memText(mem()), R(0, Width::X)});
  case Shape::GprToXmm:
    return join(mn, {R(1, w), R(0, Width::X)});
  case Shape::XmmToGpr:
    return join(mn, {R(1, Width::X), R(0, w)});
  case Shape::MovRI:
    return join(mn, {immText(imm()), R(0, w)});
  case Shape::MovAbsRI:
    return join(mn, {immText(imm64()), R(0, w)});
  case Shape::ZeroR:
    return join(mn, {R(0, w), R(0, w)});
  case Shape::PushR:
  case Shape::PopR:
    return join(mn, {R(0, Width::Q)});
  case Shape::Jmp:
    return join(mn, {labelText(label(0))});
  case Shape::JmpCond:
    return join(mn, {labelText(label(0))}) + "; jmp " + labelText(label(1));
  case Shape::JmpR:
    return join(mn, {"*" + R(0, Width::Q)});
  case Shape::CallR: // a tail call is emitted as the epilogue and a jump
    return join(callInfo().tail ? "return_call" : mn, {"*" + R(0, Width::Q)});
  case Shape::JmpM:
    return join(mn, {"*" + memText(mem())});
  case Shape::CallM:
    return join(mn, {"*" + memText(callInfo().targetMem)});
  case Shape::CallKnown:
    return join(callInfo().tail ? "return_call" : mn, {callInfo().callee.symbol()});
  case Shape::Args:
    return bindingsText("args", bindings());
  case Shape::Rets:
    return bindingsText("rets", bindings());
  case Shape::JmpTableSeq: {
    std::string s = join(mn, {R(0, Width::Q), R(1, Width::Q), R(2, Width::Q)}) + ", [";
    const char *sep = "";
    for (Label l : jumpTargets()) {
      s += sep + labelText(l);
      sep = ", ";
    }
    return s + "]";
  }
  case Shape::TrapIf:
    return join(mn, {std::string(condName(cond())), trapCode().name()});
  case Shape::LoadExtName: {
    const ExtNameInfo &en = extName();
    switch (en.kind) {
    case ExtNameKind::RipRelative:
      return join("leaq", {symbolText(en.sym) + "(%rip)", R(0, Width::Q)});
    case ExtNameKind::Absolute:
      return join("movabsq", {"$" + symbolText(en.sym), R(0, Width::Q)});
    case ExtNameKind::Got: {
      std::string s = join("movq", {en.sym.name.symbol() + "@GOTPCREL(%rip)", R(0, Width::Q)});
      if (en.sym.addend != 0)
        s += "; " + join("leaq", {std::to_string(en.sym.addend) + "(" + R(0, Width::Q) + ")",
                                  R(0, Width::Q)});
      return s;
    }
    }
    return mn;
  }
  case Shape::Nop:
    return nopText(nopLength());
  }
  return mn;
}

} // namespace irc::x86_64
