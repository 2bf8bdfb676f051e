// Backtracking allocator, step 4: spill slots. Every spill set that has something in
// its slot reserves the slot over the whole life of its vregs (so a value stored once
// stays valid: see Backtracking.h). Spill sets whose reserved positions never overlap
// share a slot: first fit over the most recent slots of the class, in order of start,
// which keeps the cost linear and the result deterministic.
#include "codegen/regalloc/Backtracking.h"

#include <algorithm>

namespace irc::regalloc::bt {

namespace {
constexpr size_t kSlotsTried = 16;
} // namespace

uint32_t Allocator::emergencySlot(RegClass c, unsigned which) {
  uint32_t &s = emergency_[static_cast<unsigned>(c)][which];
  if (s == kNone) {
    s = out_.numSpillSlots++;
    out_.spillSlotClasses.push_back(c);
  }
  return s;
}

void Allocator::assignSpillSlots() {
  std::vector<uint32_t> sets;
  for (uint32_t s = 0; s < spillSets_.size(); ++s) {
    SpillSet &S = spillSets_[s];
    if (!S.spilled || S.ranges.empty())
      continue;
    std::sort(S.ranges.begin(), S.ranges.end());
    size_t w = 0;
    for (size_t r = 1; r < S.ranges.size(); ++r) {
      if (S.ranges[r].first <= S.ranges[w].second)
        S.ranges[w].second = std::max(S.ranges[w].second, S.ranges[r].second);
      else
        S.ranges[++w] = S.ranges[r];
    }
    S.ranges.resize(w + 1);
    sets.push_back(s);
  }
  std::stable_sort(sets.begin(), sets.end(), [&](uint32_t a, uint32_t b) {
    return spillSets_[a].ranges.front().first < spillSets_[b].ranges.front().first;
  });
  // Per slot: its reserved positions (from -> to).
  std::vector<std::map<uint32_t, uint32_t>> busy;
  std::vector<uint32_t> slotsOf[mach::kNumRegClasses];
  auto fits = [&](const std::map<uint32_t, uint32_t> &m, const SpillSet &S) {
    for (auto [from, to] : S.ranges) {
      auto it = m.upper_bound(from);
      if (it != m.begin() && std::prev(it)->second > from)
        return false;
      if (it != m.end() && it->first < to)
        return false;
    }
    return true;
  };
  for (uint32_t s : sets) {
    SpillSet &S = spillSets_[s];
    auto &list = slotsOf[static_cast<unsigned>(S.cls)];
    uint32_t chosen = kNone;
    for (size_t k = 0; k < list.size() && k < kSlotsTried; ++k) {
      uint32_t cand = list[list.size() - 1 - k];
      if (fits(busy[cand], S)) {
        chosen = cand;
        break;
      }
    }
    if (chosen == kNone) {
      chosen = out_.numSpillSlots++;
      out_.spillSlotClasses.push_back(S.cls);
      busy.resize(out_.numSpillSlots);
      list.push_back(chosen);
    }
    for (auto [from, to] : S.ranges)
      busy[chosen][from] = to;
    S.slot = chosen;
  }
}

} // namespace irc::regalloc::bt
