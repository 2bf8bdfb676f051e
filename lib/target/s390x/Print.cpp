// MInst::print: the syntax s390x-linux-gnu-objdump prints (`agr %r2,%r3`,
// `lg %r2,8(%r3,%r15)`, extended mnemonics such as `locgre` and `jne`, immediates in decimal,
// labels as `label<N>`, calls as `brasl %r14,sym@PLT`).
//
// Before allocation virtual registers print as %v<N>i (Int) or %v<N>f (Float), and a
// two-address instruction whose dst and src1 still differ prints `dst<-src1` in the first
// operand. A memory operand whose displacement needs the 20-bit row or %r1 prints what the
// encoder emits (planMem); frame-area operands print symbolically (`16+slots(%r15)`), since
// their offsets are known only at emission. Pseudo-instructions print their own syntax
// (args, rets, jump_table, trap_if, pool loads); those that expand to fixed code (CondBranch,
// LoadSymbol, LoadConst64, Nop) print that code, `; `-separated.
#include "target/s390x/MInst.h"

#include <cstdio>
#include <string>

namespace irc::s390x {

namespace {

/// How a register field prints: %r, %f or %v.
enum class File : uint8_t { Gpr, Fpr, Vr };

std::string regText(Reg r, File f) {
  if (!r.isValid())
    return "%<none>";
  if (r.isVirtual())
    return "%v" + std::to_string(r.vreg().index()) + (r.cls() == RegClass::Int ? "i" : "f");
  PReg p = r.preg();
  if (p.cls() == RegClass::Int)
    return "%r" + std::to_string(p.hw());
  return (f == File::Fpr ? "%f" : "%v") + std::to_string(p.hw());
}

File file1(RegFiles f) {
  switch (f) {
  case RegFiles::G:
  case RegFiles::GF:
    return File::Gpr;
  case RegFiles::F:
  case RegFiles::FG:
    return File::Fpr;
  case RegFiles::V:
    return File::Vr;
  }
  return File::Gpr;
}

File file2(RegFiles f) {
  switch (f) {
  case RegFiles::G:
  case RegFiles::FG:
    return File::Gpr;
  case RegFiles::F:
  case RegFiles::GF:
    return File::Fpr;
  case RegFiles::V:
    return File::Vr;
  }
  return File::Gpr;
}

std::string labelText(Label l) { return "label" + std::to_string(l.id); }

std::string hexText(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

/// `d(x,b)`, `d(b)` or `d`, with the area's symbolic base for frame areas.
std::string memText(const MemArg &m, int64_t disp) {
  std::string s;
  switch (m.area) {
  case MemArea::Regs:
    s = std::to_string(disp);
    break;
  case MemArea::SlotArea:
    s = std::to_string(disp) + "+slots";
    break;
  case MemArea::Cfa:
    s = std::to_string(disp) + "+cfa";
    break;
  }
  Reg base = m.area == MemArea::Regs ? m.base : Reg(regs::stackPointer());
  if (m.index.isValid())
    return s + "(" + regText(m.index, File::Gpr) + "," +
           (base.isValid() ? regText(base, File::Gpr) : "0") + ")";
  if (base.isValid())
    return s + "(" + regText(base, File::Gpr) + ")";
  return s;
}

/// `mn a,b,...` with the operands given.
std::string join(std::string_view mn, std::initializer_list<std::string> ops) {
  std::string s(mn);
  const char *sep = " ";
  for (const std::string &o : ops) {
    s += sep + o;
    sep = ",";
  }
  return s;
}

/// The first operand of a two-address form: `dst`, or `dst<-src1` while they differ.
std::string tied(Reg dst, Reg src1, File f) {
  if (dst == src1)
    return regText(dst, f);
  return regText(dst, f) + "<-" + regText(src1, f);
}

/// Extended mnemonic for a conditional form: `base` + suffix, or nullopt for masks 0 and 15
/// (which print the mask as an operand, or have names of their own).
std::optional<std::string> condMnemonic(std::string_view base, CondMask m) {
  if (m == CondMask::Never || m == CondMask::Always)
    return std::nullopt;
  return std::string(base) + std::string(condSuffix(m));
}

std::string branchText(bool isLong, CondMask m, const std::string &target) {
  std::string mn = isLong ? "jg" : "j";
  if (m == CondMask::Never)
    mn += "nop";
  else if (m != CondMask::Always)
    mn += condSuffix(m);
  return mn + " " + target;
}

std::string bindingsText(const char *name, const std::vector<RegBinding> &bs) {
  std::string s = name;
  const char *sep = " ";
  for (const RegBinding &b : bs) {
    File f = b.preg.cls() == RegClass::Int ? File::Gpr : File::Vr;
    s += sep + regText(b.reg, f) + "=" + regText(Reg(b.preg), f);
    sep = ",";
  }
  return s;
}

std::string symbolText(const ir::ExternalName &name, int64_t addend) {
  std::string s = name.symbol();
  if (addend > 0)
    s += "+" + std::to_string(addend);
  else if (addend < 0)
    s += std::to_string(addend);
  return s;
}

/// The text of a memory-operand instruction: the planned row, after any %r1 setup.
template <typename Body>
std::string memInst(const MInst &inst, Body &&body) {
  const MemArg &m = inst.mem();
  if (m.area != MemArea::Regs)
    return body(inst.info(), memText(m, m.disp));
  MemPlan plan = planMem(inst.form(), m.disp);
  const FormInfo &row = formInfo(plan.form);
  const std::string r1 = regText(Reg(regs::r1()), File::Gpr);
  switch (plan.fit) {
  case MemFit::Direct:
    return body(row, memText(m, m.disp));
  case MemFit::ViaLay:
    return join("lay", {r1, memText(m, m.disp)}) + "; " + body(row, "0(" + r1 + ")");
  case MemFit::ViaLgfi: {
    std::string s = join("lgfi", {r1, std::to_string(m.disp)});
    if (m.base.isValid())
      s += "; " + join("la", {r1, "0(" + r1 + "," + regText(m.base, File::Gpr) + ")"});
    if (m.index.isValid())
      s += "; " + join("la", {r1, "0(" + r1 + "," + regText(m.index, File::Gpr) + ")"});
    return s + "; " + body(row, "0(" + r1 + ")");
  }
  }
  return body(row, memText(m, m.disp));
}

std::string nopText(unsigned length) {
  std::string s;
  while (length > 0) {
    if (!s.empty())
      s += "; ";
    if (length >= 6) {
      s += "jgnop .";
      length -= 6;
    } else if (length == 4) {
      s += "nop 0";
      length -= 4;
    } else {
      s += "nopr %r7";
      length -= 2;
    }
  }
  return s;
}

} // namespace

std::string MInst::print() const {
  const FormInfo &fi = info();
  const std::string_view mn = fi.mnemonic;
  const File f1 = file1(fi.regs), f2 = file2(fi.regs);
  auto R = [&](unsigned slot, File f) { return regText(reg(slot), f); };
  auto I = [&] { return std::to_string(imm()); };
  switch (fi.shape) {
  case Shape::RRBin:
  case Shape::RREBin:
    return join(mn, {tied(reg(0), reg(1), f1), R(2, f2)});
  case Shape::RRUn:
  case Shape::RREUn:
  case Shape::RRCmp:
  case Shape::RRECmp:
  case Shape::VRRUn:
    return join(mn, {R(0, f1), R(1, f2)});
  case Shape::RREDef:
    return join(mn, {R(0, f1)});
  case Shape::RRFa3:
    return join(mn, {R(0, File::Gpr), R(1, File::Gpr), R(2, File::Gpr)});
  case Shape::RRFaSel:
    if (auto c = condMnemonic(mn, mask()))
      return join(*c, {R(0, File::Gpr), R(1, File::Gpr), R(2, File::Gpr)});
    return join(mn, {R(0, File::Gpr), R(1, File::Gpr), R(2, File::Gpr),
                     std::to_string(maskBits(mask()))});
  case Shape::RRFcCMov:
    if (auto c = condMnemonic(mn, mask()))
      return join(*c, {tied(reg(0), reg(1), File::Gpr), R(2, File::Gpr)});
    return join(mn, {tied(reg(0), reg(1), File::Gpr), R(2, File::Gpr),
                     std::to_string(maskBits(mask()))});
  case Shape::RRFcUn:
    if (fi.fixed == 0)
      return join(mn, {R(0, File::Gpr), R(1, File::Gpr)});
    return join(mn, {R(0, File::Gpr), R(1, File::Gpr), std::to_string(fi.fixed)});
  case Shape::Flogr:
  case Shape::MulWide:
  case Shape::DivS:
    return join(mn, {R(0, File::Gpr), R(fi.shape == Shape::Flogr ? 2 : 3, File::Gpr)});
  case Shape::MulWide3:
    return join(mn, {R(0, File::Gpr), R(2, File::Gpr), R(3, File::Gpr)});
  case Shape::DivU:
    return join(mn, {R(0, File::Gpr), R(4, File::Gpr)});
  case Shape::BranchReg: {
    CondMask m = mask();
    if (m == CondMask::Always)
      return join("br", {R(0, File::Gpr)});
    if (m == CondMask::Never)
      return reg(0) == Reg(regs::r0()) ? std::string("nopr") : join("nopr", {R(0, File::Gpr)});
    return join("b" + std::string(condSuffix(m)) + "r", {R(0, File::Gpr)});
  }
  case Shape::CallReg:
    return join(mn, {R(0, File::Gpr), R(1, File::Gpr)});
  case Shape::CallKnown:
    return join(mn, {R(0, File::Gpr), callInfo().callee.symbol() + "@PLT"});
  case Shape::RXLoad:
  case Shape::RXYLoad:
  case Shape::RXStore:
  case Shape::RXYStore:
  case Shape::RXCmp:
  case Shape::RXYCmp:
    return memInst(*this, [&](const FormInfo &row, const std::string &mt) {
      return join(row.mnemonic, {R(0, f1), mt});
    });
  case Shape::RXBin:
  case Shape::RXYBin:
    return memInst(*this, [&](const FormInfo &row, const std::string &mt) {
      return join(row.mnemonic, {tied(reg(0), reg(1), f1), mt});
    });
  case Shape::VRXLoad:
  case Shape::VRXStore:
    return memInst(*this, [&](const FormInfo &row, const std::string &mt) {
      if (row.fixed == 0)
        return join(row.mnemonic, {R(0, File::Vr), mt});
      return join(row.mnemonic, {R(0, File::Vr), mt, std::to_string(row.fixed)});
    });
  case Shape::BranchMem:
    return memInst(*this, [&](const FormInfo &, const std::string &mt) {
      CondMask m = mask();
      if (m == CondMask::Never)
        return join("nop", {mt});
      return join("b" + std::string(condSuffix(m)), {mt});
    });
  case Shape::RSShift:
    return join(mn, {tied(reg(0), reg(1), File::Gpr), memText(mem(), mem().disp)});
  case Shape::RSYShift:
    return join(mn, {R(0, File::Gpr), R(1, File::Gpr), memText(mem(), mem().disp)});
  case Shape::RSYStoreMulti:
  case Shape::RSYLoadMulti:
    return memInst(*this, [&](const FormInfo &row, const std::string &mt) {
      return join(row.mnemonic, {R(0, File::Gpr), R(1, File::Gpr), mt});
    });
  case Shape::SILStore:
  case Shape::SIStore:
  case Shape::SIYStore:
    return memInst(*this, [&](const FormInfo &row, const std::string &mt) {
      int32_t v = row.imm == ImmKind::U8 ? (smallImm() & 0xff) : smallImm();
      return join(row.mnemonic, {mt, std::to_string(v)});
    });
  case Shape::RIBin:
  case Shape::RILBin:
    return join(mn, {tied(reg(0), reg(1), File::Gpr), I()});
  case Shape::RILoad:
  case Shape::RICmp:
  case Shape::RILLoad:
  case Shape::RILCmp:
    return join(mn, {R(0, File::Gpr), I()});
  case Shape::RIEd3:
    return join(mn, {R(0, File::Gpr), R(1, File::Gpr), I()});
  case Shape::RIEfRot: {
    std::array<uint8_t, 3> i = rotateImms();
    std::string name(mn);
    unsigned i4 = i[1];
    bool zeroing = form() == Form::Risbg || form() == Form::Risbgn;
    if (zeroing && (i4 & 0xc0) == 0x80) {
      name += "z";
      i4 &= 0x3f;
    }
    return join(name, {tied(reg(0), reg(1), File::Gpr), R(2, File::Gpr), std::to_string(i[0]),
                       std::to_string(i4), std::to_string(i[2])});
  }
  case Shape::RIEgCMov:
    if (auto c = condMnemonic(mn, mask()))
      return join(*c, {tied(reg(0), reg(1), File::Gpr), I()});
    return join(mn, {tied(reg(0), reg(1), File::Gpr), I(), std::to_string(maskBits(mask()))});
  case Shape::RILbAddr:
  case Shape::RILbLoad:
  case Shape::RILbStore:
    return join(mn, {R(0, File::Gpr), labelText(label(0))});
  case Shape::BranchRel:
    return branchText(false, mask(), labelText(label(0)));
  case Shape::BranchRelLong:
    return branchText(true, mask(), labelText(label(0)));
  case Shape::Trap:
    return std::string(mn);
  case Shape::Args:
    return bindingsText("args", bindings());
  case Shape::Rets:
    return bindingsText("rets", bindings());
  case Shape::CondBranch:
    return branchText(false, mask(), labelText(label(0))) + "; j " + labelText(label(1));
  case Shape::JumpTableSeq: {
    std::string s = join(mn, {R(0, File::Gpr)}) + ",[";
    const char *sep = "";
    for (Label l : jumpTargets()) {
      s += sep + labelText(l);
      sep = ",";
    }
    return s + "]";
  }
  case Shape::TrapIf: {
    std::string_view c = condSuffix(mask());
    return join(mn, {c.empty() ? std::to_string(maskBits(mask())) : std::string(c),
                     trapCode().name()});
  }
  case Shape::LoadSymbol: {
    const ExtNameInfo &e = extName();
    const std::string dst = R(0, File::Gpr);
    int64_t addend = e.sym.addend;
    std::string s;
    switch (e.kind) {
    case ExtNameKind::PcRelative: {
      int64_t even = addend & ~int64_t(1);
      s = join("larl", {dst, symbolText(e.sym.name, even)});
      addend -= even;
      break;
    }
    case ExtNameKind::Got:
      s = join("lgrl", {dst, e.sym.name.symbol() + "@GOTENT"});
      break;
    }
    if (addend != 0) {
      MInst la = MInst::load(Form::La, reg(0), MemArg::bd(reg(0), int32_t(addend)));
      s += "; " + la.print();
    }
    return s;
  }
  case Shape::LoadConst64: {
    std::string s;
    for (const ConstStep &step : const64Steps(static_cast<uint64_t>(imm()))) {
      if (!s.empty())
        s += "; ";
      s += join(formInfo(step.form).mnemonic, {R(0, File::Gpr), std::to_string(step.imm)});
    }
    return s;
  }
  case Shape::LoadConstPool64:
    return join(mn, {R(0, File::Gpr), hexText(static_cast<uint64_t>(imm()))});
  case Shape::LoadFpuConst32:
  case Shape::LoadFpuConst64:
    return join(mn, {R(0, File::Fpr), hexText(static_cast<uint64_t>(imm()))});
  case Shape::LoadVecConst: {
    std::string hex = "0x";
    static constexpr char kDigits[] = "0123456789abcdef";
    for (uint8_t byte : vecBytes()) {
      hex += kDigits[byte >> 4];
      hex += kDigits[byte & 15];
    }
    return join(mn, {R(0, File::Vr), hex});
  }
  case Shape::Nop:
    return nopText(static_cast<unsigned>(smallImm()));
  }
  return std::string(mn);
}

} // namespace irc::s390x
