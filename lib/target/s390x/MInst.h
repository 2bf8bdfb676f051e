// MInst: one s390x machine instruction, as the lowering produces it (virtual registers) and
// as emission consumes it (physical registers after allocation).
//
// An MInst is a Form (a row of Insts.def) and a few operand fields. The row's Shape says
// which fields hold what; the same Shape drives the operand visitor below, the printer
// (Print.cpp) and the encoder (Emit.cpp), so the three can never disagree about which
// register is read, written or encoded where.
//
// Always:
// - sizeof(MInst) <= 32; rare payloads (calls, argument lists, jump tables, symbols, vector
//   constants) live out of line and are owned by the instruction (copying copies them).
// - Two-address shapes (RRBin, RREBin, RXBin, RXYBin, RIBin, RILBin, RSShift, RRFcCMov,
//   RIEgCMov, RIEfRot) have dst and src1 in one register after allocation: the visitor
//   declares reuseDef(dst, 0) with src1 as operand 0. The row decides: alu(Agr, d, a, b)
//   ties d to a, alu(Agrk, d, a, b) does not.
// - Physical registers written directly into an instruction (%r15, a register the ABI fixed
//   by hand) are never passed to the visitor; both fields of a two-address pair are then
//   physical and equal.
// - Even/odd register pairs (flogr, mlgr, mgrk, dsgr, dsgfr, dlgr, dlr) are fixed at
//   %r2:%r3, as in Cranelift: the allocator has no pair constraint, and r0:r1 are not
//   allocatable. The high (even) half is dstHi = %r2, the low (odd) half dstLo = %r3.
// - Memory operands never use r0 as base or index (r0 there means "none"; it is not
//   allocatable); the encoder asserts it. Displacements of any int32 are accepted: the
//   encoder picks the 12-bit form, the 20-bit form (the row's Long column) or computes the
//   address into %r1, without touching the condition code.
#pragma once

#include "codegen/ir/ExternalName.h"
#include "codegen/ir/TrapCode.h"
#include "codegen/mach/MachBuffer.h"
#include "codegen/mach/MachInst.h"
#include "target/TargetInfo.h"
#include "target/s390x/Regs.h"

#include <array>
#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace irc::s390x {

using mach::Label;
using mach::PReg;
using mach::Reg;
using mach::RegClass;

enum class Form : uint16_t {
#define INST(Form, ...) Form,
#define PSEUDO(Form, ...) Form,
#include "target/s390x/Insts.def"
};

/// A condition mask: bit 8 selects CC0, 4 CC1, 2 CC2, 1 CC3.
enum class CondMask : uint8_t {
#define COND(Name, suffix, mask) Name = mask,
#include "target/s390x/Insts.def"
};
constexpr CondMask invert(CondMask m) { return static_cast<CondMask>(static_cast<uint8_t>(m) ^ 15); }
constexpr unsigned maskBits(CondMask m) { return static_cast<unsigned>(m); }
/// The extended-mnemonic suffix ("e", "nhe"; empty for masks 0 and 15).
std::string_view condSuffix(CondMask m);

