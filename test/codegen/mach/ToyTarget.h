// ToyTarget: a made-up ISA that exercises the whole machine layer with no x86_64 or s390x
// assumption: lowering, register allocation, frames, emission, relaxation.
//
// Registers r0..r7 (Int). r0-r2 are caller-saved (arguments and results in r0, r1, r2),
// r3-r4 callee-saved, r7 the stack pointer (never allocated); r5, r6 unused. i128 lives in
// a register pair. Calls push a 4-byte return address (setup area 8 with alignment).
//
// Encodings are 4 bytes, little-endian (call: 8, with a 4-byte address field):
//   add rd, rn, rm      01 rd rn rm         sub rd, rn, rm   02 rd rn rm  (rd == rn)
//   mov rd, rn          03 rd rn 00         li rd, imm16     04 rd lo hi
//   ld rd, [rn+imm8]    05 rd rn imm8       st rs, [rn+imm8] 06 rs rn imm8
//   addm rd, rn, [rm]   07 rd rn rm         (rd = rn + memory at rm)
//   j label             10 00 d16           bnz rn, label    11 rn d16   (d16: bytes from
//   ret                 20 00 00 00                                        the branch start)
//   call sym            21 00 00 00 abs32   adjsp imm16      30 00 lo hi (sp += imm)
#pragma once

#include "codegen/mach/Compile.h"
#include "codegen/mach/Lower.h"

#include <string>
#include <vector>

namespace irc::toy {

using namespace irc::mach;

enum class Op : uint8_t { Add, Sub, Mov, Li, Ld, St, AddM, J, Bnz, Ret, Call, AdjSp, Args };

inline PReg gpr(unsigned n) { return PReg(RegClass::Int, n); }
inline const PReg kSp = gpr(7);

struct Inst {
  Op op = Op::Ret;
  Reg rd, rn, rm;
  int32_t imm = 0;
  Label target;
  std::vector<Reg> regs; // Ret: values (r0, r1...); Args: params; Call: args then result
  uint8_t numCallArgs = 0;
  std::string symbol; // Call

  template <OperandVisitor V> void visitOperands(V &v) {
    switch (op) {
    case Op::Add:
    case Op::AddM:
      v.def(rd);
      v.use(rn);
      v.use(rm);
      return;
    case Op::Sub: // two-address: rd is rn's register
      v.use(rn);
      v.use(rm);
      v.reuseDef(rd, 0);
      return;
    case Op::Mov:
    case Op::Ld:
      v.def(rd);
      v.use(rn);
      return;
    case Op::Li:
      v.def(rd);
      return;
    case Op::St:
      v.use(rd);
      v.use(rn);
      return;
    case Op::Bnz:
      v.use(rn);
      return;
    case Op::Ret:
      for (size_t k = 0; k < regs.size(); ++k)
        v.fixedUse(regs[k], gpr(static_cast<unsigned>(k)));
      return;
    case Op::Args:
      for (size_t k = 0; k < regs.size(); ++k)
        v.fixedDef(regs[k], gpr(static_cast<unsigned>(k)));
      return;
    case Op::Call: {
      for (size_t k = 0; k < numCallArgs; ++k)
        v.fixedUse(regs[k], gpr(static_cast<unsigned>(k)));
      for (size_t k = numCallArgs; k < regs.size(); ++k)
        v.fixedDef(regs[k], gpr(static_cast<unsigned>(k - numCallArgs)));
      PRegSet clobbers;
      for (unsigned r = 0; r < 3; ++r)
        clobbers.add(gpr(r));
      v.clobbers(clobbers);
      return;
    }
    case Op::J:
    case Op::AdjSp:
      return;
    }
  }

  bool isTerminator() const { return op == Op::J || op == Op::Ret; }
  bool isReturn() const { return op == Op::Ret; }
  std::optional<std::pair<Reg, Reg>> isMove() const {
    if (op == Op::Mov)
      return std::pair{rd, rn};
    return std::nullopt;
  }
  bool isRemat() const { return op == Op::Li; }
  Inst remat() const { return *this; }
  static Inst genSpill(Reg src, RegClass, PReg base, int32_t disp) {
    Inst i;
    i.op = Op::St;
    i.rd = src;
    i.rn = Reg(base);
    i.imm = disp;
    return i;
  }
  static Inst genReload(Reg dst, RegClass, PReg base, int32_t disp) {
    Inst i;
    i.op = Op::Ld;
    i.rd = dst;
    i.rn = Reg(base);
    i.imm = disp;
    return i;
  }
  static Inst genMove(Reg dst, Reg src, RegClass) {
    Inst i;
    i.op = Op::Mov;
    i.rd = dst;
    i.rn = src;
    return i;
  }
  std::string print() const;
};
static_assert(MachInstType<Inst>);

struct Backend {
  using MInst = Inst;
  Backend();

  // Lowering.
  std::string_view name() const { return "toy"; }
  RegShape regShape(ir::Type t) const;
  const regalloc::MachineEnv &machineEnv(ir::CallConv) const { return env; }
  SigLayout sigLayout(const ir::Signature &sig) const;
  bool lowerInst(LowerCtx<Inst> &ctx, ir::Inst inst) const;
  bool lowerBranch(LowerCtx<Inst> &ctx, ir::Inst inst, std::span<const uint32_t> targets) const;
  void lowerArgs(LowerCtx<Inst> &ctx, std::span<const ValueRegs> params) const;
  void genJump(LowerCtx<Inst> &ctx, uint32_t target) const;

  // Frames.
  PRegSet calleeSaved(ir::CallConv) const;
  FrameLayout layoutFrame(const FrameRequest &req) const;

  // Emission.
  bool bigEndian() const { return false; }
  void emitInst(const Inst &inst, MachBuffer &buf, const EmitContext &ctx) const;
  PReg stackPointer() const { return kSp; }
  void genPrologue(const FrameLayout &frame, FrameCode<Inst> &code) const;
  void genEpilogue(const FrameLayout &frame, FrameCode<Inst> &code) const;

  regalloc::MachineEnv env;
};
static_assert(TargetBackend<Backend>);

} // namespace irc::toy
