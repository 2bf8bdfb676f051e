// Backtracking: the state of the backtracking register allocator (the default,
// `regalloc_algorithm=backtracking`), in the spirit of regalloc2's ion, shared by its files:
//
//   BacktrackingLiveness.cpp   positions, mentions, fixed reservations, live segments,
//                              loop depth (the Input's rules: checkInputRules, Regalloc.h)
//   BacktrackingBundles.cpp    bundles: one per vreg, merged across block parameters,
//                              moves and reused inputs; spill weights and priorities
//   BacktrackingAllocate.cpp   the priority queue: probe, evict lighter bundles, split
//                              (at a loop boundary, at the first conflict, else into
//                              minimal pieces + spill)
//   BacktrackingSpillSlots.cpp slots shared by spill sets that never overlap
//   BacktrackingMoves.cpp      operand allocations, split/fixup/edge moves through
//                              ParallelMoves, redundant-move removal
//   Backtracking.cpp           the entry point
//
// Positions. Instruction i sits in slot(i) = i + rank(block) + 1; every block also owns
// one empty "entry slot" in front of its first instruction, so a block is the positions
// [4*entrySlot, 4*(slot(last)+1)). In slot s: 4s = Early (uses read, early defs written),
// 4s+1 = clobbers, 4s+2 = Late defs written, 4s+3 = still inside the instruction. A live
// segment [from, to) is a half-open set of positions; two things conflict in a register
// exactly when their segments overlap (Operand.h's timing rules fall out of this).
// Moves only ever happen at boundaries 4s (edit point "before inst(s)"). A segment may
// run on across the boundary into the next block in layout order (a vreg live through
// both), but every edge is still resolved separately from the locations at its ends.
//
// Values and slots. A vreg whose spill set has a slot is stored once, right after its
// definition, and the slot is reserved over the whole life of every vreg of the set; so
// going back to the slot never needs a store, only leaving it needs a reload.
#pragma once

#include "codegen/regalloc/ParallelMoves.h"
#include "codegen/regalloc/Regalloc.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <string>
#include <vector>

namespace irc::regalloc {

/// The backtracking allocator (Backtracking.cpp).
Expected<Output> allocateBacktracking(const Input &input);

namespace bt {

inline constexpr uint32_t kNone = ~0u;
inline constexpr uint8_t kNoReg = 0xff;
inline constexpr unsigned kNumPRegs = mach::kNumRegClasses * PReg::kMaxPerClass;

/// What a mention needs from the location of its vreg at its position.
enum class Req : uint8_t { None, Any, Reg };
enum class MentionKind : uint8_t { Use, Def, Param, Arg };

/// One place the code names a vreg.
struct Mention {
  uint32_t pos = 0;   // where the requirement applies
  uint32_t bound = 0; // reads: the segment reaches at least here (exclusive); defs: it starts here
  uint32_t vreg = 0;
  uint32_t op = kNone; // global operand index, or kNone (parameters, branch arguments)
  MentionKind kind = MentionKind::Use;
  Req req = Req::None;
  uint8_t fixed = kNoReg; // fixed register (PReg index) of a fixed or fixed-reused operand
  bool reusedInput = false; // a use whose register a reuse def takes over
};

struct Segment {
  uint32_t from = 0, to = 0;
  uint32_t vreg = 0;
  uint32_t bundle = kNone;
};

/// A register that is not free over [from, to): a fixed operand of `owner`, or a clobber
/// (owner kNone). Reservations never move; a bundle may overlap its own vreg's.
struct Reservation {
  uint32_t from = 0, to = 0;
  uint32_t owner = kNone;
};

enum class BundleState : uint8_t { Queued, Allocated, Spilled, Dead };

struct Bundle {
  std::vector<uint32_t> segs;     // into Allocator::segs_, by position
  // The segments again, with those of one vreg that touch merged (a parameter's first
  // segment, a slot-entry piece and the pieces of splits stay apart in segs): what
  // probes and occ_ work on.
  std::vector<Segment> ranges;
  std::vector<uint32_t> mentions; // into Allocator::mentions_, by position
  uint32_t spillSet = kNone;
  float weight = 0;  // spill weight: use weights scaled by loop depth, per instruction
  uint32_t size = 0; // positions covered: the queue's priority
  RegClass cls = RegClass::Int;
  BundleState state = BundleState::Queued;
  Req req = Req::None;
  bool minimal = false; // lies within one instruction: never split or evicted
  bool grouped = false; // a piece around several close uses: cut per use if it fails
  uint8_t reg = kNoReg;
  uint8_t hint = kNoReg;
  uint32_t prev = kNone, next = kNone; // the neighbouring pieces it was split from
};

struct SpillSet {
  std::vector<std::pair<uint32_t, uint32_t>> ranges; // reserved positions, merged at the end
  RegClass cls = RegClass::Int;
  bool spilled = false; // some bundle of the set lives in the slot
  uint32_t slot = kNone;
};

/// What is allocated to one register: disjoint ranges [from, to) of bundles, sorted (by
/// start and so by end), in chunks of at most 2 * kChunk entries. A lookup is a binary
/// search over the chunks' last ends and one inside a chunk, both in contiguous memory;
/// an insertion or removal moves at most one chunk.
class RegOccupancy {
public:
  struct Entry {
    uint32_t from = 0, to = 0;
    uint32_t bundle = kNone;
  };
  struct Cursor {
    uint32_t chunk = 0, index = 0;
  };

