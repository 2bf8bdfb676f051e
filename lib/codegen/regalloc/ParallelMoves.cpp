// ParallelMoves: sequencing of simultaneous moves (see ParallelMoves.h).
//
// Classic algorithm: a move may run once nothing still pending reads its destination.
// Moves become ready in a worklist as their destinations' readers finish; what is left
// when the worklist runs dry are disjoint cycles, each broken by saving one destination
// to a temporary and redirecting its reader there. Locations get dense ids from a sorted
// key list, so the cost is O(n log n) for n moves and the order is deterministic.
#include "codegen/regalloc/ParallelMoves.h"

#include <algorithm>
#include <cassert>

namespace irc::regalloc {

namespace {

uint64_t keyOf(Allocation a) {
  uint32_t index = a.isReg() ? a.asReg().index() : a.isStack() ? a.asStack() : a.asRemat();
  return (uint64_t(static_cast<uint8_t>(a.kind())) << 32) | index;
}

} // namespace

bool ParallelMoves::mentions(Allocation a) const {
  for (const Move &m : moves_)
    if (m.from == a || m.to == a)
      return true;
  return false;
}

void ParallelMoves::resolve(std::vector<Edit> &out, const MoveScratch &scratch) {
  std::erase_if(moves_, [](const Move &m) { return m.from == m.to; });
  if (moves_.empty())
    return;

  // Dense ids for every location; one more id for the temporary that breaks cycles.
  std::vector<uint64_t> keys;
  keys.reserve(moves_.size() * 2);
  for (const Move &m : moves_) {
    keys.push_back(keyOf(m.from));
    keys.push_back(keyOf(m.to));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  auto idOf = [&](Allocation a) {
    return static_cast<uint32_t>(std::lower_bound(keys.begin(), keys.end(), keyOf(a)) -
                                 keys.begin());
  };
  const uint32_t tempId = static_cast<uint32_t>(keys.size());
  const uint32_t numIds = tempId + 1;
  constexpr uint32_t kNone = ~0u;

  const size_t n = moves_.size();
  std::vector<uint32_t> src(n), dst(n);
  std::vector<uint32_t> readers(numIds, 0);
  std::vector<uint32_t> writer(numIds, kNone);
  std::vector<Allocation> locOf(numIds);
  for (size_t k = 0; k < n; ++k) {
    src[k] = idOf(moves_[k].from);
    dst[k] = idOf(moves_[k].to);
    locOf[src[k]] = moves_[k].from;
    locOf[dst[k]] = moves_[k].to;
    ++readers[src[k]];
    assert(writer[dst[k]] == kNone && "two parallel moves write one location");
    writer[dst[k]] = static_cast<uint32_t>(k);
  }

  bool tempRegBusy = false;
  // A rematerialization writes only registers: into a slot it goes like a stack copy.
  auto emit = [&](Allocation from, Allocation to, mach::RegClass cls) {
    if (from.isReg() || !to.isStack()) {
      out.push_back(Edit{ProgPoint(), from, to, cls});
      return;
    }
    ++stackToStack;
    PReg free = scratch.freeReg[static_cast<unsigned>(cls)];
    if (free.isValid() && !tempRegBusy) {
      Allocation r = Allocation::reg(free);
      out.push_back(Edit{ProgPoint(), from, r, cls});
      out.push_back(Edit{ProgPoint(), r, to, cls});
      return;
    }
    // No free register: borrow one, keeping its value in emergency slot 1.
    PReg victim;
    for (PReg p : scratch.borrowable[static_cast<unsigned>(cls)])
      if (!(tempRegBusy && p == free)) {
        victim = p;
        break;
      }
    assert(victim.isValid() && "no register to borrow for a stack-to-stack move");
    Allocation v = Allocation::reg(victim);
    Allocation save = Allocation::stack(scratch.emergencySlot(cls, 1));
    out.push_back(Edit{ProgPoint(), v, save, cls});
    out.push_back(Edit{ProgPoint(), from, v, cls});
    out.push_back(Edit{ProgPoint(), v, to, cls});
    out.push_back(Edit{ProgPoint(), save, v, cls});
  };

  std::vector<uint8_t> done(n, 0);
  std::vector<uint32_t> ready;
  for (size_t k = 0; k < n; ++k)
    if (readers[dst[k]] == 0)
      ready.push_back(static_cast<uint32_t>(k));
  size_t remaining = n;
  size_t scan = 0; // moves before `scan` are done: where to look for a cycle to break
  while (remaining > 0) {
    while (!ready.empty()) {
      uint32_t k = ready.back();
      ready.pop_back();
      emit(locOf[src[k]], moves_[k].to, moves_[k].cls);
      done[k] = 1;
      --remaining;
      uint32_t s = src[k];
      if (--readers[s] == 0) {
        if (s == tempId)
          tempRegBusy = false;
        else if (writer[s] != kNone && !done[writer[s]])
          ready.push_back(writer[s]);
      }
    }
    if (remaining == 0)
      break;
    // Only cycles remain. Break the first: save its destination to the temporary.
    while (done[scan])
      ++scan;
    uint32_t k = static_cast<uint32_t>(scan);
    uint32_t y = dst[k];
    mach::RegClass cls = moves_[k].cls;
    // A register is saved in the free register if there is one; a slot always goes to
    // the emergency slot, keeping the free register for the cycle's stack-to-stack copies.
    PReg free = scratch.freeReg[static_cast<unsigned>(cls)];
    Allocation temp = free.isValid() && locOf[y].isReg()
                          ? Allocation::reg(free)
                          : Allocation::stack(scratch.emergencySlot(cls, 0));
    emit(locOf[y], temp, cls);
    if (temp.isReg())
      tempRegBusy = true;
    locOf[tempId] = temp;
    for (size_t j = 0; j < n; ++j)
      if (!done[j] && src[j] == y) {
        src[j] = tempId;
        ++readers[tempId];
      }
    readers[y] = 0;
    ready.push_back(k);
  }
  moves_.clear();
}

} // namespace irc::regalloc
