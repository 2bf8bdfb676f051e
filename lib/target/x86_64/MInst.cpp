// MInst construction, ownership and queries; the Insts.def row checks.
//
// Register slots per shape (reg(i)): slot 0 is the destination when there is one (else the
// only register source), slot 1 the first source; 2..5 are the extra registers of the
// reg-only shapes:
//   AluRR/CmovRR: 0 dst, 1 src1, 2 src2        ShiftRCl: 0 dst, 1 src, 2 count
//   MulWide: 0 lo, 1 hi, 2 src1, 3 src2        DivWide: 0 quot, 1 rem, 2 lo, 3 hi, 4 divisor
//   Mul8/Div8: 0 dst, 2 src1/dividend, 3 src2/divisor
//   CmpRR: 0 lhs, 1 rhs                        JmpTableSeq: 0 idx, 1 tmp1, 2 tmp2
//   stores (AluMR, CmpMR, MovMR, XmmMR), PushR, JmpR, CallR, CmpRI, CmpRM: 0 the register
#include "target/x86_64/MInst.h"

#include <cstring>
#include <new>

namespace irc::x86_64 {

namespace {

constexpr std::string_view kFormNames[] = {
#define INST(Form, ...) #Form,
#define PSEUDO(Form, ...) #Form,
#include "target/x86_64/Insts.def"
};
static_assert(std::size(kFormNames) == kNumForms);

constexpr std::string_view kCondNames[] = {
#define COND(Name, name, bits) name,
#include "target/x86_64/Insts.def"
};
constexpr bool condsInEncodingOrder() {
  unsigned i = 0;
#define COND(Name, name, bits)                                                                     \
  if (static_cast<unsigned>(CondCode::Name) != i++)                                                \
    return false;
#include "target/x86_64/Insts.def"
  return i == 16;
}
static_assert(condsInEncodingOrder(), "Insts.def: COND rows must be in encoding order 0..15");

constexpr bool isDigit(ModRMKind k) { return k >= ModRMKind::D0 && k <= ModRMKind::D7; }

/// What the encoder assumes of a row, by shape.
constexpr bool rowIsConsistent(const FormInfo &r) {
  if (r.pseudo)
    return true;
  const bool hasB = (r.sizes & sizes::B) != 0;
  const bool hasWide = (r.sizes & sizes::WLQ) != 0 || r.sizes == sizes::None;
  if (hasB != (r.op8 >= 0) || hasWide != (r.op >= 0))
    return false;
  switch (r.shape) {
  case Shape::AluRR:
  case Shape::CmpRR:
  case Shape::CmovRR:
  case Shape::MovRR:
  case Shape::Ext8RR:
  case Shape::Ext16RR:
  case Shape::Ext32RR:
  case Shape::UnRR:
  case Shape::XmmRR:
  case Shape::GprToXmm:
  case Shape::XmmToGpr:
  case Shape::ImulRRI:
  case Shape::ZeroR:
    return r.modrm == ModRMKind::MR || r.modrm == ModRMKind::RM;
  case Shape::AluRM:
  case Shape::CmpRM:
  case Shape::CmovRM:
  case Shape::Ext8RM:
  case Shape::Ext16RM:
  case Shape::Ext32RM:
  case Shape::MovRM:
  case Shape::UnRM:
  case Shape::XmmRM:
  case Shape::Lea:
  case Shape::ImulRMI:
    return r.modrm == ModRMKind::RM;
  case Shape::AluMR:
  case Shape::CmpMR:
  case Shape::MovMR:
  case Shape::XmmMR:
    return r.modrm == ModRMKind::MR;
  case Shape::AluRI:
  case Shape::CmpRI:
  case Shape::AluMI:
  case Shape::CmpMI:
  case Shape::ShiftRCl:
  case Shape::MulWide:
  case Shape::DivWide:
  case Shape::Mul8:
  case Shape::Div8:
  case Shape::Setcc:
  case Shape::MovMI:
  case Shape::JmpR:
  case Shape::JmpM:
  case Shape::CallR:
  case Shape::CallM:
    return isDigit(r.modrm);
  case Shape::ShiftRI:
    return isDigit(r.modrm) && r.opS >= 0;
  case Shape::UnaryR:
    return isDigit(r.modrm) || r.modrm == ModRMKind::O;
  case Shape::MovRI:
    return r.modrm == ModRMKind::D0 && r.opA >= 0;
  case Shape::MovAbsRI:
  case Shape::PushR:
  case Shape::PopR:
    return r.modrm == ModRMKind::O;
  case Shape::Jmp:
  case Shape::JmpCond:
    return r.modrm == ModRMKind::NA && r.opS >= 0;
  case Shape::SignExtend:
  case Shape::CallKnown:
  case Shape::Ret:
  case Shape::RetImm:
  case Shape::Ud2:
    return r.modrm == ModRMKind::NA;
  case Shape::Args:
  case Shape::Rets:
  case Shape::JmpTableSeq:
  case Shape::TrapIf:
  case Shape::LoadExtName:
  case Shape::Nop:
    return false; // only as PSEUDO rows
  }
  return false;
}

constexpr bool allRowsConsistent() {
  for (const FormInfo &r : detail::kFormInfos)
    if (!rowIsConsistent(r))
      return false;
  return true;
}
static_assert(allRowsConsistent(), "Insts.def: a row's columns do not fit its shape");

constexpr bool shapeHasMem(Shape s) {
  switch (s) {
  case Shape::AluRM:
  case Shape::AluMR:
  case Shape::AluMI:
  case Shape::CmpRM:
  case Shape::CmpMR:
  case Shape::CmpMI:
  case Shape::CmovRM:
  case Shape::ImulRMI:
  case Shape::Ext8RM:
  case Shape::Ext16RM:
  case Shape::Ext32RM:
  case Shape::MovRM:
  case Shape::MovMR:
  case Shape::MovMI:
  case Shape::Lea:
  case Shape::UnRM:
  case Shape::JmpM:
  case Shape::XmmRM:
  case Shape::XmmMR:
    return true;
  case Shape::AluRR:
  case Shape::AluRI:
  case Shape::CmpRR:
  case Shape::CmpRI:
  case Shape::UnaryR:
  case Shape::ShiftRCl:
  case Shape::ShiftRI:
  case Shape::ImulRRI:
  case Shape::MulWide:
  case Shape::DivWide:
  case Shape::Mul8:
  case Shape::Div8:
  case Shape::SignExtend:
  case Shape::Setcc:
  case Shape::CmovRR:
  case Shape::Ext8RR:
  case Shape::Ext16RR:
  case Shape::Ext32RR:
  case Shape::MovRR:
  case Shape::MovRI:
  case Shape::MovAbsRI:
  case Shape::ZeroR:
  case Shape::UnRR:
  case Shape::PushR:
  case Shape::PopR:
  case Shape::Jmp:
  case Shape::JmpCond:
  case Shape::JmpR:
  case Shape::CallKnown:
  case Shape::CallR:
  case Shape::CallM:
  case Shape::Ret:
  case Shape::RetImm:
  case Shape::Ud2:
  case Shape::XmmRR:
  case Shape::GprToXmm:
  case Shape::XmmToGpr:
  case Shape::Args:
  case Shape::Rets:
  case Shape::JmpTableSeq:
  case Shape::TrapIf:
  case Shape::LoadExtName:
  case Shape::Nop:
    return false;
  }
  return false;
}

constexpr bool shapeHasExtra(Shape s) {
  return s == Shape::CallKnown || s == Shape::CallR || s == Shape::CallM || s == Shape::Args ||
         s == Shape::Rets || s == Shape::JmpTableSeq || s == Shape::LoadExtName;
}

/// The immediate as the operand size sees it, sign-extended (addb $255 == addb $-1).
int32_t normalizeImm(OpSize s, int32_t imm) {
  switch (s) {
  case OpSize::B:
    assert(imm >= -128 && imm <= 255);
    return static_cast<int8_t>(imm);
  case OpSize::W:
    assert(imm >= -32768 && imm <= 65535);
    return static_cast<int16_t>(imm);
  case OpSize::L:
  case OpSize::Q:
    return imm;
  }
  return imm;
}

} // namespace

std::string_view formName(Form f) { return kFormNames[static_cast<unsigned>(f)]; }
std::string_view condName(CondCode c) { return kCondNames[static_cast<unsigned>(c)]; }

CondCode condOf(ir::IntCC cc) {
  switch (cc) {
  case ir::IntCC::Eq:
    return CondCode::E;
  case ir::IntCC::Ne:
    return CondCode::Ne;
  case ir::IntCC::Slt:
    return CondCode::L;
  case ir::IntCC::Sge:
    return CondCode::Ge;
  case ir::IntCC::Sgt:
    return CondCode::G;
  case ir::IntCC::Sle:
    return CondCode::Le;
  case ir::IntCC::Ult:
    return CondCode::B;
  case ir::IntCC::Uge:
    return CondCode::Ae;
  case ir::IntCC::Ugt:
    return CondCode::A;
  case ir::IntCC::Ule:
    return CondCode::Be;
  }
  return CondCode::E;
}

// ---- Amode

Amode Amode::base(Reg base, int32_t disp) { return baseIndex(base, Reg(), 1, disp); }

Amode Amode::baseIndex(Reg base, Reg index, unsigned scale, int32_t disp) {
  assert(scale == 1 || scale == 2 || scale == 4 || scale == 8);
  assert(hasReg(base) || hasReg(index));
  assert(!hasReg(index) || !index.isPhysical() || index.preg() != regs::rsp());
  Amode a(Kind::BaseIndex);
  a.regs_.base = base;
  a.regs_.index = index;
  a.disp_ = disp;
  a.scaleLog2_ = static_cast<uint8_t>(scale == 1 ? 0 : scale == 2 ? 1 : scale == 4 ? 2 : 3);
  return a;
}

Amode Amode::rip(Label label) {
  Amode a(Kind::RipLabel);
  a.label_ = label.id;
  return a;
}

Amode Amode::rip(ir::ExternalName symbol, int64_t addend) {
  Amode a(Kind::RipSymbol);
  a.sym_ = new SymbolRef{std::move(symbol), addend};
  return a;
}

Amode Amode::withDisp(int32_t disp) const {
  assert(kind_ == Kind::BaseIndex);
  Amode a = *this;
  a.disp_ = disp;
  return a;
}

Amode::Amode(const Amode &o)
    : regs_(o.regs_), disp_(o.disp_), scaleLog2_(o.scaleLog2_), kind_(o.kind_), trap_(o.trap_) {
  if (kind_ == Kind::RipSymbol)
    sym_ = o.sym_ ? new SymbolRef(*o.sym_) : nullptr;
}

Amode::Amode(Amode &&o) noexcept
    : regs_(o.regs_), disp_(o.disp_), scaleLog2_(o.scaleLog2_), kind_(o.kind_), trap_(o.trap_) {
  if (kind_ == Kind::RipSymbol)
    o.sym_ = nullptr;
}

Amode &Amode::operator=(const Amode &o) {
  if (this != &o) {
    Amode copy(o);
    *this = std::move(copy);
  }
  return *this;
}

Amode &Amode::operator=(Amode &&o) noexcept {
  if (this != &o) {
    if (kind_ == Kind::RipSymbol)
      delete sym_;
    regs_ = o.regs_;
    disp_ = o.disp_;
    scaleLog2_ = o.scaleLog2_;
    kind_ = o.kind_;
    trap_ = o.trap_;
    if (kind_ == Kind::RipSymbol)
      o.sym_ = nullptr;
  }
  return *this;
}

Amode::~Amode() {
  if (kind_ == Kind::RipSymbol)
    delete sym_;
}

// ---- MInst ownership

MInst::MInst(Form f, OpSize s) : form_(f), size_(s) {
  if (hasMem())
    new (&u_.mem) Amode();
  else if (hasExtra()) {
    u_.payload.extra = nullptr;
    u_.payload.r2 = Reg();
    u_.payload.r3 = Reg();
  }
}

bool MInst::hasMem() const { return shapeHasMem(shape()); }
bool MInst::hasExtra() const { return shapeHasExtra(shape()); }

void MInst::setExtra(MInstExtra e) {
  assert(hasExtra());
  delete u_.payload.extra;
  u_.payload.extra = new MInstExtra(std::move(e));
}

void MInst::copyOwnedFrom(const MInst &o) {
  if (o.hasMem()) {
    new (&u_.mem) Amode(o.u_.mem);
  } else if (o.hasExtra()) {
    u_.payload.extra = o.u_.payload.extra ? new MInstExtra(*o.u_.payload.extra) : nullptr;
    u_.payload.r2 = o.u_.payload.r2;
    u_.payload.r3 = o.u_.payload.r3;
  } else {
    // Registers, imm64 or labels: plain bytes.
    std::memcpy(static_cast<void *>(&u_), static_cast<const void *>(&o.u_), sizeof(u_));
  }
}

void MInst::destroyOwned() {
  if (hasMem())
    u_.mem.~Amode();
  else if (hasExtra())
    delete u_.payload.extra;
}

MInst::MInst(const MInst &o) : form_(o.form_), size_(o.size_), aux_(o.aux_), imm_(o.imm_) {
  r_[0] = o.r_[0];
  r_[1] = o.r_[1];
  copyOwnedFrom(o);
}

MInst::MInst(MInst &&o) noexcept : form_(o.form_), size_(o.size_), aux_(o.aux_), imm_(o.imm_) {
  r_[0] = o.r_[0];
  r_[1] = o.r_[1];
  if (o.hasMem()) {
    new (&u_.mem) Amode(std::move(o.u_.mem));
  } else if (o.hasExtra()) {
    u_.payload = o.u_.payload;
    o.u_.payload.extra = nullptr;
  } else {
    copyOwnedFrom(o);
  }
}

MInst &MInst::operator=(const MInst &o) {
  if (this != &o) {
    MInst copy(o);
    *this = std::move(copy);
  }
  return *this;
}

MInst &MInst::operator=(MInst &&o) noexcept {
  if (this != &o) {
    destroyOwned();
    new (this) MInst(std::move(o));
  }
  return *this;
}

MInst::~MInst() { destroyOwned(); }

// ---- Field access

ir::TrapCode MInst::trapCode() const {
  Shape s = shape();
  if (s == Shape::TrapIf)
    return ir::TrapCode::fromRaw(static_cast<uint8_t>(imm_));
  assert((s == Shape::Ud2 || s == Shape::DivWide || s == Shape::Div8) &&
         "instruction has no trap code");
  return ir::TrapCode::fromRaw(aux_);
}

Reg MInst::reg(unsigned slot) const { return const_cast<MInst *>(this)->regRef(slot); }

Reg &MInst::regRef(unsigned slot) {
  if (slot < 2)
    return r_[slot];
  if (shape() == Shape::JmpTableSeq) {
    assert(slot == 2);
    return u_.payload.r2;
  }
  assert(slot < 6 && !hasMem() && !hasExtra() && shape() != Shape::MovAbsRI);
  return u_.more[slot - 2];
}

// ---- Construction

namespace {
[[maybe_unused]] bool formFits(Form f, std::initializer_list<Shape> shapes, OpSize s) {
  const FormInfo &fi = formInfo(f);
  bool shapeOk = false;
  for (Shape sh : shapes)
    shapeOk |= fi.shape == sh;
  return shapeOk && (fi.sizes == sizes::None || (fi.sizes & sizeBit(s)) != 0);
}
} // namespace

MInst MInst::aluRR(Form f, OpSize s, Reg dst, Reg src1, Reg src2) {
  assert(formFits(f, {Shape::AluRR}, s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src1;
  i.u_.more[0] = src2;
  return i;
}

MInst MInst::aluRM(Form f, OpSize s, Reg dst, Reg src1, Amode src2) {
  assert(formFits(f, {Shape::AluRM}, s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src1;
  i.u_.mem = std::move(src2);
  return i;
}

MInst MInst::aluRI(Form f, OpSize s, Reg dst, Reg src1, int32_t imm) {
  assert(formFits(f, {Shape::AluRI}, s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src1;
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::aluMR(Form f, OpSize s, Amode dst, Reg src) {
  assert(formFits(f, {Shape::AluMR}, s));
  MInst i(f, s);
  i.r_[0] = src;
  i.u_.mem = std::move(dst);
  return i;
}

MInst MInst::aluMI(Form f, OpSize s, Amode dst, int32_t imm) {
  assert(formFits(f, {Shape::AluMI}, s));
  MInst i(f, s);
  i.u_.mem = std::move(dst);
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::cmpRR(Form f, OpSize s, Reg lhs, Reg rhs) {
  assert(formFits(f, {Shape::CmpRR}, s));
  MInst i(f, s);
  i.r_[0] = lhs;
  i.r_[1] = rhs;
  return i;
}

MInst MInst::cmpRM(Form f, OpSize s, Reg lhs, Amode rhs) {
  assert(formFits(f, {Shape::CmpRM}, s));
  MInst i(f, s);
  i.r_[0] = lhs;
  i.u_.mem = std::move(rhs);
  return i;
}

MInst MInst::cmpRI(Form f, OpSize s, Reg lhs, int32_t imm) {
  assert(formFits(f, {Shape::CmpRI}, s));
  MInst i(f, s);
  i.r_[0] = lhs;
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::cmpMR(Form f, OpSize s, Amode lhs, Reg rhs) {
  assert(formFits(f, {Shape::CmpMR}, s));
  MInst i(f, s);
  i.r_[0] = rhs;
  i.u_.mem = std::move(lhs);
  return i;
}

MInst MInst::cmpMI(Form f, OpSize s, Amode lhs, int32_t imm) {
  assert(formFits(f, {Shape::CmpMI}, s));
  MInst i(f, s);
  i.u_.mem = std::move(lhs);
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::unary(Form f, OpSize s, Reg dst, Reg src) {
  assert(formFits(f, {Shape::UnaryR}, s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src;
  return i;
}

MInst MInst::shiftCl(Form f, OpSize s, Reg dst, Reg src, Reg count) {
  assert(formFits(f, {Shape::ShiftRCl}, s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src;
  i.u_.more[0] = count;
  return i;
}

MInst MInst::shiftImm(Form f, OpSize s, Reg dst, Reg src, uint8_t amount) {
  assert(formFits(f, {Shape::ShiftRI}, s));
  assert(amount < 8 * sizeBytes(s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src;
  i.imm_ = amount;
  return i;
}

MInst MInst::imulRRI(OpSize s, Reg dst, Reg src, int32_t imm) {
  assert(formFits(Form::ImulRRI, {Shape::ImulRRI}, s));
  MInst i(Form::ImulRRI, s);
  i.r_[0] = dst;
  i.r_[1] = src;
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::imulRMI(OpSize s, Reg dst, Amode src, int32_t imm) {
  assert(formFits(Form::ImulRMI, {Shape::ImulRMI}, s));
  MInst i(Form::ImulRMI, s);
  i.r_[0] = dst;
  i.u_.mem = std::move(src);
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::mulWide(Form f, OpSize s, Reg dstLo, Reg dstHi, Reg src1, Reg src2) {
  assert(formFits(f, {Shape::MulWide}, s));
  MInst i(f, s);
  i.r_[0] = dstLo;
  i.r_[1] = dstHi;
  i.u_.more[0] = src1;
  i.u_.more[1] = src2;
  return i;
}

MInst MInst::divWide(Form f, OpSize s, Reg quot, Reg rem, Reg dividendLo, Reg dividendHi,
                     Reg divisor, ir::TrapCode trap) {
  assert(formFits(f, {Shape::DivWide}, s));
  MInst i(f, s);
  i.r_[0] = quot;
  i.r_[1] = rem;
  i.u_.more[0] = dividendLo;
  i.u_.more[1] = dividendHi;
  i.u_.more[2] = divisor;
  i.aux_ = trap.raw();
  return i;
}

MInst MInst::mul8(Form f, Reg dst, Reg src1, Reg src2) {
  assert(formFits(f, {Shape::Mul8}, OpSize::B));
  MInst i(f, OpSize::B);
  i.r_[0] = dst;
  i.u_.more[0] = src1;
  i.u_.more[1] = src2;
  return i;
}

MInst MInst::div8(Form f, Reg dst, Reg dividend, Reg divisor, ir::TrapCode trap) {
  assert(formFits(f, {Shape::Div8}, OpSize::B));
  MInst i(f, OpSize::B);
  i.r_[0] = dst;
  i.u_.more[0] = dividend;
  i.u_.more[1] = divisor;
  i.aux_ = trap.raw();
  return i;
}

MInst MInst::signExtendRax(OpSize s, Reg dst, Reg src) {
  Form f = s == OpSize::W ? Form::Cwtd : s == OpSize::L ? Form::Cltd : Form::Cqto;
  assert(formFits(f, {Shape::SignExtend}, s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src;
  return i;
}

MInst MInst::setcc(CondCode cc, Reg dst) {
  MInst i(Form::Setcc, OpSize::B);
  i.aux_ = static_cast<uint8_t>(cc);
  i.r_[0] = dst;
  return i;
}

MInst MInst::cmovRR(CondCode cc, OpSize s, Reg dst, Reg ifFalse, Reg ifTrue) {
  assert(formFits(Form::CmovRR, {Shape::CmovRR}, s));
  MInst i(Form::CmovRR, s);
  i.aux_ = static_cast<uint8_t>(cc);
  i.r_[0] = dst;
  i.r_[1] = ifFalse;
  i.u_.more[0] = ifTrue;
  return i;
}

MInst MInst::cmovRM(CondCode cc, OpSize s, Reg dst, Reg ifFalse, Amode ifTrue) {
  assert(formFits(Form::CmovRM, {Shape::CmovRM}, s));
  MInst i(Form::CmovRM, s);
  i.aux_ = static_cast<uint8_t>(cc);
  i.r_[0] = dst;
  i.r_[1] = ifFalse;
  i.u_.mem = std::move(ifTrue);
  return i;
}

MInst MInst::rr(Form f, OpSize s, Reg dst, Reg src) {
  assert(formFits(f,
                  {Shape::MovRR, Shape::Ext8RR, Shape::Ext16RR, Shape::Ext32RR, Shape::UnRR,
                   Shape::XmmRR, Shape::GprToXmm, Shape::XmmToGpr},
                  s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.r_[1] = src;
  return i;
}

MInst MInst::rm(Form f, OpSize s, Reg dst, Amode src) {
  assert(formFits(f,
                  {Shape::MovRM, Shape::Ext8RM, Shape::Ext16RM, Shape::Ext32RM, Shape::UnRM,
                   Shape::XmmRM, Shape::Lea},
                  s));
  MInst i(f, s);
  i.r_[0] = dst;
  i.u_.mem = std::move(src);
  return i;
}

MInst MInst::mr(Form f, OpSize s, Amode dst, Reg src) {
  assert(formFits(f, {Shape::MovMR, Shape::XmmMR}, s));
  MInst i(f, s);
  i.r_[0] = src;
  i.u_.mem = std::move(dst);
  return i;
}

MInst MInst::movMI(OpSize s, Amode dst, int32_t imm) {
  MInst i(Form::MovMI, s);
  i.u_.mem = std::move(dst);
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::movRI(OpSize s, Reg dst, int32_t imm) {
  MInst i(Form::MovRI, s);
  i.r_[0] = dst;
  i.imm_ = normalizeImm(s, imm);
  return i;
}

MInst MInst::movAbs(Reg dst, int64_t imm) {
  MInst i(Form::MovAbsRI, OpSize::Q);
  i.r_[0] = dst;
  i.u_.imm64 = imm;
  return i;
}

MInst MInst::zero(Reg dst) {
  MInst i(Form::XorZeroR, OpSize::L);
  i.r_[0] = dst;
  return i;
}

MInst MInst::loadConst64(Reg dst, uint64_t value) {
  if (value <= 0xffffffffu)
    return movRI(OpSize::L, dst, static_cast<int32_t>(static_cast<uint32_t>(value)));
  int64_t s = static_cast<int64_t>(value);
  if (s >= INT32_MIN && s <= INT32_MAX)
    return movRI(OpSize::Q, dst, static_cast<int32_t>(s));
  return movAbs(dst, s);
}

MInst MInst::push(Reg src) {
  MInst i(Form::PushR, OpSize::Q);
  i.r_[0] = src;
  return i;
}

MInst MInst::pop(Reg dst) {
  MInst i(Form::PopR, OpSize::Q);
  i.r_[0] = dst;
  return i;
}

MInst MInst::jmp(Label target) {
  MInst i(Form::Jmp, OpSize::Q);
  i.u_.labels[0] = target.id;
  return i;
}

MInst MInst::jmpCond(CondCode cc, Label taken, Label notTaken) {
  MInst i(Form::JmpCond, OpSize::Q);
  i.aux_ = static_cast<uint8_t>(cc);
  i.u_.labels[0] = taken.id;
  i.u_.labels[1] = notTaken.id;
  return i;
}

MInst MInst::jmpReg(Reg target) {
  MInst i(Form::JmpR, OpSize::Q);
  i.r_[0] = target;
  return i;
}

MInst MInst::jmpMem(Amode target) {
  MInst i(Form::JmpM, OpSize::Q);
  i.u_.mem = std::move(target);
  return i;
}

MInst MInst::jmpTableSeq(Reg idx, Reg tmp1, Reg tmp2, std::vector<Label> targets) {
  MInst i(Form::JmpTableSeq, OpSize::Q);
  i.r_[0] = idx;
  i.r_[1] = tmp1;
  i.setExtra(std::move(targets));
  i.u_.payload.r2 = tmp2;
  return i;
}

MInst MInst::callKnown(CallInfo info) {
  MInst i(Form::CallKnown, OpSize::Q);
  i.setExtra(std::move(info));
  return i;
}

MInst MInst::callReg(Reg target, CallInfo info) {
  MInst i(Form::CallUnknownR, OpSize::Q);
  i.r_[0] = target;
  i.setExtra(std::move(info));
  return i;
}

MInst MInst::callMem(CallInfo info) {
  MInst i(Form::CallUnknownM, OpSize::Q);
  i.setExtra(std::move(info));
  return i;
}

MInst MInst::ret(uint16_t popBytes) {
  MInst i(popBytes ? Form::RetImm : Form::Ret, OpSize::Q);
  i.imm_ = popBytes;
  return i;
}

MInst MInst::ud2(ir::TrapCode code) {
  MInst i(Form::Ud2, OpSize::Q);
  i.aux_ = code.raw();
  return i;
}

MInst MInst::trapIf(CondCode cc, ir::TrapCode code) {
  MInst i(Form::TrapIf, OpSize::Q);
  i.aux_ = static_cast<uint8_t>(cc);
  i.imm_ = code.raw();
  return i;
}

MInst MInst::nop(unsigned length) {
  assert(length > 0);
  MInst i(Form::Nop, OpSize::Q);
  i.imm_ = static_cast<int32_t>(length);
  return i;
}

MInst MInst::args(std::vector<RegBinding> defs) {
  MInst i(Form::Args, OpSize::Q);
  i.setExtra(std::move(defs));
  return i;
}

MInst MInst::rets(std::vector<RegBinding> uses) {
  MInst i(Form::Rets, OpSize::Q);
  i.setExtra(std::move(uses));
  return i;
}

MInst MInst::loadExtName(Reg dst, ir::ExternalName name, int64_t addend, ExtNameKind kind) {
  assert(kind != ExtNameKind::Got || (addend >= INT32_MIN && addend <= INT32_MAX));
  MInst i(Form::LoadExtName, OpSize::Q);
  i.r_[0] = dst;
  i.setExtra(ExtNameInfo{SymbolRef{std::move(name), addend}, kind});
  return i;
}

MInst MInst::genMove(Reg dst, Reg src, RegClass cls) {
  switch (cls) {
  case RegClass::Int:
    return rr(Form::MovRR, OpSize::Q, dst, src);
  case RegClass::Float:
  case RegClass::Vector:
    return rr(Form::MovapsRR, OpSize::Q, dst, src);
  }
  return rr(Form::MovRR, OpSize::Q, dst, src);
}

MInst MInst::genSpill(Reg src, RegClass cls, PReg base, int32_t disp) {
  assert(base == regs::rsp() || base == regs::rbp());
  Amode slot = Amode::base(base, disp);
  switch (cls) {
  case RegClass::Int:
    return mr(Form::MovMR, OpSize::Q, std::move(slot), src);
  case RegClass::Float:
  case RegClass::Vector:
    return mr(Form::MovupsMR, OpSize::Q, std::move(slot), src);
  }
  return mr(Form::MovMR, OpSize::Q, std::move(slot), src);
}

MInst MInst::genReload(Reg dst, RegClass cls, PReg base, int32_t disp) {
  assert(base == regs::rsp() || base == regs::rbp());
  Amode slot = Amode::base(base, disp);
  switch (cls) {
  case RegClass::Int:
    return rm(Form::MovRM, OpSize::Q, dst, std::move(slot));
  case RegClass::Float:
  case RegClass::Vector:
    return rm(Form::MovupsRM, OpSize::Q, dst, std::move(slot));
  }
  return rm(Form::MovRM, OpSize::Q, dst, std::move(slot));
}

// ---- Queries

bool MInst::isTerminator() const {
  switch (shape()) {
  case Shape::Jmp:
  case Shape::JmpCond:
  case Shape::JmpR:
  case Shape::JmpM:
  case Shape::JmpTableSeq:
  case Shape::Ret:
  case Shape::RetImm:
  case Shape::Rets:
  case Shape::Ud2:
    return true;
  case Shape::AluRR:
  case Shape::AluRM:
  case Shape::AluRI:
  case Shape::AluMR:
  case Shape::AluMI:
  case Shape::CmpRR:
  case Shape::CmpRM:
  case Shape::CmpRI:
  case Shape::CmpMR:
  case Shape::CmpMI:
  case Shape::UnaryR:
  case Shape::ShiftRCl:
  case Shape::ShiftRI:
  case Shape::ImulRRI:
  case Shape::ImulRMI:
  case Shape::MulWide:
  case Shape::DivWide:
  case Shape::Mul8:
  case Shape::Div8:
  case Shape::SignExtend:
  case Shape::Setcc:
  case Shape::CmovRR:
  case Shape::CmovRM:
  case Shape::Ext8RR:
  case Shape::Ext8RM:
  case Shape::Ext16RR:
  case Shape::Ext16RM:
  case Shape::Ext32RR:
  case Shape::Ext32RM:
  case Shape::MovRR:
  case Shape::MovRM:
  case Shape::MovMR:
  case Shape::MovMI:
  case Shape::MovRI:
  case Shape::MovAbsRI:
  case Shape::ZeroR:
  case Shape::Lea:
  case Shape::UnRR:
  case Shape::UnRM:
  case Shape::PushR:
  case Shape::PopR:
  case Shape::CallKnown:
  case Shape::CallR:
  case Shape::CallM:
  case Shape::XmmRR:
  case Shape::XmmRM:
  case Shape::XmmMR:
  case Shape::GprToXmm:
  case Shape::XmmToGpr:
  case Shape::Args:
  case Shape::TrapIf:
  case Shape::LoadExtName:
  case Shape::Nop:
    return false;
  }
  return false;
}

bool MInst::isReturn() const {
  Shape s = shape();
  return s == Shape::Rets || s == Shape::Ret || s == Shape::RetImm;
}

std::optional<std::pair<Reg, Reg>> MInst::isMove() const {
  if ((form_ == Form::MovRR && size_ == OpSize::Q) || form_ == Form::MovapsRR ||
      form_ == Form::MovdqaRR)
    return std::make_pair(r_[0], r_[1]);
  return std::nullopt;
}

// Constants only. `xorl` clobbers the flags, so its value comes back as `movl $0`.
bool MInst::isRemat() const {
  return form_ == Form::MovRI || form_ == Form::MovAbsRI || form_ == Form::XorZeroR;
}

MInst MInst::remat() const {
  assert(isRemat());
  return form_ == Form::XorZeroR ? movRI(OpSize::L, r_[0], 0) : *this;
}

} // namespace irc::x86_64
