// ToyTarget: printer, lowering, ABI and encoder of the made-up ISA (see ToyTarget.h).
#include "ToyTarget.h"

#include <cassert>

namespace irc::toy {

namespace {

std::string regText(Reg r) {
  if (r.isVirtual())
    return vregName(r.vreg());
  if (r.preg() == kSp)
    return "sp";
  return "r" + std::to_string(r.preg().hw());
}

std::string labelText(Label l) { return "block" + std::to_string(l.id); }

bool jumpShortReaches(int64_t) { return false; }

void encodeJump(bool, int64_t disp, uint32_t payload, std::span<uint8_t> out) {
  assert(disp >= -32768 && disp < 32768);
  out[0] = payload == 0xff ? 0x10 : 0x11;
  out[1] = payload == 0xff ? 0 : uint8_t(payload);
  out[2] = uint8_t(disp);
  out[3] = uint8_t(disp >> 8);
}

// No short form: every branch is 4 bytes. (MachBuffer's own tests cover relaxation.)
const BranchKind kBranch{0, 4, jumpShortReaches, encodeJump};

} // namespace

std::string Inst::print() const {
  switch (op) {
  case Op::Add:
    return "add " + regText(rd) + ", " + regText(rn) + ", " + regText(rm);
  case Op::Sub:
    return "sub " + regText(rd) + ", " + regText(rn) + ", " + regText(rm);
  case Op::Mov:
    return "mov " + regText(rd) + ", " + regText(rn);
  case Op::Li:
    return "li " + regText(rd) + ", " + std::to_string(imm);
  case Op::Ld:
    return "ld " + regText(rd) + ", [" + regText(rn) + "+" + std::to_string(imm) + "]";
  case Op::St:
    return "st " + regText(rd) + ", [" + regText(rn) + "+" + std::to_string(imm) + "]";
  case Op::AddM:
    return "addm " + regText(rd) + ", " + regText(rn) + ", [" + regText(rm) + "]";
  case Op::J:
    return "j " + labelText(target);
  case Op::Bnz:
    return "bnz " + regText(rn) + ", " + labelText(target);
  case Op::Ret:
  case Op::Args: {
    std::string s = op == Op::Ret ? "ret" : "args";
    for (size_t k = 0; k < regs.size(); ++k)
      s += (k ? ", " : " ") + regText(regs[k]);
    return s;
  }
  case Op::Call: {
    std::string s = "call " + symbol;
    for (size_t k = 0; k < regs.size(); ++k)
      s += (k == 0 ? " (" : k == numCallArgs ? ") -> " : ", ") + regText(regs[k]);
    if (numCallArgs == regs.size() && numCallArgs > 0)
      s += ")";
    return s;
  }
  case Op::AdjSp:
    return "adjsp " + std::to_string(imm);
  }
  return "?";
}

Backend::Backend() {
  env.preferred[0] = {gpr(0), gpr(1), gpr(2)};
  env.nonPreferred[0] = {gpr(3), gpr(4)};
}

RegShape Backend::regShape(ir::Type t) const {
  if (t.isInt() && t.bits() <= 64)
    return RegShape::one(RegClass::Int);
  if (t == ir::types::I128)
    return RegShape::two(RegClass::Int, RegClass::Int);
  return RegShape{};
}

SigLayout Backend::sigLayout(const ir::Signature &sig) const {
  SigLayout s;
  s.callConv = sig.callConv;
  unsigned next = 0;
  for (const ir::AbiParam &p : sig.params) {
    ArgLoc loc;
    unsigned n = p.type == ir::types::I128 ? 2 : 1;
    for (unsigned k = 0; k < n; ++k)
      loc.parts.push_back(ArgPart::inReg(gpr(next++), ir::types::I64, p.ext));
    s.params.push_back(loc);
  }
  next = 0;
  for (const ir::AbiParam &p : sig.returns) {
    ArgLoc loc;
    loc.parts.push_back(ArgPart::inReg(gpr(next++), p.type, p.ext));
    s.rets.push_back(loc);
  }
  return s;
}

bool Backend::lowerInst(LowerCtx<Inst> &ctx, ir::Inst inst) const {
  const ir::DataFlowGraph &dfg = ctx.dfg();
  const ir::InstData &d = dfg.inst(inst);
  Inst mi;
  switch (d.opcode) {
  case ir::Opcode::Iconst:
    mi.op = Op::Li;
    mi.rd = ctx.outputReg(inst);
    mi.imm = static_cast<int32_t>(*ctx.inputAsSignedConst(dfg.firstResult(inst)));
    ctx.emit(mi);
    return true;
  case ir::Opcode::Iadd: {
    ir::Value x = d.arg(0), y = d.arg(1);
    // Most specific first: fold a load of the right width on the right.
    if (auto ld = ctx.sinkableLoad(y, dfg.valueType(y).bits());
        ld && dfg.inst(*ld).offset() == 0) {
      ctx.sinkInst(*ld);
      mi.op = Op::AddM;
      mi.rd = ctx.outputReg(inst);
      mi.rn = ctx.putInReg(x);
      mi.rm = ctx.putInReg(dfg.inst(*ld).arg(0));
      ctx.emit(mi);
      return true;
    }
    mi.op = Op::Add;
    mi.rd = ctx.outputReg(inst);
    mi.rn = ctx.putInReg(x);
    mi.rm = ctx.putInReg(y);
    ctx.emit(mi);
    return true;
  }
  case ir::Opcode::Isub:
    mi.op = Op::Sub;
    mi.rd = ctx.outputReg(inst);
    mi.rn = ctx.putInReg(d.arg(0));
    mi.rm = ctx.putInReg(d.arg(1));
    ctx.emit(mi);
    return true;
  case ir::Opcode::Load:
    if (d.offset() < 0 || d.offset() > 255)
      return false;
    mi.op = Op::Ld;
    mi.rd = ctx.outputReg(inst);
    mi.rn = ctx.putInReg(d.arg(0));
    mi.imm = d.offset();
    ctx.emit(mi);
    return true;
  case ir::Opcode::Store:
    if (d.offset() < 0 || d.offset() > 255)
      return false;
    mi.op = Op::St;
    mi.rd = ctx.putInReg(d.arg(0));
    mi.rn = ctx.putInReg(d.arg(1));
    mi.imm = d.offset();
    ctx.emit(mi);
    return true;
  case ir::Opcode::Iconcat: { // i128 from two i64 halves: two moves into the pair
    ValueRegs out = ctx.outputRegs(inst);
    ctx.emit(Inst::genMove(out.regs[0], ctx.putInReg(d.arg(0)), RegClass::Int));
    ctx.emit(Inst::genMove(out.regs[1], ctx.putInReg(d.arg(1)), RegClass::Int));
    return true;
  }
  case ir::Opcode::Isplit: {
    ValueRegs in = ctx.putInRegs(d.arg(0));
    ctx.emit(Inst::genMove(ctx.outputReg(inst, 0), in.regs[0], RegClass::Int));
    ctx.emit(Inst::genMove(ctx.outputReg(inst, 1), in.regs[1], RegClass::Int));
    return true;
  }
  case ir::Opcode::Call: {
    const ir::ExtFuncData &fn = dfg.extFuncs[d.funcRef()];
    mi.op = Op::Call;
    mi.symbol = fn.name.symbol();
    for (ir::Value a : dfg.varArgs(inst))
      mi.regs.push_back(ctx.putInReg(a));
    mi.numCallArgs = static_cast<uint8_t>(mi.regs.size());
    for (unsigned k = 0; k < dfg.results(inst).size(); ++k)
      mi.regs.push_back(ctx.outputReg(inst, k));
    ctx.noteCall(0);
    ctx.emit(mi);
    return true;
  }
  case ir::Opcode::Return:
    mi.op = Op::Ret;
    for (ir::Value v : dfg.varArgs(inst))
      mi.regs.push_back(ctx.putInReg(v));
    ctx.emit(mi);
    return true;
  default:
    // Test target: everything else is unsupported (the production targets' switches
    // list every opcode).
    return false;
  }
}

bool Backend::lowerBranch(LowerCtx<Inst> &ctx, ir::Inst inst,
                          std::span<const uint32_t> targets) const {
  const ir::InstData &d = ctx.dfg().inst(inst);
  switch (d.opcode) {
  case ir::Opcode::Jump:
    genJump(ctx, targets[0]);
    return true;
  case ir::Opcode::Brif: {
    Inst b;
    b.op = Op::Bnz;
    b.rn = ctx.putInReg(d.arg(0));
    b.target = ctx.blockLabel(targets[0]);
    ctx.emit(b);
    genJump(ctx, targets[1]);
    return true;
  }
  default:
    return false;
  }
}

void Backend::lowerArgs(LowerCtx<Inst> &ctx, std::span<const ValueRegs> params) const {
  Inst a;
  a.op = Op::Args;
  for (const ValueRegs &p : params)
    for (Reg r : p.all())
      a.regs.push_back(r);
  ctx.emit(a);
}

void Backend::genJump(LowerCtx<Inst> &ctx, uint32_t target) const {
  Inst j;
  j.op = Op::J;
  j.target = ctx.blockLabel(target);
  ctx.emit(j);
}

PRegSet Backend::calleeSaved(ir::CallConv) const {
  PRegSet s;
  s.add(gpr(3));
  s.add(gpr(4));
  return s;
}

FrameLayout Backend::layoutFrame(const FrameRequest &req) const {
  FrameShape shape;
  shape.setupBytes = 8; // return address, padded
  shape.stackAlign = 16;
  for (PReg p : req.clobberedCalleeSaves)
    shape.saves.push_back({p, 8});
  return computeFrameLayout(req, shape);
}

// CFI with the toy's register numbers as DWARF numbers: the CFA is sp + 8 at entry
// (setupBytes) and sp + 8 + frameBytes once sp has moved.
void Backend::genPrologue(const FrameLayout &frame, FrameCode<Inst> &code) const {
  if (frame.frameBytes == 0)
    return;
  Inst adj;
  adj.op = Op::AdjSp;
  adj.imm = -static_cast<int32_t>(frame.frameBytes);
  code.add(adj, {CfiOp::defCfaOffset(static_cast<int32_t>(frame.cfaToSp()))});
  for (const FrameLayout::Save &s : frame.calleeSaves) {
    Inst st;
    st.op = Op::St;
    st.rd = Reg(s.reg);
    st.rn = Reg(kSp);
    st.imm = static_cast<int32_t>(s.offset);
    code.add(st, {CfiOp::savedAt(static_cast<uint16_t>(s.reg.hw()),
                                 static_cast<int32_t>(s.offset) -
                                     static_cast<int32_t>(frame.cfaToSp()))});
  }
}

// Only the last step changes the frame state: reloading a register does not need a rule
// (the saved copy stays valid until the frame goes), the sp adjustment does.
void Backend::genEpilogue(const FrameLayout &frame, FrameCode<Inst> &code) const {
  if (frame.frameBytes == 0)
    return;
  for (const FrameLayout::Save &s : frame.calleeSaves) {
    Inst ld;
    ld.op = Op::Ld;
    ld.rd = Reg(s.reg);
    ld.rn = Reg(kSp);
    ld.imm = static_cast<int32_t>(s.offset);
    code.add(ld);
  }
  Inst adj;
  adj.op = Op::AdjSp;
  adj.imm = static_cast<int32_t>(frame.frameBytes);
  code.add(adj, {CfiOp::defCfaOffset(static_cast<int32_t>(frame.setupBytes))});
}

void Backend::emitInst(const Inst &i, MachBuffer &buf, const EmitContext &ctx) const {
  auto hw = [](Reg r) { return static_cast<uint8_t>(r.preg().hw()); };
  auto put4 = [&](uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    buf.put1(a);
    buf.put1(b);
    buf.put1(c);
    buf.put1(d);
  };
  switch (i.op) {
  case Op::Add:
    put4(0x01, hw(i.rd), hw(i.rn), hw(i.rm));
    return;
  case Op::Sub:
    assert(i.rd == i.rn);
    put4(0x02, hw(i.rd), hw(i.rn), hw(i.rm));
    return;
  case Op::Mov:
    put4(0x03, hw(i.rd), hw(i.rn), 0);
    return;
  case Op::Li:
    put4(0x04, hw(i.rd), uint8_t(i.imm), uint8_t(i.imm >> 8));
    return;
  case Op::Ld:
    put4(0x05, hw(i.rd), hw(i.rn), uint8_t(i.imm));
    return;
  case Op::St:
    put4(0x06, hw(i.rd), hw(i.rn), uint8_t(i.imm));
    return;
  case Op::AddM:
    put4(0x07, hw(i.rd), hw(i.rn), hw(i.rm));
    return;
  case Op::J:
    if (i.target == ctx.fallthrough)
      return; // falls through
    buf.addBranch(i.target, kBranch, 0xff);
    return;
  case Op::Bnz:
    buf.addBranch(i.target, kBranch, hw(i.rn));
    return;
  case Op::Ret:
    put4(0x20, 0, 0, 0);
    return;
  case Op::Call: {
    put4(0x21, 0, 0, 0);
    uint32_t field = buf.rawOffset();
    buf.put4(0);
    buf.addReloc(field, Reloc::Abs4, ir::ExternalName::testCase(i.symbol), 0);
    return;
  }
  case Op::AdjSp:
    put4(0x30, 0, uint8_t(i.imm), uint8_t(i.imm >> 8));
    return;
  case Op::Args:
    return; // defines registers, emits nothing
  }
}

} // namespace irc::toy