  /// The first range that ends after pos: the one holding pos, else the next one.
  Cursor firstEndingAfter(uint32_t pos) const {
    auto c = std::upper_bound(lastTo_.begin(), lastTo_.end(), pos);
    if (c == lastTo_.end())
      return Cursor{static_cast<uint32_t>(chunks_.size()), 0};
    const auto &v = chunks_[static_cast<size_t>(c - lastTo_.begin())];
    auto e = std::upper_bound(v.begin(), v.end(), pos,
                              [](uint32_t x, const Entry &r) { return x < r.to; });
    return Cursor{static_cast<uint32_t>(c - lastTo_.begin()), static_cast<uint32_t>(e - v.begin())};
  }
  bool valid(Cursor c) const { return c.chunk < chunks_.size(); }
  const Entry &at(Cursor c) const { return chunks_[c.chunk][c.index]; }
  void next(Cursor &c) const {
    if (++c.index == chunks_[c.chunk].size()) {
      ++c.chunk;
      c.index = 0;
    }
  }
  /// Whether some range overlaps [from, to).
  bool overlaps(uint32_t from, uint32_t to) const {
    Cursor c = firstEndingAfter(from);
    return valid(c) && at(c).from < to;
  }
  void insert(const Entry &e) {
    if (chunks_.empty()) {
      chunks_.push_back({e});
      lastTo_.push_back(e.to);
      return;
    }
    Cursor c = firstEndingAfter(e.from);
    if (!valid(c))
      c = Cursor{static_cast<uint32_t>(chunks_.size() - 1), static_cast<uint32_t>(chunks_.back().size())};
    auto &v = chunks_[c.chunk];
    v.insert(v.begin() + c.index, e);
    lastTo_[c.chunk] = v.back().to;
    if (v.size() > 2 * kChunk) {
      std::vector<Entry> upper(v.begin() + kChunk, v.end());
      v.resize(kChunk);
      lastTo_[c.chunk] = v.back().to;
      lastTo_.insert(lastTo_.begin() + c.chunk + 1, upper.back().to);
      chunks_.insert(chunks_.begin() + c.chunk + 1, std::move(upper));
    }
  }
  /// Removes the range that starts at from (it must be there).
  void erase(uint32_t from) {
    Cursor c = firstEndingAfter(from);
    assert(valid(c) && at(c).from == from && "erasing a range that is not there");
    auto &v = chunks_[c.chunk];
    v.erase(v.begin() + c.index);
    if (v.empty()) {
      chunks_.erase(chunks_.begin() + c.chunk);
      lastTo_.erase(lastTo_.begin() + c.chunk);
    } else {
      lastTo_[c.chunk] = v.back().to;
    }
  }

private:
  static constexpr size_t kChunk = 32;
  std::vector<std::vector<Entry>> chunks_;
  std::vector<uint32_t> lastTo_; // per chunk: the end of its last range
};

/// The final location of a piece of a vreg.
struct Placed {
  uint32_t from = 0, to = 0;
  Allocation loc;
};

class Allocator {
public:
  explicit Allocator(const Input &in) : in_(in), env_(*in.env) {}
  Expected<Output> run();

private:
  // BacktrackingLiveness.cpp
  Expected<void> layout();
  Expected<void> collectMentions();
  Expected<void> computeLiveness();
  void computeLoopDepth();
  // BacktrackingBundles.cpp
  void buildBundles();
  void updateBundle(uint32_t b);
  bool mergeGroups(uint32_t x, uint32_t y);
  // BacktrackingAllocate.cpp
  Expected<void> allocateAll();
  Expected<void> allocateOne(uint32_t b);
  struct Probe {
    bool fixed = false;  // a reservation or an unevictable bundle is in the way
    float maxWeight = 0; // heaviest bundle in the way
    uint32_t first = kNone;
    std::vector<uint32_t> bundles;
  };
  /// What is in the way of bundle b on p. limit 0: only `first`; limit > 0: all of
  /// them, for an eviction, giving up (fixed or maxWeight >= limit) once it cannot be.
  void probe(uint32_t b, PReg p, float limit, Probe &out);
  bool nearFixed(uint32_t b, PReg p) const;
  void assign(uint32_t b, PReg p);
  void evict(uint32_t b);
  void spill(uint32_t b);
  uint32_t splitAt(uint32_t b, uint32_t pos);
  uint32_t loopBoundary(uint32_t b) const;
  void splitMinimal(uint32_t b);
  void enqueue(uint32_t b);
  // BacktrackingSpillSlots.cpp
  void assignSpillSlots();
  uint32_t emergencySlot(RegClass c, unsigned which);
  // BacktrackingMoves.cpp
  Expected<void> placeAll();
  Allocation locAt(uint32_t v, uint32_t pos) const;
  Allocation slotLoc(uint32_t v) const;
  Expected<void> operandAllocs();
  void vregMoves();
  void edgeMoves();
  void addMove(uint32_t boundary, uint8_t phase, Allocation from, Allocation to, RegClass c);
  bool occupied(PReg p, uint32_t from, uint32_t to) const;
  Expected<void> resolveMoves();
  void removeRedundantMoves();