/// Operand roles, printing order and instruction format. "dst" is written, "src" read; a
/// two-address dst shares src1's register. Fields in the comments are the format's.
enum class Shape : uint8_t {
  RRBin,         // dst = src1 OP src2 (RR: R1 dst/src1, R2 src2)        ar %r1,%r2
  RRUn,          // dst = OP src (RR)                                     lr %r1,%r2
  RRCmp,         // cc = lhs ? rhs (RR)                                   cr %r1,%r2
  BranchReg,     // if cc in mask goto target (RR: M1, R2)                br %r14, ber %r1
  CallReg,       // call target (RR: R1 = %r14, R2), payload CallInfo     basr %r14,%r1
  RREBin,        // dst = src1 OP src2 (RRE)                              agr %r1,%r2
  RREUn,         // dst = OP src (RRE)                                    lgr %r1,%r2
  RRECmp,        // cc = lhs ? rhs (RRE)                                  cgr %r1,%r2
  RREDef,        // dst = constant (RRE, R1 only)                         lzdr %f1
  RRFa3,         // dst = src1 OP src2 (RRF-a: R1 dst, R2 src1, R3 src2)  agrk %r1,%r2,%r3
  RRFaSel,       // dst = cc in mask ? ifTrue (R2) : ifFalse (R3) (M4)    selgre %r1,%r2,%r3
  RRFcCMov,      // dst = cc in mask ? ifTrue (R2) : src1 (RRF-c, M3)     locgre %r1,%r2
  RRFcUn,        // dst = OP src (RRF-c, M3 = the row's Fixed)            popcnt %r1,%r2,8
  Flogr,         // dstHi (%r2) = leading zeros of src, dstLo (%r3) clobbered
  MulWide,       // dstHi:dstLo (%r2:%r3) = src1 (%r3) * src2 (RRE)       mlgr %r2,%r5
  MulWide3,      // dstHi:dstLo (%r2:%r3) = src1 * src2 (RRF-a)           mgrk %r2,%r4,%r5
  DivS,          // dstHi (%r2) = rem, dstLo (%r3) = quot of dividend (%r3) / divisor
  DivU,          // same, dividend dividendHi:dividendLo (%r2:%r3)        dlgr %r2,%r5
  RXLoad,        // dst = [mem] (RX, 12-bit displacement)                 l %r1,8(%r2,%r3)
  RXStore,       // [mem] = src (RX)                                      st %r1,8(%r2,%r3)
  RXBin,         // dst = src1 OP [mem] (RX)                              a %r1,8(%r2,%r3)
  RXCmp,         // cc = lhs ? [mem] (RX)                                 c %r1,8(%r2,%r3)
  BranchMem,     // if cc in mask goto address of mem (RX-b: M1)          nop 0
  RXYLoad,       // as RXLoad with a 20-bit signed displacement (RXY)     lg %r1,-8(%r2,%r3)
  RXYStore,      //                                                       stg %r1,8(%r2)
  RXYBin,        //                                                       ag %r1,8(%r2)
  RXYCmp,        //                                                       cg %r1,8(%r2)
  RSShift,       // dst = src1 SHIFT address (RS-a, R3 unused)            sll %r1,5(%r2)
  RSYShift,      // dst = src SHIFT address (RSY-a: R1 dst, R3 src)       sllg %r1,%r2,5(%r3)
  RSYStoreMulti, // [mem..] = first..last, physical only (RSY-a)          stmg %r6,%r15,48(%r15)
  RSYLoadMulti,  // first..last = [mem..], physical only                  lmg %r6,%r15,48(%r15)
  VRXLoad,       // vector dst = [mem] (VRX, M3 = Fixed)                  vl %v1,8(%r2,%r3)
  VRXStore,      // [mem] = vector src (VRX)                              vst %v1,8(%r2,%r3)
  VRRUn,         // vector dst = src (VRR-a)                              vlr %v1,%v2
  SILStore,      // [mem] = imm16 (SIL: base, 12-bit displacement)        mvghi 8(%r1),-5
  SIStore,       // [mem] = imm8 (SI, 12-bit displacement)                mvi 8(%r1),255
  SIYStore,      // [mem] = imm8 (SIY, 20-bit displacement)               mviy -8(%r1),255
  RIBin,         // dst = src1 OP imm16 (RI-a)                            aghi %r1,-5
  RILoad,        // dst = imm16 (RI-a)                                    lghi %r1,-5
  RICmp,         // cc = lhs ? imm16 (RI-a)                               cghi %r1,-5
  RILBin,        // dst = src1 OP imm32 (RIL-a)                           agfi %r1,-5
  RILLoad,       // dst = imm32 (RIL-a)                                   lgfi %r1,-5
  RILCmp,        // cc = lhs ? imm32 (RIL-a)                              cgfi %r1,-5
  RIEd3,         // dst = src + imm16 (RIE-d: R1 dst, R3 src)             aghik %r1,%r2,-5
  RIEfRot,       // dst = src1 OP rotate(src2) (RIE-f: I3, I4, I5)        risbg %r1,%r2,0,63,5
  RIEgCMov,      // dst = cc in mask ? imm16 : src1 (RIE-g: M3)           lochie %r1,-5
  RILbAddr,      // dst = address of label (RIL-b)                        larl %r1,label
  RILbLoad,      // dst = [label] (RIL-b)                                 lgrl %r1,label
  RILbStore,     // [label] = src (RIL-b)                                 stgrl %r1,label
  BranchRel,     // if cc in mask goto label: brc, relaxed to brcl        jne label, j label
  BranchRelLong, // if cc in mask goto label (RIL-c, always long)         jgne label
  CallKnown,     // call symbol through the PLT (RIL-b, R1 = %r14), payload CallInfo
  Trap,          // trap with a code (E)                                  sckpf
  Args,          // pseudo: defines incoming arguments in fixed registers
  Rets,          // pseudo: uses return values in fixed registers; the epilogue; br %r14
  CondBranch,    // pseudo: if cc in mask goto taken else notTaken (brc [+ j])
  JumpTableSeq,  // pseudo: bounds check, larl table, lgf offset, agr, br, 32-bit table
  TrapIf,        // pseudo: trap with a code if cc in mask (brc over an inline trap)
  LoadSymbol,    // pseudo: dst = address of symbol+addend (larl, or lgrl from the GOT)
  LoadConst64,   // pseudo: dst = imm64 by immediates (1 or 2 instructions)
  LoadConstPool64, // pseudo: dst = imm64 from the constant pool (lgrl)
  LoadFpuConst32,  // pseudo: f dst = f32 bits from the pool (larl %r1; le)
  LoadFpuConst64,  // pseudo: f dst = f64 bits from the pool (larl %r1; ld)
  LoadVecConst,    // pseudo: vector dst = 16 bytes from the pool (larl %r1; vl)
  Nop,           // pseudo: NOPs of an even length (nopr %r7, nop 0, jgnop .)
};

