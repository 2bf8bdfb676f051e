// Text forms of allocator results, for logs, test failures and --print-after=regalloc.
#include "codegen/regalloc/Output.h"

namespace irc::regalloc {

std::string Allocation::text() const {
  switch (kind_) {
  case Kind::None:
    return "none";
  case Kind::Reg: {
    static constexpr char kClassSuffix[mach::kNumRegClasses] = {'i', 'f', 'v'};
    PReg p = asReg();
    return "%r" + std::to_string(p.hw()) + kClassSuffix[static_cast<unsigned>(p.cls())];
  }
  case Kind::Stack:
    return "stack" + std::to_string(index_);
  case Kind::Remat:
    return "remat(inst" + std::to_string(index_) + ")";
  }
  return "?";
}

std::string ProgPoint::text() const {
  return (isAfter() ? "after inst" : "before inst") + std::to_string(inst());
}

std::string Edit::text() const { return point.text() + ": " + from.text() + " -> " + to.text(); }

void Stats::count(const std::vector<Edit> &edits) {
  moves = spills = reloads = remats = 0;
  for (const Edit &e : edits) {
    if (e.from.isReg() && e.to.isReg())
      ++moves;
    else if (e.from.isReg() && e.to.isStack())
      ++spills;
    else if (e.from.isStack() && e.to.isReg())
      ++reloads;
    else if (e.from.isRemat())
      ++remats;
  }
}

std::string Stats::text() const {
  return "moves=" + std::to_string(moves) + " spills=" + std::to_string(spills) +
         " reloads=" + std::to_string(reloads) + " remats=" + std::to_string(remats) +
         " stack_moves=" + std::to_string(stackMoves);
}

} // namespace irc::regalloc
