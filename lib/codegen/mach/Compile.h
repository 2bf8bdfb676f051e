// Compile: the code-generation pipeline of one function, read top to bottom.
//
//   BlockOrder      block layout, critical edges split            mach/BlockOrder.cpp
//   lowerFunction   IR -> VCode (target patterns)                 mach/Lower.h, target
//   allocate        registers (algorithm from the options; the    regalloc/Regalloc.cpp
//                   checker proves the result when asked)
//   layoutFrame     frame from what allocation used               mach/Abi.cpp, target
//   emitFunction    prologue, code with edits, epilogues, layout  mach/Emit.h, target
//
// The function was verified by the caller. Errors (an opcode or type the target does not
// support) come back as values; nothing here aborts on user input.
#pragma once

#include "codegen/Settings.h"
#include "codegen/mach/Abi.h"
#include "codegen/mach/BlockOrder.h"
#include "codegen/mach/CompiledCode.h"
#include "codegen/mach/Emit.h"
#include "codegen/mach/Lower.h"
#include "codegen/regalloc/Regalloc.h"
#include "support/Expected.h"

#include <chrono>
#include <concepts>
#include <string>

namespace irc::mach {

/// The settings the pipeline reads (the rest of codegen::Settings is the targets').
struct CompileOptions {
  codegen::OptLevel optLevel = codegen::OptLevel::None;
  regalloc::Algorithm regallocAlgorithm = regalloc::Algorithm::Backtracking;
  bool regallocChecker = false; // prove every allocation with regalloc/Checker.h
  /// Allocator memory reused across the functions of a module (optional; one per thread).
  regalloc::Context *regallocContext = nullptr;
  bool preserveFramePointers = false;
  bool emitAsm = false;   // CompiledCode::asmText
  bool emitVCode = false; // CompiledCode::vcodeText
};

/// The options Settings ask for (emitAsm/emitVCode are the driver's, not settings).
CompileOptions compileOptionsFromSettings(const codegen::Settings &settings);

/// What a target implements about frames (all const).
///   calleeSaved(callConv)   registers the convention preserves (saved when written)
///   layoutFrame(request)    the frame, usually computeFrameLayout with the target's shape
template <typename B>
concept FrameBackend = requires(const B &b, const FrameRequest &req, ir::CallConv cc) {
  { b.calleeSaved(cc) } -> std::same_as<PRegSet>;
  { b.layoutFrame(req) } -> std::same_as<FrameLayout>;
};

/// Everything compileFunction needs from a target.
template <typename B>
concept TargetBackend = LowerBackend<B> && EmitBackend<B> && FrameBackend<B>;

/// Registers an allocation writes: def allocations, edit destinations, clobbers.
PRegSet writtenRegisters(const regalloc::Input &input, const regalloc::Output &output);

/// The frame request of an allocated function.
FrameRequest makeFrameRequest(const ir::Function &func, const regalloc::Input &input,
                              const regalloc::Output &output, const PRegSet &calleeSaved,
                              const SigLayout &sig, bool hasCalls, uint32_t outgoingArgsBytes,
                              bool preserveFramePointers);

template <TargetBackend B>
Expected<CompiledCode> compileFunction(const ir::Function &func, const B &backend,
                                       const CompileOptions &options) {
  BlockOrder order(func);
  if (order.numBlocks() == 0)
    return makeError("function " + func.externalName.text() + " has no blocks");

  auto lowered = lowerFunction(func, order, backend);
  if (!lowered)
    return lowered.error();
  const auto &vcode = lowered->vcode;
  std::string vcodeText = options.emitVCode ? vcode.print(func) : std::string();

  regalloc::Input input = vcode.input();
  const auto allocStart = std::chrono::steady_clock::now();
  auto alloc = regalloc::allocate(input, options.regallocAlgorithm, options.regallocChecker,
                                  options.regallocContext);
  const auto allocEnd = std::chrono::steady_clock::now();
  if (!alloc)
    return alloc.error();

  FrameRequest request = makeFrameRequest(
      func, input, *alloc, backend.calleeSaved(func.signature.callConv), lowered->sigLayout,
      lowered->hasCalls, lowered->outgoingArgsBytes, options.preserveFramePointers);
  FrameLayout frame = backend.layoutFrame(request);

  CompiledCode code = emitFunction(backend, vcode, *alloc, frame, EmitOptions{options.emitAsm});
  code.vcodeText = std::move(vcodeText);
  code.regalloc.stats = alloc->stats;
  code.regalloc.insts = input.numInsts;
  code.regalloc.nanoseconds = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(allocEnd - allocStart).count());
  return code;
}

} // namespace irc::mach