/// Instruction formats: what the encoder lays out.
enum class Format : uint8_t {
  E, RR, RRE, RRFa, RRFc, RX, RXY, RS, RSY, RI, RIL, RIEd, RIEf, RIEg, SIL, SI, SIY, VRX, VRRa,
  Pseudo
};
Format formatOf(Shape s);
/// Bytes of one instruction of the format (0 for pseudo-instructions).
unsigned formatSize(Format f);

// Insts.def column types.
enum class RegFiles : uint8_t { G, F, V, FG, GF };
enum class ImmKind : uint8_t { None, S16, U16, S32, U32, U8 };

/// One Insts.def row.
struct FormInfo {
  std::string_view mnemonic;
  Shape shape;
  uint16_t op;
  RegFiles regs;
  ImmKind imm;
  uint8_t fixed;
  int16_t longForm; // a Form, or -1
  std::optional<target::S390xFlag> feature;
  bool pseudo;
};

namespace detail {
/// The S390xFlag named by an Insts.def Feature column ("Always": none). An unknown name
/// stops compilation: the throw makes the table initializer non-constant.
constexpr std::optional<target::S390xFlag> featureNamed(std::string_view name) {
#define ISA_FLAG(Enumerator, flagName, doc)                                                       \
  if (name == #Enumerator)                                                                       \
    return target::S390xFlag::Enumerator;
#include "target/s390x/IsaFlags.def"
  if (name == "Always")
    return std::nullopt;
  throw "Insts.def: unknown Feature";
}

/// Long-column names resolve to Form values; No (-1) is "none".
namespace long_ref {
enum : int16_t {
  No = -1,
#define INST(F, ...) F,
#define PSEUDO(F, ...) F,
#include "target/s390x/Insts.def"
};
} // namespace long_ref

inline constexpr FormInfo kFormInfos[] = {
#define INST(F, mnemonic, Sh, Op, Regs, Imm, Fixed, Long, Feature)                                \
  FormInfo{mnemonic,      Shape::Sh,  Op,   RegFiles::Regs,         ImmKind::Imm, Fixed,          \
           long_ref::Long, featureNamed(#Feature), false},
#define PSEUDO(F, mnemonic, Sh)                                                                   \
  FormInfo{mnemonic, Shape::Sh, 0, RegFiles::G, ImmKind::None, 0, long_ref::No, std::nullopt, true},
#include "target/s390x/Insts.def"
};
} // namespace detail

inline constexpr unsigned kNumForms = std::size(detail::kFormInfos);
constexpr const FormInfo &formInfo(Form f) { return detail::kFormInfos[static_cast<unsigned>(f)]; }
std::string_view formName(Form f); // the enumerator, "Agr"

/// Where a memory operand's displacement is measured from. Frame areas are resolved at
/// emission (EmitInfo), when the frame layout is known; their base is %r15 implicitly.
enum class MemArea : uint8_t {
  Regs,     // base + index + disp, as written
  SlotArea, // %r15 + EmitInfo::slotAreaOffset + index + disp: stack slots
  Cfa,      // %r15 + EmitInfo::cfaOffset + index + disp: the caller's frame (incoming args)
};

/// A memory operand: base + index + disp (base and index optional: an invalid Reg), with
/// the trap code of the access (none for accesses that cannot fault), recorded at the
/// accessing instruction.
struct MemArg {
  Reg base;
  Reg index;
  int32_t disp = 0;
  MemArea area = MemArea::Regs;
  ir::TrapCode trap;

  static MemArg bd(Reg base, int32_t disp = 0) { return bxd(base, Reg(), disp); }
  static MemArg bxd(Reg base, Reg index, int32_t disp = 0) {
    return MemArg{base, index, disp, MemArea::Regs, ir::TrapCode()};
  }
  static MemArg slot(int32_t offset) {
    return MemArg{Reg(), Reg(), offset, MemArea::SlotArea, ir::TrapCode()};
  }
  static MemArg cfa(int32_t offset) {
    return MemArg{Reg(), Reg(), offset, MemArea::Cfa, ir::TrapCode()};
  }
  MemArg withTrap(ir::TrapCode code) const {
    MemArg m = *this;
    m.trap = code;
    return m;
  }
};
static_assert(sizeof(MemArg) <= 16);

/// A symbol and an addend: what a relocation points at.
struct SymbolRef {
  ir::ExternalName name;
  int64_t addend = 0;
};

/// A virtual (or physical) register bound to a fixed physical register at an instruction.
struct RegBinding {
  Reg reg;
  PReg preg;
};

/// What a call needs beyond its target: arguments and results in fixed registers, what it
/// clobbers, and its exception handlers and patchability. The call itself also clobbers
/// %r14 (the link); the visitor adds it and removes the results' registers.
struct CallInfo {
  ir::ExternalName callee;      // CallKnown
  std::vector<RegBinding> uses; // arguments
  std::vector<RegBinding> defs; // results
  mach::PRegSet clobbers;       // beyond the defs
  /// try_call: (tag or default, handler label); recorded as a call site when non-empty.
  std::vector<std::pair<std::optional<uint32_t>, Label>> handlers;
  bool patchable = false; // CallKnown: record the 6-byte brasl as a patch site
};

/// How LoadSymbol materializes an address.
enum class ExtNameKind : uint8_t {
  PcRelative, // larl %dst,sym+a                     (colocated; R_390_PC32DBL)
  Got,        // lgrl %dst,sym@GOTENT [; la/lay a(%dst)] (R_390_GOTENT)
};

struct ExtNameInfo {
  SymbolRef sym;
  ExtNameKind kind = ExtNameKind::PcRelative;
};

/// Out-of-line payloads: one per payload shape.
using MInstExtra = std::variant<CallInfo, std::vector<RegBinding>, std::vector<Label>,
                                ExtNameInfo, std::array<uint8_t, 16>>;

/// The per-function facts emission needs.
struct EmitInfo {
  /// Checked against each form's Feature column when set (tests leave it null).
  const target::IsaFlags *isaFlags = nullptr;
  /// The label bound right after the instruction being emitted, if any: the driver sets it
  /// to the next block's label for a block's last instruction, so branches can fall through.
  Label fallthrough{};
  /// Frame areas (MemArea): their offsets from %r15 after the prologue.
  int32_t slotAreaOffset = 0;
  int32_t cfaOffset = 0;
  /// Emits the epilogue (restores, without the final br %r14) for Rets; without one, Rets
  /// emits a bare br %r14.
  struct EpilogueEmitter {
    virtual ~EpilogueEmitter() = default;
    virtual void emitEpilogue(mach::MachBuffer &buf) const = 0;
  };
  const EpilogueEmitter *epilogue = nullptr;
};

class MInst {
public:
  // ---- Construction (the lowering's vocabulary). Each asserts the form's shape and the
  // immediate's range.
  /// RRBin, RREBin (two-address: dst tied to src1), RRFa3 (distinct operands).
  static MInst alu(Form f, Reg dst, Reg src1, Reg src2);
  /// RRUn, RREUn, RRFcUn, VRRUn.
  static MInst rr(Form f, Reg dst, Reg src);
  /// RRCmp, RRECmp.
  static MInst cmp(Form f, Reg lhs, Reg rhs);
  /// RREDef (lzdr, lzer: dst = +0.0).
  static MInst loadZero(Form f, Reg dst);
  /// RRFaSel: dst = cc in mask ? ifTrue : ifFalse.
  static MInst select(Form f, CondMask m, Reg dst, Reg ifTrue, Reg ifFalse);
  /// RRFcCMov: dst = cc in mask ? ifTrue : ifFalse (dst tied to ifFalse).
  static MInst cmov(Form f, CondMask m, Reg dst, Reg ifFalse, Reg ifTrue);
  /// RIEgCMov: dst = cc in mask ? imm : ifFalse (dst tied to ifFalse).
  static MInst cmovImm(Form f, CondMask m, Reg dst, Reg ifFalse, int16_t imm);
  /// Flogr: count (%r2) = leading zeros of src (64 if zero); clobbered (%r3).
  static MInst flogr(Reg count, Reg clobbered, Reg src);
  /// Mlgr (src1 in %r3), Mgrk: dstHi:dstLo = src1 * src2.
  static MInst mulWide(Form f, Reg dstHi, Reg dstLo, Reg src1, Reg src2);
  /// Dsgr, Dsgfr: the dividend in %r3; rem (%r2), quot (%r3).
  static MInst divS(Form f, Reg rem, Reg quot, Reg dividend, Reg divisor);
  /// Dlgr, Dlr: the dividend in %r2:%r3; rem (%r2), quot (%r3).
  static MInst divU(Form f, Reg rem, Reg quot, Reg dividendHi, Reg dividendLo, Reg divisor);
  /// RXLoad, RXYLoad, VRXLoad (la/lay: the address).
  static MInst load(Form f, Reg dst, MemArg mem);
  /// RXStore, RXYStore, VRXStore.
  static MInst store(Form f, Reg src, MemArg mem);
  /// RXBin, RXYBin: dst = src1 OP [mem] (dst tied to src1).
  static MInst aluMem(Form f, Reg dst, Reg src1, MemArg mem);
  /// RXCmp, RXYCmp.
  static MInst cmpMem(Form f, Reg lhs, MemArg mem);
  /// RSShift (dst tied to src), RSYShift: dst = src SHIFT (amountReg + amount). amountReg
  /// may be an invalid Reg (a constant amount); amount is 0..4095 for RS, 20-bit for RSY.
  static MInst shift(Form f, Reg dst, Reg src, Reg amountReg, int32_t amount);
  /// Stmg, Lmg of the physical registers first..last.
  static MInst multi(Form f, PReg first, PReg last, MemArg mem);
  /// SILStore, SIStore, SIYStore.
  static MInst storeImm(Form f, MemArg mem, int32_t imm);
  /// RIBin, RILBin (dst tied to src), RIEd3 (distinct).
  static MInst aluImm(Form f, Reg dst, Reg src, int64_t imm);
  /// RILoad, RILLoad.
  static MInst loadImm(Form f, Reg dst, int64_t imm);
  /// RICmp, RILCmp.
  static MInst cmpImm(Form f, Reg lhs, int64_t imm);
  /// RIEfRot: dst = src1 OP rotate(src2, i5) in bits i3..i4 (dst tied to src1).
  static MInst rotate(Form f, Reg dst, Reg src1, Reg src2, uint8_t i3, uint8_t i4, uint8_t i5);
  /// RILbAddr, RILbLoad (reg written), RILbStore (reg read).
  static MInst pcRel(Form f, Reg reg, Label target);
  /// Brc (relaxable; mask 15 = jump), Brcl (always long).
  static MInst branch(Form f, CondMask m, Label target);
  static MInst jump(Label target) { return branch(Form::Brc, CondMask::Always, target); }
  /// Bcr: if cc in mask goto target register (br %r14 returns).
  static MInst branchReg(CondMask m, Reg target);
  /// Bc: if cc in mask goto the address (bc 0,0 is a NOP).
  static MInst branchMem(CondMask m, MemArg mem);
  static MInst condBranch(CondMask m, Label taken, Label notTaken);
  /// br_table: idx is zero-extended to 64 bits; targets[0] is the default, targets[1..]
  /// the table. Uses %r0 and %r1 and the condition code.
  static MInst jumpTableSeq(Reg idx, std::vector<Label> targets);
  static MInst callKnown(CallInfo info); // info.callee set
  static MInst callReg(Reg target, CallInfo info);
  static MInst trap(ir::TrapCode code);
  static MInst trapIf(CondMask m, ir::TrapCode code);
  static MInst loadSymbol(Reg dst, SymbolRef sym, ExtNameKind kind);
  /// The shortest immediate sequence for a 64-bit constant (condition code kept).
  static MInst loadConst64(Reg dst, uint64_t value);
  static MInst loadConstPool64(Reg dst, uint64_t value);
  static MInst loadFpuConst32(Reg dst, uint32_t bits);
  static MInst loadFpuConst64(Reg dst, uint64_t bits);
  static MInst loadVecConst(Reg dst, std::array<uint8_t, 16> bytes); // big-endian lane order
  static MInst nop(unsigned length); // even
  static MInst args(std::vector<RegBinding> defs);
  static MInst rets(std::vector<RegBinding> uses);

  /// Register-to-register copy of a whole register of the class (lgr; vlr copies all 128
  /// bits of the Float class).
  static MInst genMove(Reg dst, Reg src, RegClass cls);
  /// Spill src to disp(base) and reload dst from it (base %r15 normally). Int spills use 8
  /// bytes (stg/lg), Float ones 16 (vst/vl): one class holds f32, f64 and vectors.
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
  CondMask mask() const { return static_cast<CondMask>(small_ & 0xff); }
  ir::TrapCode trapCode() const { return ir::TrapCode::fromRaw(static_cast<uint8_t>(small_ >> 8)); }
  int32_t smallImm() const { return static_cast<int16_t>(small_); } // SIL/SI/SIY, Nop length
  int64_t imm() const { return u_.imm64; }
  /// Register slots (see MInst.cpp for which shape uses which): 0..2 always exist; 3..6 only
  /// in shapes without a memory operand, immediate or payload.
  Reg reg(unsigned slot) const;
  Reg &regRef(unsigned slot);
  bool hasMem() const;
  const MemArg &mem() const {
    assert(hasMem());
    return u_.mem;
  }
  MemArg &memRef() {
    assert(hasMem());
    return u_.mem;
  }
  Label label(unsigned i) const { return Label{u_.labels[i]}; }
  std::array<uint8_t, 3> rotateImms() const { return {u_.rot[0], u_.rot[1], u_.rot[2]}; }
  const MInstExtra &extra() const { return *u_.extra; }
  MInstExtra &extraRef() { return *u_.extra; }
  const CallInfo &callInfo() const { return std::get<CallInfo>(extra()); }
  const std::vector<RegBinding> &bindings() const {
    return std::get<std::vector<RegBinding>>(extra());
  }
  const std::vector<Label> &jumpTargets() const { return std::get<std::vector<Label>>(extra()); }
  const ExtNameInfo &extName() const { return std::get<ExtNameInfo>(extra()); }
  const std::array<uint8_t, 16> &vecBytes() const {
    return std::get<std::array<uint8_t, 16>>(extra());
  }

  MInst(const MInst &o);
  MInst(MInst &&o) noexcept;
  MInst &operator=(const MInst &o);
  MInst &operator=(MInst &&o) noexcept;
  ~MInst();

private:
  explicit MInst(Form f);
  bool hasExtra() const;
  void setExtra(MInstExtra e);
  void copyOwnedFrom(const MInst &o);
  void destroyOwned();
  void setMask(CondMask m) { small_ = static_cast<uint16_t>((small_ & 0xff00) | maskBits(m)); }
  void setTrapCode(ir::TrapCode c) {
    small_ = static_cast<uint16_t>((small_ & 0x00ff) | (unsigned(c.raw()) << 8));
  }

  Form form_;
  uint16_t small_ = 0; // mask (low byte) + trap code (high byte), or a 16-bit immediate
  Reg r_[3];
  union U {
    U() : more{} {}
    ~U() {}
    Reg more[4];        // register slots 3..6
    MemArg mem;         // shapes with a memory operand
    int64_t imm64;      // immediates
    uint32_t labels[2]; // branches
    uint8_t rot[3];     // RIEfRot's I3, I4, I5
    MInstExtra *extra;  // owned
  } u_;
};
static_assert(sizeof(MInst) <= 32, "MInst must stay compact (rare payloads out of line)");

/// Encodes one instruction (Emit.cpp). Registers must be physical.
void emit(const MInst &inst, mach::MachBuffer &buf, const EmitInfo &info);

/// The relaxable branch of Brc/Brcl (payload: the condition mask).
const mach::BranchKind &relaxableBranch();
/// How larl/RIL-b fields refer to labels: 4 bytes big-endian, halfwords, relative to the
/// instruction's start (the field is 2 bytes into it).
mach::LabelUse rilLabelUse();

/// How the encoder fits a memory operand's displacement: in the row itself or its Long row
/// (Direct), or by first computing the whole address into %r1 with `lay` (ViaLay) or with
/// `lgfi` and `la` (ViaLgfi), then using 0(%r1). None of these changes the condition code.
enum class MemFit : uint8_t { Direct, ViaLay, ViaLgfi };
struct MemPlan {
  Form form; // the row actually encoded
  MemFit fit;
};
/// The plan for a memory form at a resolved displacement (shared by encoder and printer).
MemPlan planMem(Form f, int64_t disp);

/// One step of a LoadConst64 sequence (shared by the encoder and the printer).
struct ConstStep {
  Form form; // an RILoad/RILLoad/RILBin row
  int64_t imm;
};
/// The immediate instructions that build `value` (one or two; the first writes the whole
/// register).
std::vector<ConstStep> const64Steps(uint64_t value);

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
template <mach::OperandVisitor V> void fixedUse(V &v, Reg &r, PReg p) {
  if (r.isVirtual())
    v.fixedUse(r, p);
  else
    assert(!r.isValid() || r.preg() == p);
}
template <mach::OperandVisitor V> void fixedDef(V &v, Reg &r, PReg p) {
  if (r.isVirtual())
    v.fixedDef(r, p);
  else
    assert(!r.isValid() || r.preg() == p);
}
/// dst reusing operand 0 (src1, visited first by the caller; an applier may already have
/// rewritten it to its physical register).
template <mach::OperandVisitor V> void reuseDef(V &v, Reg &dst, [[maybe_unused]] const Reg &src1) {
  if (dst.isVirtual()) {
    assert(src1.isValid() && "two-address dst is virtual but src1 is missing");
    v.reuseDef(dst, 0);
  } else {
    assert(dst == src1 && "two-address dst and src1 must be the same physical register");
  }
}
template <mach::OperandVisitor V> void memUses(V &v, MemArg &m) {
  use(v, m.base);
  use(v, m.index);
}
} // namespace detail

template <mach::OperandVisitor V> void MInst::visitOperands(V &v) {
  using namespace detail;
  Reg *m = u_.more;
  switch (shape()) {
  case Shape::RRBin:
  case Shape::RREBin:
  case Shape::RRFcCMov:
  case Shape::RIEfRot:
    use(v, r_[1]);
    use(v, r_[2]);
    reuseDef(v, r_[0], r_[1]);
    return;
  case Shape::RXBin:
  case Shape::RXYBin:
    use(v, r_[1]);
    memUses(v, u_.mem);
    reuseDef(v, r_[0], r_[1]);
    return;
  case Shape::RSShift:
    use(v, r_[1]);
    use(v, u_.mem.base);
    reuseDef(v, r_[0], r_[1]);
    return;
  case Shape::RIBin:
  case Shape::RILBin:
  case Shape::RIEgCMov:
    use(v, r_[1]);
    reuseDef(v, r_[0], r_[1]);
    return;
  case Shape::RRUn:
  case Shape::RREUn:
  case Shape::RRFcUn:
  case Shape::VRRUn:
  case Shape::RIEd3:
    use(v, r_[1]);
    def(v, r_[0]);
    return;
  case Shape::RRFa3:
  case Shape::RRFaSel:
    use(v, r_[1]);
    use(v, r_[2]);
    def(v, r_[0]);
    return;
  case Shape::RSYShift:
    use(v, r_[1]);
    use(v, u_.mem.base);
    def(v, r_[0]);
    return;
  case Shape::RRCmp:
  case Shape::RRECmp:
    use(v, r_[0]);
    use(v, r_[1]);
    return;
  case Shape::RREDef:
  case Shape::RILoad:
  case Shape::RILLoad:
  case Shape::RILbAddr:
  case Shape::RILbLoad:
  case Shape::LoadSymbol:
  case Shape::LoadConst64:
  case Shape::LoadConstPool64:
  case Shape::LoadFpuConst32:
  case Shape::LoadFpuConst64:
  case Shape::LoadVecConst:
    def(v, r_[0]);
    return;
  case Shape::RICmp:
  case Shape::RILCmp:
  case Shape::RILbStore:
  case Shape::BranchReg:
  case Shape::JumpTableSeq:
    use(v, r_[0]);
    return;
  case Shape::RXLoad:
  case Shape::RXYLoad:
  case Shape::VRXLoad:
    memUses(v, u_.mem);
    def(v, r_[0]);
    return;
  case Shape::RXStore:
  case Shape::RXYStore:
  case Shape::VRXStore:
  case Shape::RXCmp:
  case Shape::RXYCmp:
    memUses(v, u_.mem);
    use(v, r_[0]);
    return;
  case Shape::BranchMem:
  case Shape::SILStore:
  case Shape::SIStore:
  case Shape::SIYStore:
  case Shape::RSYStoreMulti:
  case Shape::RSYLoadMulti:
    memUses(v, u_.mem);
    return;
  case Shape::Flogr:
    use(v, r_[2]);
    fixedDef(v, r_[0], regs::r2());
    fixedDef(v, r_[1], regs::r3());
    return;
  case Shape::MulWide:
  case Shape::DivS:
    fixedUse(v, r_[2], regs::r3());
    use(v, m[0]);
    fixedDef(v, r_[0], regs::r2());
    fixedDef(v, r_[1], regs::r3());
    return;
  case Shape::MulWide3:
    use(v, r_[2]);
    use(v, m[0]);
    fixedDef(v, r_[0], regs::r2());
    fixedDef(v, r_[1], regs::r3());
    return;
  case Shape::DivU:
    fixedUse(v, r_[2], regs::r2());
    fixedUse(v, m[0], regs::r3());
    use(v, m[1]);
    fixedDef(v, r_[0], regs::r2());
    fixedDef(v, r_[1], regs::r3());
    return;
  case Shape::CallKnown:
  case Shape::CallReg: {
    CallInfo &ci = std::get<CallInfo>(*u_.extra);
    if (shape() == Shape::CallReg)
      use(v, r_[1]);
    for (RegBinding &b : ci.uses)
      fixedUse(v, b.reg, b.preg);
    mach::PRegSet clobbers = ci.clobbers;
    clobbers.add(regs::returnAddress());
    for (RegBinding &b : ci.defs) {
      fixedDef(v, b.reg, b.preg);
      clobbers.remove(b.preg);
    }
    v.clobbers(clobbers);
    return;
  }
  case Shape::Args:
    for (RegBinding &b : std::get<std::vector<RegBinding>>(*u_.extra))
      fixedDef(v, b.reg, b.preg);
    return;
  case Shape::Rets:
    for (RegBinding &b : std::get<std::vector<RegBinding>>(*u_.extra))
      fixedUse(v, b.reg, b.preg);
    return;
  case Shape::BranchRel:
  case Shape::BranchRelLong:
  case Shape::CondBranch:
  case Shape::Trap:
  case Shape::TrapIf:
  case Shape::Nop:
    return;
  }
}

static_assert(mach::MachInstType<MInst>);

} // namespace irc::s390x
