// The backtracking register allocator's entry point: the steps in order (the files and
// the model are described in Backtracking.h).
#include "codegen/regalloc/Backtracking.h"

namespace irc::regalloc {

namespace bt {

Expected<Output> Allocator::run() {
  for (auto &e : emergency_)
    e[0] = e[1] = kNone;
  if (auto e = layout(); !e)
    return e.error();
  if (auto e = collectMentions(); !e)
    return e.error();
  computeLoopDepth();
  if (auto e = computeLiveness(); !e)
    return e.error();
  buildBundles();
  if (auto e = allocateAll(); !e)
    return e.error();
  assignSpillSlots();
  if (auto e = placeAll(); !e)
    return e.error();
  out_.stats.count(out_.edits);
  out_.stats.stackMoves = stackMoves_;
  return std::move(out_);
}

} // namespace bt

Expected<Output> allocateBacktracking(const Input &input) {
  if (!input.env)
    return makeError("register allocation: no machine environment");
  return bt::Allocator(input).run();
}

} // namespace irc::regalloc
