// The non-template parts of the pipeline (see Compile.h).
#include "codegen/mach/Compile.h"

namespace irc::mach {

CompileOptions compileOptionsFromSettings(const codegen::Settings &settings) {
  CompileOptions o;
  o.optLevel = settings.optLevel();
  switch (settings.regallocAlgorithm()) {
  case codegen::RegallocAlgorithm::Backtracking:
    o.regallocAlgorithm = regalloc::Algorithm::Backtracking;
    break;
  case codegen::RegallocAlgorithm::SinglePass:
    o.regallocAlgorithm = regalloc::Algorithm::SinglePass;
    break;
  case codegen::RegallocAlgorithm::Experimental:
    o.regallocAlgorithm = regalloc::Algorithm::Experimental;
    break;
  }
  o.regallocChecker = settings.regallocChecker();
  o.preserveFramePointers = settings.preserveFramePointers();
  return o;
}

PRegSet writtenRegisters(const regalloc::Input &input, const regalloc::Output &output) {
  PRegSet written;
  for (size_t k = 0; k < input.operands.size(); ++k)
    if (input.operands[k].isDef() && output.allocs[k].isReg())
      written.add(output.allocs[k].asReg());
  for (const regalloc::Edit &e : output.edits)
    if (e.to.isReg())
      written.add(e.to.asReg());
  for (const PRegSet &c : input.clobbers)
    written |= c;
  return written;
}

FrameRequest makeFrameRequest(const ir::Function &func, const regalloc::Input &input,
                              const regalloc::Output &output, const PRegSet &calleeSaved,
                              const SigLayout &sig, bool hasCalls, uint32_t outgoingArgsBytes,
                              bool preserveFramePointers) {
  FrameRequest req;
  req.callConv = func.signature.callConv;
  PRegSet saves = writtenRegisters(input, output);
  saves &= calleeSaved;
  saves.forEach([&](PReg p) { req.clobberedCalleeSaves.push_back(p); });
  for (const ir::StackSlotData &ss : func.stackSlots.values())
    req.stackSlots.push_back(FrameRequest::Slot{ss.size, uint32_t(1) << ss.alignShift});
  for (RegClass c : output.spillSlotClasses) {
    uint32_t bytes = input.env->spillSlotBytes[static_cast<unsigned>(c)];
    req.spillSlots.push_back(FrameRequest::Slot{bytes, bytes});
  }
  req.incomingArgsBytes = sig.stackArgBytes;
  req.outgoingArgsBytes = outgoingArgsBytes;
  req.hasCalls = hasCalls;
  req.preserveFramePointers = preserveFramePointers;
  return req;
}

} // namespace irc::mach
