// MInst construction, ownership of payloads, and the machine-layer queries (MInst.h).
//
// Field slots by payload kind (payloadOf):
//   regs 0..2: the register fields, first operand first (dst before srcs; for pairs dstHi,
//     dstLo, then the first input); More: slots 3..6 continue the inputs;
//   Mem: the memory operand; Imm: a 64-bit immediate; Labels: one or two labels; Rot: the
//   three RIE-f immediates; Extra: an owned MInstExtra.
// small_ holds the condition mask and a trap code, or a 16-bit immediate (SIL/SI, Nop).
#include "target/s390x/MInst.h"

#include <utility>

namespace irc::s390x {

namespace {

enum class Payload : uint8_t { None, More, Mem, Imm, Labels, Rot, Extra };

Payload payloadOf(Shape s) {
  switch (s) {
  case Shape::RRBin:
  case Shape::RRUn:
  case Shape::RRCmp:
  case Shape::BranchReg:
  case Shape::RREBin:
  case Shape::RREUn:
  case Shape::RRECmp:
  case Shape::RREDef:
  case Shape::RRFa3:
  case Shape::RRFaSel:
  case Shape::RRFcCMov:
  case Shape::RRFcUn:
  case Shape::Flogr:
  case Shape::VRRUn:
  case Shape::Trap:
  case Shape::TrapIf:
  case Shape::Nop:
    return Payload::None;
  case Shape::MulWide:
  case Shape::MulWide3:
  case Shape::DivS:
  case Shape::DivU:
    return Payload::More;
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
  case Shape::SILStore:
  case Shape::SIStore:
  case Shape::SIYStore:
    return Payload::Mem;
  case Shape::RIBin:
  case Shape::RILoad:
  case Shape::RICmp:
  case Shape::RILBin:
  case Shape::RILLoad:
  case Shape::RILCmp:
  case Shape::RIEd3:
  case Shape::RIEgCMov:
  case Shape::LoadConst64:
  case Shape::LoadConstPool64:
  case Shape::LoadFpuConst32:
  case Shape::LoadFpuConst64:
    return Payload::Imm;
  case Shape::RILbAddr:
  case Shape::RILbLoad:
  case Shape::RILbStore:
  case Shape::BranchRel:
  case Shape::BranchRelLong:
  case Shape::CondBranch:
    return Payload::Labels;
  case Shape::RIEfRot:
    return Payload::Rot;
  case Shape::CallReg:
  case Shape::CallKnown:
  case Shape::Args:
  case Shape::Rets:
  case Shape::JumpTableSeq:
  case Shape::LoadSymbol:
  case Shape::LoadVecConst:
    return Payload::Extra;
  }
  return Payload::None;
}

[[maybe_unused]] bool immFits(ImmKind k, int64_t v) {
  switch (k) {
  case ImmKind::None:
    return v == 0;
  case ImmKind::S16:
    return v >= INT16_MIN && v <= INT16_MAX;
  case ImmKind::U16:
    return v >= 0 && v <= UINT16_MAX;
  case ImmKind::S32:
    return v >= INT32_MIN && v <= INT32_MAX;
  case ImmKind::U32:
    return v >= 0 && v <= int64_t(UINT32_MAX);
  case ImmKind::U8:
    return v >= 0 && v <= UINT8_MAX;
  }
  return false;
}

/// Every Long column names a row of the matching 20-bit shape.
constexpr bool longFormsMatch() {
  for (const FormInfo &f : detail::kFormInfos) {
    if (f.longForm < 0)
      continue;
    Shape l = detail::kFormInfos[f.longForm].shape;
    bool ok = (f.shape == Shape::RXLoad && l == Shape::RXYLoad) ||
              (f.shape == Shape::RXStore && l == Shape::RXYStore) ||
              (f.shape == Shape::RXBin && l == Shape::RXYBin) ||
              (f.shape == Shape::RXCmp && l == Shape::RXYCmp) ||
              (f.shape == Shape::SIStore && l == Shape::SIYStore);
    if (!ok || f.regs != detail::kFormInfos[f.longForm].regs)
      return false;
  }
  return true;
}
static_assert(longFormsMatch(), "Insts.def: a Long column names a row of the wrong shape");

constexpr std::string_view kFormNames[] = {
#define INST(F, ...) #F,
#define PSEUDO(F, ...) #F,
#include "target/s390x/Insts.def"
};

constexpr std::string_view kCondSuffixes[16] = {
#define COND(Name, suffix, mask) suffix,
#include "target/s390x/Insts.def"
};

} // namespace

std::string_view formName(Form f) { return kFormNames[static_cast<unsigned>(f)]; }

std::string_view condSuffix(CondMask m) { return kCondSuffixes[maskBits(m)]; }

Format formatOf(Shape s) {
  switch (s) {
  case Shape::Trap:
    return Format::E;
  case Shape::RRBin:
  case Shape::RRUn:
  case Shape::RRCmp:
  case Shape::BranchReg:
  case Shape::CallReg:
    return Format::RR;
  case Shape::RREBin:
  case Shape::RREUn:
  case Shape::RRECmp:
  case Shape::RREDef:
  case Shape::Flogr:
  case Shape::MulWide:
  case Shape::DivS:
  case Shape::DivU:
    return Format::RRE;
  case Shape::RRFa3:
  case Shape::RRFaSel:
  case Shape::MulWide3:
    return Format::RRFa;
  case Shape::RRFcCMov:
  case Shape::RRFcUn:
    return Format::RRFc;
  case Shape::RXLoad:
  case Shape::RXStore:
  case Shape::RXBin:
  case Shape::RXCmp:
  case Shape::BranchMem:
    return Format::RX;
  case Shape::RXYLoad:
  case Shape::RXYStore:
  case Shape::RXYBin:
  case Shape::RXYCmp:
    return Format::RXY;
  case Shape::RSShift:
    return Format::RS;
  case Shape::RSYShift:
  case Shape::RSYStoreMulti:
  case Shape::RSYLoadMulti:
    return Format::RSY;
  case Shape::VRXLoad:
  case Shape::VRXStore:
    return Format::VRX;
  case Shape::VRRUn:
    return Format::VRRa;
  case Shape::SILStore:
    return Format::SIL;
  case Shape::SIStore:
    return Format::SI;
  case Shape::SIYStore:
    return Format::SIY;
  case Shape::RIBin:
  case Shape::RILoad:
  case Shape::RICmp:
  case Shape::BranchRel:
    return Format::RI;
  case Shape::RILBin:
  case Shape::RILLoad:
  case Shape::RILCmp:
  case Shape::RILbAddr:
  case Shape::RILbLoad:
  case Shape::RILbStore:
  case Shape::BranchRelLong:
  case Shape::CallKnown:
    return Format::RIL;
  case Shape::RIEd3:
    return Format::RIEd;
  case Shape::RIEfRot:
    return Format::RIEf;
  case Shape::RIEgCMov:
    return Format::RIEg;
  case Shape::Args:
  case Shape::Rets:
  case Shape::CondBranch:
  case Shape::JumpTableSeq:
  case Shape::TrapIf:
  case Shape::LoadSymbol:
  case Shape::LoadConst64:
  case Shape::LoadConstPool64:
  case Shape::LoadFpuConst32:
  case Shape::LoadFpuConst64:
  case Shape::LoadVecConst:
  case Shape::Nop:
    return Format::Pseudo;
  }
  return Format::Pseudo;
}

unsigned formatSize(Format f) {
  switch (f) {
  case Format::E:
  case Format::RR:
    return 2;
  case Format::RRE:
  case Format::RRFa:
  case Format::RRFc:
  case Format::RX:
  case Format::RS:
  case Format::RI:
  case Format::SI:
    return 4;
  case Format::RXY:
  case Format::RSY:
  case Format::RIL:
  case Format::RIEd:
  case Format::RIEf:
  case Format::RIEg:
  case Format::SIL:
  case Format::SIY:
  case Format::VRX:
  case Format::VRRa:
    return 6;
  case Format::Pseudo:
    return 0;
  }
  return 0;
}

std::vector<ConstStep> const64Steps(uint64_t value) {
  const auto s = static_cast<int64_t>(value);
  if (s >= INT16_MIN && s <= INT16_MAX)
    return {{Form::Lghi, s}};
  // One nonzero 16-bit chunk: llill/llilh/llihl/llihh (4 bytes).
  constexpr Form kChunkLoads[4] = {Form::Llill, Form::Llilh, Form::Llihl, Form::Llihh};
  for (unsigned i = 0; i < 4; ++i)
    if ((value & ~(uint64_t(0xffff) << (16 * i))) == 0)
      return {{kChunkLoads[i], int64_t((value >> (16 * i)) & 0xffff)}};
  if (s >= INT32_MIN && s <= INT32_MAX)
    return {{Form::Lgfi, s}};
  uint64_t lo = value & 0xffffffffu, hi = value >> 32;
  if (hi == 0)
    return {{Form::Llilf, int64_t(lo)}};
  if (lo == 0)
    return {{Form::Llihf, int64_t(hi)}};
  return {{Form::Llihf, int64_t(hi)}, {Form::Iilf, int64_t(lo)}};
}

// ---- Ownership -------------------------------------------------------------------------

MInst::MInst(Form f) : form_(f) {}

bool MInst::hasExtra() const { return payloadOf(shape()) == Payload::Extra; }
bool MInst::hasMem() const { return payloadOf(shape()) == Payload::Mem; }

void MInst::setExtra(MInstExtra e) {
  assert(hasExtra());
  u_.extra = new MInstExtra(std::move(e));
}

void MInst::copyOwnedFrom(const MInst &o) {
  form_ = o.form_;
  small_ = o.small_;
  for (unsigned i = 0; i < 3; ++i)
    r_[i] = o.r_[i];
  if (o.hasExtra())
    u_.extra = new MInstExtra(*o.u_.extra);
  else
    u_ = o.u_;
}

void MInst::destroyOwned() {
  if (hasExtra())
    delete u_.extra;
  u_.extra = nullptr;
}

MInst::MInst(const MInst &o) { copyOwnedFrom(o); }

MInst::MInst(MInst &&o) noexcept : form_(o.form_), small_(o.small_) {
  for (unsigned i = 0; i < 3; ++i)
    r_[i] = o.r_[i];
  u_ = o.u_;
  if (o.hasExtra()) {
    // Leave the source a payload-free Trap so its destructor frees nothing.
    o.form_ = Form::Sckpf;
    o.u_.extra = nullptr;
  }
}

MInst &MInst::operator=(const MInst &o) {
  if (this != &o) {
    destroyOwned();
    copyOwnedFrom(o);
  }
  return *this;
}

MInst &MInst::operator=(MInst &&o) noexcept {
  if (this != &o) {
    destroyOwned();
    form_ = o.form_;
    small_ = o.small_;
    for (unsigned i = 0; i < 3; ++i)
      r_[i] = o.r_[i];
    u_ = o.u_;
    if (o.hasExtra()) {
      o.form_ = Form::Sckpf;
      o.u_.extra = nullptr;
    }
  }
  return *this;
}

MInst::~MInst() { destroyOwned(); }

Reg MInst::reg(unsigned slot) const {
  if (slot < 3)
    return r_[slot];
  assert(payloadOf(shape()) == Payload::More && slot < 7);
  return u_.more[slot - 3];
}

Reg &MInst::regRef(unsigned slot) {
  if (slot < 3)
    return r_[slot];
  assert(payloadOf(shape()) == Payload::More && slot < 7);
  return u_.more[slot - 3];
}

// ---- Construction ----------------------------------------------------------------------

namespace {
[[maybe_unused]] bool shapeIs(Form f, std::initializer_list<Shape> shapes) {
  for (Shape s : shapes)
    if (formInfo(f).shape == s)
      return true;
  return false;
}
} // namespace

MInst MInst::alu(Form f, Reg dst, Reg src1, Reg src2) {
  assert(shapeIs(f, {Shape::RRBin, Shape::RREBin, Shape::RRFa3}));
  MInst i(f);
  i.r_[0] = dst;
  i.r_[1] = src1;
  i.r_[2] = src2;
  return i;
}

MInst MInst::rr(Form f, Reg dst, Reg src) {
  assert(shapeIs(f, {Shape::RRUn, Shape::RREUn, Shape::RRFcUn, Shape::VRRUn}));
  MInst i(f);
  i.r_[0] = dst;
  i.r_[1] = src;
  return i;
}

MInst MInst::cmp(Form f, Reg lhs, Reg rhs) {
  assert(shapeIs(f, {Shape::RRCmp, Shape::RRECmp}));
  MInst i(f);
  i.r_[0] = lhs;
  i.r_[1] = rhs;
  return i;
}

MInst MInst::loadZero(Form f, Reg dst) {
  assert(shapeIs(f, {Shape::RREDef}));
  MInst i(f);
  i.r_[0] = dst;
  return i;
}

MInst MInst::select(Form f, CondMask m, Reg dst, Reg ifTrue, Reg ifFalse) {
  assert(shapeIs(f, {Shape::RRFaSel}));
  MInst i(f);
  i.setMask(m);
  i.r_[0] = dst;
  i.r_[1] = ifTrue;
  i.r_[2] = ifFalse;
  return i;
}

MInst MInst::cmov(Form f, CondMask m, Reg dst, Reg ifFalse, Reg ifTrue) {
  assert(shapeIs(f, {Shape::RRFcCMov}));
  MInst i(f);
  i.setMask(m);
  i.r_[0] = dst;
  i.r_[1] = ifFalse;
  i.r_[2] = ifTrue;
  return i;
}

MInst MInst::cmovImm(Form f, CondMask m, Reg dst, Reg ifFalse, int16_t imm) {
  assert(shapeIs(f, {Shape::RIEgCMov}));
  MInst i(f);
  i.setMask(m);
  i.r_[0] = dst;
  i.r_[1] = ifFalse;
  i.u_.imm64 = imm;
  return i;
}

MInst MInst::flogr(Reg count, Reg clobbered, Reg src) {
  MInst i(Form::Flogr);
  i.r_[0] = count;
  i.r_[1] = clobbered;
  i.r_[2] = src;
  return i;
}

MInst MInst::mulWide(Form f, Reg dstHi, Reg dstLo, Reg src1, Reg src2) {
  assert(shapeIs(f, {Shape::MulWide, Shape::MulWide3}));
  MInst i(f);
  i.r_[0] = dstHi;
  i.r_[1] = dstLo;
  i.r_[2] = src1;
  i.u_.more[0] = src2;
  return i;
}

MInst MInst::divS(Form f, Reg rem, Reg quot, Reg dividend, Reg divisor) {
  assert(shapeIs(f, {Shape::DivS}));
  MInst i(f);
  i.r_[0] = rem;
  i.r_[1] = quot;
  i.r_[2] = dividend;
  i.u_.more[0] = divisor;
  return i;
}

MInst MInst::divU(Form f, Reg rem, Reg quot, Reg dividendHi, Reg dividendLo, Reg divisor) {
  assert(shapeIs(f, {Shape::DivU}));
  MInst i(f);
  i.r_[0] = rem;
  i.r_[1] = quot;
  i.r_[2] = dividendHi;
  i.u_.more[0] = dividendLo;
  i.u_.more[1] = divisor;
  return i;
}

MInst MInst::load(Form f, Reg dst, MemArg mem) {
  assert(shapeIs(f, {Shape::RXLoad, Shape::RXYLoad, Shape::VRXLoad}));
  MInst i(f);
  i.r_[0] = dst;
  i.u_.mem = mem;
  return i;
}

MInst MInst::store(Form f, Reg src, MemArg mem) {
  assert(shapeIs(f, {Shape::RXStore, Shape::RXYStore, Shape::VRXStore}));
  MInst i(f);
  i.r_[0] = src;
  i.u_.mem = mem;
  return i;
}

MInst MInst::aluMem(Form f, Reg dst, Reg src1, MemArg mem) {
  assert(shapeIs(f, {Shape::RXBin, Shape::RXYBin}));
  MInst i(f);
  i.r_[0] = dst;
  i.r_[1] = src1;
  i.u_.mem = mem;
  return i;
}

MInst MInst::cmpMem(Form f, Reg lhs, MemArg mem) {
  assert(shapeIs(f, {Shape::RXCmp, Shape::RXYCmp}));
  MInst i(f);
  i.r_[0] = lhs;
  i.u_.mem = mem;
  return i;
}

MInst MInst::shift(Form f, Reg dst, Reg src, Reg amountReg, int32_t amount) {
  assert(shapeIs(f, {Shape::RSShift, Shape::RSYShift}));
  assert(f == Form::Sll || f == Form::Srl || f == Form::Sra ? (amount >= 0 && amount < 4096)
                                                             : (amount >= -(1 << 19) && amount < (1 << 19)));
  MInst i(f);
  i.r_[0] = dst;
  i.r_[1] = src;
  i.u_.mem = MemArg::bd(amountReg, amount);
  return i;
}

MInst MInst::multi(Form f, PReg first, PReg last, MemArg mem) {
  assert(shapeIs(f, {Shape::RSYStoreMulti, Shape::RSYLoadMulti}));
  MInst i(f);
  i.r_[0] = Reg(first);
  i.r_[1] = Reg(last);
  i.u_.mem = mem;
  return i;
}

MInst MInst::storeImm(Form f, MemArg mem, int32_t imm) {
  assert(shapeIs(f, {Shape::SILStore, Shape::SIStore, Shape::SIYStore}));
  assert(immFits(formInfo(f).imm, imm));
  MInst i(f);
  i.small_ = static_cast<uint16_t>(imm);
  i.u_.mem = mem;
  return i;
}

MInst MInst::aluImm(Form f, Reg dst, Reg src, int64_t imm) {
  assert(shapeIs(f, {Shape::RIBin, Shape::RILBin, Shape::RIEd3}));
  assert(immFits(formInfo(f).imm, imm));
  MInst i(f);
  i.r_[0] = dst;
  i.r_[1] = src;
  i.u_.imm64 = imm;
  return i;
}

MInst MInst::loadImm(Form f, Reg dst, int64_t imm) {
  assert(shapeIs(f, {Shape::RILoad, Shape::RILLoad}));
  assert(immFits(formInfo(f).imm, imm));
  MInst i(f);
  i.r_[0] = dst;
  i.u_.imm64 = imm;
  return i;
}

MInst MInst::cmpImm(Form f, Reg lhs, int64_t imm) {
  assert(shapeIs(f, {Shape::RICmp, Shape::RILCmp}));
  assert(immFits(formInfo(f).imm, imm));
  MInst i(f);
  i.r_[0] = lhs;
  i.u_.imm64 = imm;
  return i;
}

MInst MInst::rotate(Form f, Reg dst, Reg src1, Reg src2, uint8_t i3, uint8_t i4, uint8_t i5) {
  assert(shapeIs(f, {Shape::RIEfRot}));
  MInst i(f);
  i.r_[0] = dst;
  i.r_[1] = src1;
  i.r_[2] = src2;
  i.u_.rot[0] = i3;
  i.u_.rot[1] = i4;
  i.u_.rot[2] = i5;
  return i;
}

MInst MInst::pcRel(Form f, Reg reg, Label target) {
  assert(shapeIs(f, {Shape::RILbAddr, Shape::RILbLoad, Shape::RILbStore}));
  MInst i(f);
  i.r_[0] = reg;
  i.u_.labels[0] = target.id;
  return i;
}

MInst MInst::branch(Form f, CondMask m, Label target) {
  assert(shapeIs(f, {Shape::BranchRel, Shape::BranchRelLong}));
  MInst i(f);
  i.setMask(m);
  i.u_.labels[0] = target.id;
  return i;
}

MInst MInst::branchReg(CondMask m, Reg target) {
  MInst i(Form::Bcr);
  i.setMask(m);
  i.r_[0] = target;
  return i;
}

MInst MInst::branchMem(CondMask m, MemArg mem) {
  MInst i(Form::Bc);
  i.setMask(m);
  i.u_.mem = mem;
  return i;
}

MInst MInst::condBranch(CondMask m, Label taken, Label notTaken) {
  MInst i(Form::CondBranch);
  i.setMask(m);
  i.u_.labels[0] = taken.id;
  i.u_.labels[1] = notTaken.id;
  return i;
}

MInst MInst::jumpTableSeq(Reg idx, std::vector<Label> targets) {
  assert(!targets.empty() && "the default target comes first");
  MInst i(Form::JumpTableSeq);
  i.r_[0] = idx;
  i.setExtra(std::move(targets));
  return i;
}

MInst MInst::callKnown(CallInfo info) {
  MInst i(Form::Brasl);
  i.r_[0] = Reg(regs::returnAddress());
  i.setExtra(std::move(info));
  return i;
}

MInst MInst::callReg(Reg target, CallInfo info) {
  MInst i(Form::Basr);
  i.r_[0] = Reg(regs::returnAddress());
  i.r_[1] = target;
  i.setExtra(std::move(info));
  return i;
}

MInst MInst::trap(ir::TrapCode code) {
  MInst i(Form::Sckpf);
  i.setTrapCode(code);
  return i;
}

MInst MInst::trapIf(CondMask m, ir::TrapCode code) {
  MInst i(Form::TrapIf);
  i.setMask(m);
  i.setTrapCode(code);
  return i;
}

MInst MInst::loadSymbol(Reg dst, SymbolRef sym, ExtNameKind kind) {
  MInst i(Form::LoadSymbol);
  i.r_[0] = dst;
  i.setExtra(ExtNameInfo{std::move(sym), kind});
  return i;
}

MInst MInst::loadConst64(Reg dst, uint64_t value) {
  MInst i(Form::LoadConst64);
  i.r_[0] = dst;
  i.u_.imm64 = static_cast<int64_t>(value);
  return i;
}

MInst MInst::loadConstPool64(Reg dst, uint64_t value) {
  MInst i(Form::LoadConstPool64);
  i.r_[0] = dst;
  i.u_.imm64 = static_cast<int64_t>(value);
  return i;
}

MInst MInst::loadFpuConst32(Reg dst, uint32_t bits) {
  MInst i(Form::LoadFpuConst32);
  i.r_[0] = dst;
  i.u_.imm64 = bits;
  return i;
}

MInst MInst::loadFpuConst64(Reg dst, uint64_t bits) {
  MInst i(Form::LoadFpuConst64);
  i.r_[0] = dst;
  i.u_.imm64 = static_cast<int64_t>(bits);
  return i;
}

MInst MInst::loadVecConst(Reg dst, std::array<uint8_t, 16> bytes) {
  MInst i(Form::LoadVecConst);
  i.r_[0] = dst;
  i.setExtra(bytes);
  return i;
}

MInst MInst::nop(unsigned length) {
  assert(length % 2 == 0 && length <= UINT16_MAX);
  MInst i(Form::Nop);
  i.small_ = static_cast<uint16_t>(length);
  return i;
}

MInst MInst::args(std::vector<RegBinding> defs) {
  MInst i(Form::Args);
  i.setExtra(std::move(defs));
  return i;
}

MInst MInst::rets(std::vector<RegBinding> uses) {
  MInst i(Form::Rets);
  i.setExtra(std::move(uses));
  return i;
}

MInst MInst::genMove(Reg dst, Reg src, RegClass cls) {
  switch (cls) {
  case RegClass::Int:
    return rr(Form::Lgr, dst, src);
  case RegClass::Float:
    return rr(Form::Vlr, dst, src);
  case RegClass::Vector:
    break;
  }
  assert(false && "s390x has no Vector register class");
  return rr(Form::Vlr, dst, src);
}

MInst MInst::genSpill(Reg src, RegClass cls, PReg base, int32_t disp) {
  MemArg mem = MemArg::bd(Reg(base), disp);
  switch (cls) {
  case RegClass::Int:
    return store(Form::Stg, src, mem);
  case RegClass::Float:
    return store(Form::Vst, src, mem);
  case RegClass::Vector:
    break;
  }
  assert(false && "s390x has no Vector register class");
  return store(Form::Vst, src, mem);
}

MInst MInst::genReload(Reg dst, RegClass cls, PReg base, int32_t disp) {
  MemArg mem = MemArg::bd(Reg(base), disp);
  switch (cls) {
  case RegClass::Int:
    return load(Form::Lg, dst, mem);
  case RegClass::Float:
    return load(Form::Vl, dst, mem);
  case RegClass::Vector:
    break;
  }
  assert(false && "s390x has no Vector register class");
  return load(Form::Vl, dst, mem);
}

// ---- Queries ---------------------------------------------------------------------------

bool MInst::isTerminator() const {
  switch (shape()) {
  case Shape::BranchRel:
  case Shape::BranchRelLong:
  case Shape::BranchReg:
    return mask() == CondMask::Always;
  case Shape::CondBranch:
  case Shape::JumpTableSeq:
  case Shape::Rets:
  case Shape::Trap:
    return true;
  case Shape::RRBin:
  case Shape::RRUn:
  case Shape::RRCmp:
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
  case Shape::CallKnown:
  case Shape::Args:
  case Shape::TrapIf:
  case Shape::LoadSymbol:
  case Shape::LoadConst64:
  case Shape::LoadConstPool64:
  case Shape::LoadFpuConst32:
  case Shape::LoadFpuConst64:
  case Shape::LoadVecConst:
  case Shape::Nop:
    return false;
  }
  return false;
}

bool MInst::isReturn() const { return shape() == Shape::Rets; }

std::optional<std::pair<Reg, Reg>> MInst::isMove() const {
  if (form_ == Form::Lgr || form_ == Form::Ldr || form_ == Form::Vlr)
    return std::make_pair(r_[0], r_[1]);
  return std::nullopt;
}

// Constants built from immediates only (none of them sets the condition code).
bool MInst::isRemat() const {
  Shape s = shape();
  return s == Shape::RILoad || s == Shape::RILLoad || s == Shape::LoadConst64;
}

MInst MInst::remat() const {
  assert(isRemat());
  return *this;
}

} // namespace irc::s390x
