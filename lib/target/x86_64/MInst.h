// MInst: one x86_64 machine instruction, as the lowering produces it (virtual registers) and
// as emission consumes it (physical registers after allocation).
//
// An MInst is a Form (a row of Insts.def), an operand size and a few operand fields. The
// row's Shape says which fields hold what; the same Shape drives the operand visitor below,
// the printer (Print.cpp) and the encoder (Emit.cpp), so the three can never disagree about
// which register is read, written or encoded where.
//
// Always:
// - sizeof(MInst) <= 32; rare payloads (calls, argument lists, jump tables, symbols) live out
//   of line and are owned by the instruction (copying an MInst copies them).
// - Two-address shapes (AluRR, UnaryR, ShiftR*, CmovR*) have dst and src1 in one register
//   after allocation: the visitor declares reuseDef(dst, 0) with src1 as operand 0.
// - Physical registers written directly into an instruction (rsp, rbp, a register the ABI
//   fixed by hand) are never passed to the visitor; both fields of a two-address pair are
//   then physical and equal.
#pragma once

#include "codegen/ir/CondCodes.h"
#include "codegen/ir/ExternalName.h"
#include "codegen/ir/TrapCode.h"
#include "codegen/mach/MachBuffer.h"
#include "codegen/mach/MachInst.h"
#include "target/TargetInfo.h"
#include "target/x86_64/Regs.h"

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace irc::x86_64 {

using mach::Label;
using mach::PReg;
using mach::Reg;
using mach::RegClass;

/// Whether a register field is set. A default Reg() means "no register" (an Amode without
/// base or index); note that Reg().isValid() is true today (its bits carry the physical bit,
/// see mach/Reg.h), so this layer compares with Reg() instead.
constexpr bool hasReg(Reg r) { return r != Reg(); }

enum class Form : uint16_t {
#define INST(Form, ...) Form,
#define PSEUDO(Form, ...) Form,
#include "target/x86_64/Insts.def"
};

enum class CondCode : uint8_t {
#define COND(Name, name, bits) Name = bits,
#include "target/x86_64/Insts.def"
};
constexpr CondCode invert(CondCode c) { return static_cast<CondCode>(static_cast<uint8_t>(c) ^ 1); }
std::string_view condName(CondCode c);
/// The flags condition after `cmp b, a` (AT&T: a - b) for `icmp cc a, b`.
CondCode condOf(ir::IntCC cc);

/// Operand roles of a form. "dst" is written, "src" read; a two-address dst shares src1's
/// register. Registers are general registers of the form's size unless said otherwise.
enum class Shape : uint8_t {
  AluRR,      // dst = src1 op src2                         add %src2, %dst
  AluRM,      // dst = src1 op [mem]                        add mem, %dst
  AluRI,      // dst = src1 op imm                          add $imm, %dst
  AluMR,      // [mem] op= src                              add %src, mem
  AluMI,      // [mem] op= imm                              add $imm, mem
  CmpRR,      // flags of lhs op rhs                        cmp %rhs, %lhs
  CmpRM,      // flags of lhs op [mem]                      cmp mem, %lhs
  CmpRI,      // flags of lhs op imm                        cmp $imm, %lhs
  CmpMR,      // flags of [mem] op rhs                      cmp %rhs, mem
  CmpMI,      // flags of [mem] op imm                      cmp $imm, mem
  UnaryR,     // dst = op src (two-address)                 neg %dst
  ShiftRCl,   // dst = src shifted by count (count in rcx)  shl %cl, %dst
  ShiftRI,    // dst = src shifted by imm                   shl $imm, %dst
  ImulRRI,    // dst = src * imm                            imul $imm, %src, %dst
  ImulRMI,    // dst = [mem] * imm                          imul $imm, mem, %dst
  MulWide,    // rdx:rax (hi, lo) = rax (src1) * src2       mul %src2
  DivWide,    // rax (quot), rdx (rem) = rdx:rax / divisor  div %divisor
  Mul8,       // ax (dst) = al (src1) * src2                mul %src2
  Div8,       // al, ah (dst) = ax (dividend) / divisor     div %divisor
  SignExtend, // rdx (dst) = sign of rax (src)              cqto
  Setcc,      // dst (8 bits) = cc                          sete %dst
  CmovRR,     // dst = cc ? src2 : src1 (two-address)       cmove %src2, %dst
  CmovRM,     // dst = cc ? [mem] : src1                    cmove mem, %dst
  Ext8RR,     // dst = extend src (8-bit)                   movzbl %src, %dst
  Ext8RM,     // dst = extend [mem] (8-bit)
  Ext16RR,    // dst = extend src (16-bit)
  Ext16RM,
  Ext32RR, // dst = extend src (32-bit)                  movslq %src, %dst
  Ext32RM,
  MovRR,       // dst = src                                  mov %src, %dst
  MovRM,       // dst = [mem] (load)                         mov mem, %dst
  MovMR,       // [mem] = src (store)                        mov %src, mem
  MovMI,       // [mem] = imm                                mov $imm, mem
  MovRI,       // dst = imm (size Q: sign-extended imm32)    mov $imm, %dst
  MovAbsRI,    // dst = imm64                                movabsq $imm, %dst
  ZeroR,       // dst = 0 (clobbers the flags)               xorl %dst, %dst
  Lea,         // dst = address of mem (no access)           lea mem, %dst
  UnRR,        // dst = op src                               lzcnt %src, %dst
  UnRM,        // dst = op [mem]
  PushR,       // push src (64-bit)
  PopR,        // dst = pop (64-bit)
  Jmp,         // jmp label (relaxable rel8/rel32)
  JmpCond,     // if cc goto taken else notTaken (jcc, + jmp unless one falls through)
  JmpR,        // jmp *target
  JmpM,        // jmp *[mem]
  CallKnown,   // call symbol (rel32 via the PLT), payload CallInfo
  CallR,       // call *target, payload CallInfo
  CallM,       // call *[mem], payload CallInfo (the Amode is in the payload)
  Ret,         // ret
  RetImm,      // ret $imm16
  Ud2,         // ud2, recorded as a trap
  XmmRR,       // xmm dst = xmm src                          movaps %src, %dst
  XmmRM,       // xmm dst = [mem]
  XmmMR,       // [mem] = xmm src
  GprToXmm,    // xmm dst = gpr src (L: movd, Q: movq)
  XmmToGpr,    // gpr dst = xmm src
  Args,        // pseudo: defines incoming arguments in fixed registers
  Rets,        // pseudo: uses return values in fixed registers; the epilogue
  JmpTableSeq, // pseudo: lea table; movslq (table,idx,4); add; jmp *; table
  TrapIf,      // pseudo: trap with a code if cc holds
  LoadExtName, // pseudo: dst = address of symbol+addend
  Nop,         // pseudo: a NOP of any length
};

// Insts.def column types.
enum class WMode : uint8_t { Wsz, W0, W1 };
enum class OpMap : uint8_t { M_1, M_0F, M_66_0F, M_F2_0F, M_F3_0F };
enum class ModRMKind : uint8_t { MR, RM, D0, D1, D2, D3, D4, D5, D6, D7, O, NA };

/// Bit masks over OpSize for the Sizes column.
namespace sizes {
inline constexpr uint8_t None = 0, B = 1, W = 2, L = 4, Q = 8;
inline constexpr uint8_t LQ = L | Q, WLQ = W | L | Q, BWLQ = B | W | L | Q;
} // namespace sizes
constexpr uint8_t sizeBit(OpSize s) { return uint8_t(1u << static_cast<unsigned>(s)); }

/// One Insts.def row.
struct FormInfo {
  std::string_view mnemonic;
  Shape shape;
  uint8_t sizes;
  WMode w;
  OpMap map;
  int16_t op, op8, opS, opA; // -1: none
  ModRMKind modrm;
  std::optional<target::X86_64Flag> feature;
  bool pseudo;
};

namespace detail {
inline constexpr int16_t No = -1;

/// The X86_64Flag named by an Insts.def Feature column ("Always": none). An unknown name
/// stops compilation: the throw makes the table initializer non-constant.
constexpr std::optional<target::X86_64Flag> featureNamed(std::string_view name) {
#define ISA_FLAG(Enumerator, flagName, doc)                                                        \
  if (name == #Enumerator)                                                                         \
    return target::X86_64Flag::Enumerator;
#include "target/x86_64/IsaFlags.def"
  if (name == "Always")
    return std::nullopt;
  throw "Insts.def: unknown Feature";
}

// clang-format off
inline constexpr FormInfo kFormInfos[] = {
#define INST(Form, mnemonic, Sh, Sz, Wm, Map, Op, Op8, OpS, OpA, ModRM, Feature)                   \
  FormInfo{mnemonic, Shape::Sh, sizes::Sz, WMode::Wm, OpMap::Map, Op, Op8, OpS, OpA,               \
           ModRMKind::ModRM, featureNamed(#Feature), false},
#define PSEUDO(Form, mnemonic, Sh)                                                                 \
  FormInfo{mnemonic, Shape::Sh, sizes::None, WMode::W0, OpMap::M_1, No, No, No, No,                \
           ModRMKind::NA, std::nullopt, true},
#include "target/x86_64/Insts.def"
};
// clang-format on
} // namespace detail

inline constexpr unsigned kNumForms = std::size(detail::kFormInfos);
constexpr const FormInfo &formInfo(Form f) { return detail::kFormInfos[static_cast<unsigned>(f)]; }
std::string_view formName(Form f); // the enumerator, "AddRR"

/// A symbol and an addend: what a relocation points at.
struct SymbolRef {
  ir::ExternalName name;
  int64_t addend = 0;
};

/// A memory operand: base + index * scale + disp, or RIP-relative to a label (a block, a
/// constant) or to symbol + addend. It also carries the trap code of the access (none for
/// accesses that cannot fault), which emission records at the instruction's start.
class Amode {
public:
  enum class Kind : uint8_t { BaseIndex, RipLabel, RipSymbol };

  Amode() : Amode(Kind::BaseIndex) {}
  static Amode base(Reg base, int32_t disp = 0);
  /// scale is 1, 2, 4 or 8; base may be an invalid Reg (index only); index is never rsp.
  static Amode baseIndex(Reg base, Reg index, unsigned scale, int32_t disp = 0);
  static Amode rip(Label label);
  static Amode rip(ir::ExternalName symbol, int64_t addend = 0);

  Amode withTrap(ir::TrapCode code) const {
    Amode a = *this;
    a.trap_ = code;
    return a;
  }
  Amode withDisp(int32_t disp) const; // BaseIndex only

  Kind kind() const { return kind_; }
  Reg base() const { return regs_.base; }
  Reg index() const { return regs_.index; }
  Reg &baseRef() { return regs_.base; }
  Reg &indexRef() { return regs_.index; }
  unsigned scale() const { return 1u << scaleLog2_; }
  unsigned scaleLog2() const { return scaleLog2_; }
  int32_t disp() const { return disp_; }
  Label label() const {
    assert(kind_ == Kind::RipLabel);
    return Label{label_};
  }
  const SymbolRef &symbol() const {
    assert(kind_ == Kind::RipSymbol);
    return *sym_;
  }
  ir::TrapCode trap() const { return trap_; }

  /// Registers of a BaseIndex mode, for the operand visitor (all uses).
  template <mach::OperandVisitor V> void visit(V &v);

  Amode(const Amode &o);
  Amode(Amode &&o) noexcept;
  Amode &operator=(const Amode &o);
  Amode &operator=(Amode &&o) noexcept;
  ~Amode();

private:
  explicit Amode(Kind k) : regs_{}, disp_(0), scaleLog2_(0), kind_(k), trap_() {}
  union {
    struct {
      Reg base, index;
    } regs_;
    uint32_t label_;
    SymbolRef *sym_; // owned
  };
  int32_t disp_;
  uint8_t scaleLog2_;
  Kind kind_;
  ir::TrapCode trap_;
};
static_assert(sizeof(Amode) == 16);

/// A virtual (or physical) register bound to a fixed physical register at an instruction.
struct RegBinding {
  Reg reg;
  PReg preg;
};

/// What a call needs beyond its target: arguments and results in fixed registers, what it
/// clobbers, and its exception handlers and patchability.
struct CallInfo {
  ir::ExternalName callee;      // CallKnown
  Amode targetMem;              // CallM
  std::vector<RegBinding> uses; // arguments
  std::vector<RegBinding> defs; // results
  mach::PRegSet clobbers;       // beyond the defs
  /// try_call: (tag or default, handler label); recorded as a call site when non-empty.
  std::vector<std::pair<std::optional<uint32_t>, Label>> handlers;
  bool patchable = false; // CallKnown: record a 5-byte patch site
  /// return_call: the target's emitter runs the epilogue and jumps instead of calling.
  /// The callee's stack arguments (argBytes, stored at 0(%rsp) upward by the lowering)
  /// are moved to end argsEnd bytes above the incoming argument area's start.
  struct TailCall {
    uint32_t argBytes = 0;
    uint32_t argsEnd = 0;
  };
  std::optional<TailCall> tail;
  /// Stack-argument bytes the callee pops (callee-pop conventions): the target's emitter
  /// reserves them again right after the call, before any other instruction runs.
  uint32_t calleePopBytes = 0;
};

/// How LoadExtName materializes an address.
enum class ExtNameKind : uint8_t {
  RipRelative, // leaq sym+a(%rip), %dst              (colocated; R_X86_64_PC32)
  Absolute,    // movabsq $sym+a, %dst                (R_X86_64_64)
  Got,         // movq sym@GOTPCREL(%rip), %dst [; leaq a(%dst), %dst]
};

struct ExtNameInfo {
  SymbolRef sym;
  ExtNameKind kind = ExtNameKind::RipRelative;
};

/// Out-of-line payloads: one per payload shape.
using MInstExtra = std::variant<CallInfo, std::vector<RegBinding>, std::vector<Label>, ExtNameInfo>;

/// The per-function facts emission needs.
struct EmitInfo {
  /// Checked against each form's Feature column when set (tests leave it null).
  const target::IsaFlags *isaFlags = nullptr;
  /// The label bound right after the instruction being emitted, if any: the driver sets it
  /// to the next block's label for a block's last instruction, so JmpCond can fall through.
  Label fallthrough{};
  /// Emits the epilogue (ending in ret) for Rets; without one, Rets emits a bare ret.
  struct EpilogueEmitter {
    virtual ~EpilogueEmitter() = default;
    virtual void emitEpilogue(mach::MachBuffer &buf) const = 0;
  };
  const EpilogueEmitter *epilogue = nullptr;
};

class MInst {
public:
  // ---- Construction (the lowering's vocabulary). Each asserts the form's shape and size.
  static MInst aluRR(Form f, OpSize s, Reg dst, Reg src1, Reg src2);
  static MInst aluRM(Form f, OpSize s, Reg dst, Reg src1, Amode src2);
  static MInst aluRI(Form f, OpSize s, Reg dst, Reg src1, int32_t imm);
  static MInst aluMR(Form f, OpSize s, Amode dst, Reg src);
  static MInst aluMI(Form f, OpSize s, Amode dst, int32_t imm);
  static MInst cmpRR(Form f, OpSize s, Reg lhs, Reg rhs);
  static MInst cmpRM(Form f, OpSize s, Reg lhs, Amode rhs);
  static MInst cmpRI(Form f, OpSize s, Reg lhs, int32_t imm);
  static MInst cmpMR(Form f, OpSize s, Amode lhs, Reg rhs);
  static MInst cmpMI(Form f, OpSize s, Amode lhs, int32_t imm);
  static MInst unary(Form f, OpSize s, Reg dst, Reg src);
  static MInst shiftCl(Form f, OpSize s, Reg dst, Reg src, Reg count);
  static MInst shiftImm(Form f, OpSize s, Reg dst, Reg src, uint8_t amount);
  static MInst imulRRI(OpSize s, Reg dst, Reg src, int32_t imm);
  static MInst imulRMI(OpSize s, Reg dst, Amode src, int32_t imm);
  /// MulR/ImulR: (dstHi:dstLo) = src1 * src2, with src1 and dstLo in rax, dstHi in rdx.
  static MInst mulWide(Form f, OpSize s, Reg dstLo, Reg dstHi, Reg src1, Reg src2);
  /// DivR/IdivR: dividend in rdx:rax; quotient to rax, remainder to rdx. `trap` is recorded
  /// at the div (integer_division_by_zero, or none when the lowering checked the divisor).
  static MInst divWide(Form f, OpSize s, Reg quot, Reg rem, Reg dividendLo, Reg dividendHi,
                       Reg divisor, ir::TrapCode trap);
  /// Mul8R/Imul8R: ax (dst) = al (src1) * src2.
  static MInst mul8(Form f, Reg dst, Reg src1, Reg src2);
  /// Div8R/Idiv8R: al = ax / divisor, ah = ax % divisor; dst and dividend in rax.
  static MInst div8(Form f, Reg dst, Reg dividend, Reg divisor, ir::TrapCode trap);
  /// cwtd/cltd/cqto by size: dst (rdx) = sign of src (rax).
  static MInst signExtendRax(OpSize s, Reg dst, Reg src);
  static MInst setcc(CondCode cc, Reg dst);
  static MInst cmovRR(CondCode cc, OpSize s, Reg dst, Reg ifFalse, Reg ifTrue);
  static MInst cmovRM(CondCode cc, OpSize s, Reg dst, Reg ifFalse, Amode ifTrue);
  /// Register-to-register forms with a separate dst: MovRR, Ext*RR, UnRR, XmmRR, GprToXmm,
  /// XmmToGpr. For Ext*RR the size is the destination's.
  static MInst rr(Form f, OpSize s, Reg dst, Reg src);
  /// Loads and address computations: MovRM, Ext*RM, UnRM, XmmRM, Lea.
  static MInst rm(Form f, OpSize s, Reg dst, Amode src);
  /// Stores: MovMR, XmmMR.
  static MInst mr(Form f, OpSize s, Amode dst, Reg src);
  static MInst movMI(OpSize s, Amode dst, int32_t imm);
  /// MovRI: size L zero-extends to 64 bits, size Q sign-extends the imm32.
  static MInst movRI(OpSize s, Reg dst, int32_t imm);
  static MInst movAbs(Reg dst, int64_t imm);
  /// XorZeroR: dst = 0 (all 64 bits) as `xorl %dst, %dst`. It clobbers the flags, so the
  /// lowering uses it only where no flags are live (an iconst's own group), never between
  /// a flag producer and its consumer.
  static MInst zero(Reg dst);
  /// The shortest mov for a 64-bit constant (movl, movq $simm32 or movabsq); flags kept.
  static MInst loadConst64(Reg dst, uint64_t value);
  static MInst push(Reg src);
  static MInst pop(Reg dst);
  static MInst jmp(Label target);
  static MInst jmpCond(CondCode cc, Label taken, Label notTaken);
  static MInst jmpReg(Reg target);
  static MInst jmpMem(Amode target);
  /// br_table after the bounds check: idx is zero-extended to 64 bits; tmp1/tmp2 are
  /// scratch vregs (early defs).
  static MInst jmpTableSeq(Reg idx, Reg tmp1, Reg tmp2, std::vector<Label> targets);
  static MInst callKnown(CallInfo info); // info.callee set
  static MInst callReg(Reg target, CallInfo info);
  static MInst callMem(CallInfo info); // info.targetMem set
  static MInst ret(uint16_t popBytes = 0);
  static MInst ud2(ir::TrapCode code);
  /// Traps with `code` when cc holds. Emitted inline as `j<!cc> +2; ud2` (4 bytes; the trap
  /// is recorded at the ud2), so the common path takes a short forward branch.
  static MInst trapIf(CondCode cc, ir::TrapCode code);
  static MInst nop(unsigned length);
  static MInst args(std::vector<RegBinding> defs);
  static MInst rets(std::vector<RegBinding> uses);
  static MInst loadExtName(Reg dst, ir::ExternalName name, int64_t addend, ExtNameKind kind);

  /// Register-to-register copy of a whole register of the class (movq / movaps).
  static MInst genMove(Reg dst, Reg src, RegClass cls);
  /// Spill src to disp(base) and reload dst from it; base is rsp or rbp. Int spills use 8
  /// bytes (movq), Float ones 16 (movups).
  static MInst genSpill(Reg src, RegClass cls, PReg base, int32_t disp);
  static MInst genReload(Reg dst, RegClass cls, PReg base, int32_t disp);

  // ---- Queries (the machine layer's contract, MachInst.h).
  template <mach::OperandVisitor V> void visitOperands(V &v);
  bool isTerminator() const;
  bool isReturn() const;
  std::optional<std::pair<Reg, Reg>> isMove() const;
  bool isRemat() const;
  MInst remat() const;
  std::string print() const; // Print.cpp

  // ---- Field access (emission, printing, tests).
  Form form() const { return form_; }
  const FormInfo &info() const { return formInfo(form_); }
  Shape shape() const { return info().shape; }
  OpSize size() const { return size_; }
  CondCode cond() const { return static_cast<CondCode>(aux_); }
  ir::TrapCode trapCode() const; // Ud2, DivWide, Div8, TrapIf
  int32_t imm() const { return imm_; }
  int64_t imm64() const { return u_.imm64; }
  unsigned nopLength() const { return static_cast<unsigned>(imm_); }
  /// Register slots (see MInst.cpp for which shape uses which): 0 and 1 always exist; 2..5
  /// only in shapes without a memory operand, a payload or an imm64.
  Reg reg(unsigned slot) const;
  Reg &regRef(unsigned slot);
  bool hasMem() const; // the shape has an Amode in the instruction (CallM keeps its own)
  const Amode &mem() const {
    assert(hasMem());
    return u_.mem;
  }
  Amode &memRef() {
    assert(hasMem());
    return u_.mem;
  }
  Label label(unsigned i) const { return Label{u_.labels[i]}; }
  const MInstExtra &extra() const { return *u_.payload.extra; }
  MInstExtra &extraRef() { return *u_.payload.extra; }
  const CallInfo &callInfo() const { return std::get<CallInfo>(extra()); }
  const std::vector<RegBinding> &bindings() const {
    return std::get<std::vector<RegBinding>>(extra());
  }
  const std::vector<Label> &jumpTargets() const { return std::get<std::vector<Label>>(extra()); }
  const ExtNameInfo &extName() const { return std::get<ExtNameInfo>(extra()); }

  MInst(const MInst &o);
  MInst(MInst &&o) noexcept;
  MInst &operator=(const MInst &o);
  MInst &operator=(MInst &&o) noexcept;
  ~MInst();

private:
  MInst(Form f, OpSize s);
  bool hasExtra() const;
  void setExtra(MInstExtra e);
  void copyOwnedFrom(const MInst &o);
  void destroyOwned();

  Form form_;
  OpSize size_;
  uint8_t aux_ = 0; // CondCode, or TrapCode (Ud2, DivWide, Div8)
  int32_t imm_ = 0; // immediate; TrapIf: trap code; Nop: length
  Reg r_[2];
  union U {
    U() : more{} {}
    ~U() {}
    Reg more[4];        // register slots 2..5
    Amode mem;          // shapes with a memory operand
    int64_t imm64;      // MovAbsRI
    uint32_t labels[2]; // Jmp, JmpCond
    struct {
      MInstExtra *extra; // owned
      Reg r2, r3;        // JmpTableSeq's second temporary
    } payload;
  } u_;
};
static_assert(sizeof(MInst) <= 32, "MInst must stay compact (rare payloads out of line)");

/// Encodes one instruction (Emit.cpp). Registers must be physical.
void emit(const MInst &inst, mach::MachBuffer &buf, const EmitInfo &info);

// ---------------------------------------------------------------------------------------
// Operand visitor. Order per shape is fixed (collector and applier both run it); operand 0
// of a two-address shape is its src1.

namespace detail {
template <mach::OperandVisitor V> void use(V &v, Reg &r) {
  if (r.isVirtual())
    v.use(r);
}
template <mach::OperandVisitor V> void def(V &v, Reg &r) {
  if (r.isVirtual())
    v.def(r);
}
template <mach::OperandVisitor V> void earlyDef(V &v, Reg &r) {
  if (r.isVirtual())
    v.earlyDef(r);
}
template <mach::OperandVisitor V> void fixedUse(V &v, Reg &r, PReg p) {
  if (r.isVirtual())
    v.fixedUse(r, p);
  else
    assert(!hasReg(r) || r.preg() == p);
}
template <mach::OperandVisitor V> void fixedDef(V &v, Reg &r, PReg p) {
  if (r.isVirtual())
    v.fixedDef(r, p);
  else
    assert(!hasReg(r) || r.preg() == p);
}
/// Two-address pairs: both virtual (dst reuses operand 0, src1), or the same physical
/// register. Checked before visiting, since an applier rewrites src1 on the way.
inline void checkTwoAddr([[maybe_unused]] const Reg &dst, [[maybe_unused]] const Reg &src1) {
  assert((dst.isVirtual() ? src1.isVirtual() : dst == src1) &&
         "two-address dst and src1: both virtual, or the same physical register");
}
template <mach::OperandVisitor V> void reuseDef(V &v, Reg &dst) {
  if (dst.isVirtual())
    v.reuseDef(dst, 0);
}
} // namespace detail

template <mach::OperandVisitor V> void Amode::visit(V &v) {
  if (kind_ != Kind::BaseIndex)
    return;
  detail::use(v, regs_.base);
  detail::use(v, regs_.index);
}

template <mach::OperandVisitor V> void MInst::visitOperands(V &v) {
  using namespace detail;
  Reg *m = u_.more;
  switch (shape()) {
  case Shape::AluRR:
  case Shape::CmovRR:
    checkTwoAddr(r_[0], r_[1]);
    use(v, r_[1]);
    use(v, m[0]);
    reuseDef(v, r_[0]);
    return;
  case Shape::AluRM:
  case Shape::CmovRM:
    checkTwoAddr(r_[0], r_[1]);
    use(v, r_[1]);
    u_.mem.visit(v);
    reuseDef(v, r_[0]);
    return;
  case Shape::AluRI:
  case Shape::UnaryR:
  case Shape::ShiftRI:
    checkTwoAddr(r_[0], r_[1]);
    use(v, r_[1]);
    reuseDef(v, r_[0]);
    return;
  case Shape::ShiftRCl:
    checkTwoAddr(r_[0], r_[1]);
    use(v, r_[1]);
    fixedUse(v, m[0], regs::rcx());
    reuseDef(v, r_[0]);
    return;
  case Shape::AluMR:
  case Shape::CmpMR:
  case Shape::MovMR:
  case Shape::XmmMR:
    u_.mem.visit(v);
    use(v, r_[0]);
    return;
  case Shape::AluMI:
  case Shape::CmpMI:
  case Shape::MovMI:
  case Shape::JmpM:
    u_.mem.visit(v);
    return;
  case Shape::CmpRR:
    use(v, r_[0]);
    use(v, r_[1]);
    return;
  case Shape::CmpRM:
    use(v, r_[0]);
    u_.mem.visit(v);
    return;
  case Shape::CmpRI:
  case Shape::PushR:
  case Shape::JmpR:
    use(v, r_[0]);
    return;
  case Shape::ImulRRI:
  case Shape::Ext8RR:
  case Shape::Ext16RR:
  case Shape::Ext32RR:
  case Shape::MovRR:
  case Shape::UnRR:
  case Shape::XmmRR:
  case Shape::GprToXmm:
  case Shape::XmmToGpr:
    use(v, r_[1]);
    def(v, r_[0]);
    return;
  case Shape::ImulRMI:
  case Shape::Ext8RM:
  case Shape::Ext16RM:
  case Shape::Ext32RM:
  case Shape::MovRM:
  case Shape::Lea:
  case Shape::UnRM:
  case Shape::XmmRM:
    u_.mem.visit(v);
    def(v, r_[0]);
    return;
  case Shape::MulWide:
    fixedUse(v, m[0], regs::rax());
    use(v, m[1]);
    fixedDef(v, r_[0], regs::rax());
    fixedDef(v, r_[1], regs::rdx());
    return;
  case Shape::DivWide:
    fixedUse(v, m[0], regs::rax());
    fixedUse(v, m[1], regs::rdx());
    use(v, m[2]);
    fixedDef(v, r_[0], regs::rax());
    fixedDef(v, r_[1], regs::rdx());
    return;
  case Shape::Mul8:
  case Shape::Div8:
    fixedUse(v, m[0], regs::rax());
    use(v, m[1]);
    fixedDef(v, r_[0], regs::rax());
    return;
  case Shape::SignExtend:
    fixedUse(v, r_[1], regs::rax());
    fixedDef(v, r_[0], regs::rdx());
    return;
  case Shape::Setcc:
  case Shape::MovRI:
  case Shape::MovAbsRI:
  case Shape::ZeroR:
  case Shape::PopR:
  case Shape::LoadExtName:
    def(v, r_[0]);
    return;
  case Shape::CallKnown:
  case Shape::CallR:
  case Shape::CallM: {
    CallInfo &ci = std::get<CallInfo>(*u_.payload.extra);
    if (shape() == Shape::CallR)
      use(v, r_[0]);
    if (shape() == Shape::CallM)
      ci.targetMem.visit(v);
    for (RegBinding &b : ci.uses)
      fixedUse(v, b.reg, b.preg);
    for (RegBinding &b : ci.defs)
      fixedDef(v, b.reg, b.preg);
    v.clobbers(ci.clobbers);
    return;
  }
  case Shape::Args:
    for (RegBinding &b : std::get<std::vector<RegBinding>>(*u_.payload.extra))
      fixedDef(v, b.reg, b.preg);
    return;
  case Shape::Rets:
    for (RegBinding &b : std::get<std::vector<RegBinding>>(*u_.payload.extra))
      fixedUse(v, b.reg, b.preg);
    return;
  case Shape::JmpTableSeq:
    use(v, r_[0]);
    earlyDef(v, r_[1]);
    earlyDef(v, u_.payload.r2);
    return;
  case Shape::Jmp:
  case Shape::JmpCond:
  case Shape::Ret:
  case Shape::RetImm:
  case Shape::Ud2:
  case Shape::TrapIf:
  case Shape::Nop:
    return;
  }
}

static_assert(mach::MachInstType<MInst>);

} // namespace irc::x86_64