  Error error(uint32_t inst, const std::string &what) const {
    return makeError("register allocation: inst" + std::to_string(inst) + ": " + what);
  }
  uint32_t instAt(uint32_t pos) const { return instOfSlot_[pos / 4]; }
  uint32_t blockAt(uint32_t pos) const { return blockOfSlot_[pos / 4]; }
  uint32_t weightScale(uint32_t pos) const;

  const Input &in_;
  const MachineEnv &env_;
  Output out_;

  // Layout (BacktrackingLiveness.cpp).
  std::vector<uint32_t> order_;   // blocks by first instruction
  std::vector<uint32_t> rank_;    // position of a block in order_
  std::vector<uint32_t> blockOf_; // per instruction
  std::vector<uint32_t> instOfSlot_, blockOfSlot_;
  std::vector<uint32_t> blockStart_, blockEnd_; // positions
  std::vector<uint8_t> loopDepth_;
  std::vector<uint8_t> entrySpill_; // blocks whose live-ins enter in their slots
  std::vector<PReg> regOrder_[mach::kNumRegClasses];
  PRegSet allocatable_;

  // Per vreg.
  std::vector<Mention> mentions_;        // grouped by vreg (CSR), by position in a group
  std::vector<uint32_t> mentionStart_;   // per vreg + 1
  std::vector<uint32_t> defPos_;         // segment start of the definition, kNone if none
  std::vector<uint32_t> defInst_;        // defining instruction, kNone for parameters
  std::vector<uint8_t> fixedDefReg_;     // the value sits here over [defPos, defPos+2)
  std::vector<uint8_t> isParam_;
  std::vector<RegClass> cls_;
  std::vector<uint32_t> vregSegStart_;   // CSR of segments built by liveness
  std::vector<uint32_t> vregSegs_;
  std::vector<std::pair<uint32_t, uint32_t>> vregLive_; // per vregSegs_ entry: never split
  std::vector<uint32_t> vregPieces_;     // per vreg: segments before touching ones merged
  std::vector<uint32_t> liveInStart_, liveIn_; // CSR per block: non-parameter live-ins
  std::vector<uint8_t> forcedSeg_;       // per initial segment: spilled at a block entry

  // Reservations per physical register, by start.
  std::vector<Reservation> res_[kNumPRegs];

  // Bundles (BacktrackingBundles.cpp, BacktrackingAllocate.cpp).
  std::vector<Segment> segs_;
  std::vector<Bundle> bundles_;
  std::vector<SpillSet> spillSets_;
  std::vector<uint32_t> spillSetOf_; // per vreg
  std::vector<uint32_t> group_;      // union-find over vregs while merging
  std::vector<std::vector<uint32_t>> groupSegs_;
  std::vector<uint32_t> groupPieces_; // per group root: the vregPieces_ of its vregs
  std::vector<uint32_t> mergeScratch_;
  RegOccupancy occ_[kNumPRegs];
  std::vector<std::pair<uint32_t, uint32_t>> queue_; // heap of (size, bundle)
  std::vector<uint32_t> probeStamp_;
  uint32_t stamp_ = 0;
  uint64_t steps_ = 0;
  bool noEvict_ = false;

  // Final placement (BacktrackingMoves.cpp).
  std::vector<uint32_t> placedStart_;
  std::vector<Placed> placed_;
  std::vector<uint8_t> needsSlot_; // the vreg has a piece in its slot: stored after its def
  std::vector<uint8_t> slotFed_;   // a parameter whose arguments all hold its slot
  struct PendingMove {
    uint32_t boundary;
    uint8_t phase;
    uint32_t seq;
    Allocation from, to;
    RegClass cls;
    uint32_t succ = kNone; // phase 2: the successor whose entry the moves fill
  };
  std::vector<PendingMove> pending_;
  uint32_t emergency_[mach::kNumRegClasses][2];
  uint32_t stackMoves_ = 0;
};

} // namespace bt
} // namespace irc::regalloc
