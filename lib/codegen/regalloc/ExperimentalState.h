// ExperimentalState: the experimental allocator's state (private to Experimental*.cpp).
//
// One Allocator lives in a regalloc::Context and serves every function of a module: run()
// clears its vectors and maps but keeps their memory (the occupancy maps draw their nodes
// from a pool that outlives them), so a module of many functions allocates little.
//
// Positions: instruction i has four, 4i+0 (R: the gap's moves read), 4i+1 (W: the gap's
// moves have written), 4i+2 (E: early uses read, early defs write), 4i+3 (L: late uses,
// late defs, clobbers). All moves before instruction i are one parallel move between R and
// W, except at the start of a block with one predecessor, where the edge's moves run first
// (from the predecessor's exit state, L of its terminator, into the block's entry state, R
// of its first instruction). A value occupies a location over inclusive position ranges
// (segments); two values in one register never share a position.
#pragma once

#include "codegen/regalloc/ParallelMoves.h"
#include "codegen/regalloc/Regalloc.h"

#include <cstdint>
#include <map>
#include <memory_resource>
#include <span>
#include <string>
#include <vector>

namespace irc::regalloc::exp {

constexpr uint32_t kNone = ~0u;
constexpr uint8_t kNoReg = 0xff;
constexpr uint32_t kReserved = ~0u - 1; // occupancy by a fixed register or clobber
constexpr unsigned kNumPRegs = mach::kNumRegClasses * PReg::kMaxPerClass;

inline uint32_t posR(uint32_t i) { return 4 * i; }
inline uint32_t posW(uint32_t i) { return 4 * i + 1; }
inline uint32_t posE(uint32_t i) { return 4 * i + 2; }
inline uint32_t posL(uint32_t i) { return 4 * i + 3; }
inline uint32_t instOf(uint32_t pos) { return pos / 4; }


/// How a segment's value gets into its location at its first position.
enum class SegStart : uint8_t {
  Def,     // written by its def (or by the copy out of the def's temporary)
  Entry,   // at a block's entry: the edge's moves (or, at a join, nothing: glued)
  EdgeDef, // a join's parameter in a predecessor: written by the edge move there
  Cont,    // after a split at a gap: a move from the previous location
  Stay,    // after a use in a tiny piece: the spill slot still holds the value
};

struct Seg {
  uint32_t from, to; // inclusive positions
  SegStart start;
};

/// A position where a vreg is read or written (for weights, hints and spilling).
struct Mention {
  uint32_t pos;
  uint32_t block;
  bool needsReg; // a Reg-constrained operand of the vreg's own location
  bool direct;   // an operand of the vreg's own location (not a temp's or an edge's read)
  bool isDef;
  uint8_t hint;  // a fixed register it is copied to/from, or kNoReg
};

/// A register an operand uses instead of its vreg's location: a fixed register, or the
/// register a tied (reuse) def shares with its input. Values are copied in at the gap
/// before the instruction, out at the gap after it (or at the successors' entries).
struct Temp {
  uint32_t inst;
  RegClass cls;
  PReg reg;                 // fixed; invalid for a free temp (its piece's register)
  uint32_t from, to;        // positions it occupies
  uint32_t useVReg = kNone; // copied in
  uint32_t defVReg = kNone; // copied out
  uint32_t piece = kNone;   // free temps: the piece allocated for it
};

/// Stages of a piece: a whole vreg, a region (blocks), a local cluster of register uses
/// (close together in one block), a tiny piece around one instruction's operands.
inline constexpr uint8_t kStageWhole = 0, kStageRegion = 1, kStageLocal = 2, kStageTiny = 3;
/// Register operands at most this many instructions apart share a local cluster.
inline constexpr uint32_t kClusterGap = 3;

struct Piece {
  uint32_t vreg = kNone; // kNone for a temp's piece
  uint32_t temp = kNone;
  uint32_t segBegin = 0, segEnd = 0; // into segPool_, sorted, disjoint
  Allocation loc;
  float weight = 0; // spill weight; infinite for tiny pieces and temps
  float prio = 0;   // queue order: size weighted by block frequency
  RegClass cls = RegClass::Int;
  uint8_t stage = kStageWhole;
  uint8_t evictions = 0;
  bool needsReg = false;
  bool dead = false; // replaced by the pieces it was split into
  bool slotHolds = false; // a local cluster: the spill slot holds the value at its start
};

class Allocator {
public:
  Allocator();
  Expected<Output> run(const Input &input);

  // Statistics of the last run (for tests and benchmarks).
  uint32_t numEvictions_ = 0, numRegionSplits_ = 0, numSpills_ = 0;

private:
  struct Occ {
    uint32_t to;
    uint32_t piece; // or kReserved
  };
  using OccMap = std::pmr::map<uint32_t, Occ>;
  struct QueueEntry {
    float prio;
    uint32_t piece;
    friend bool operator<(const QueueEntry &a, const QueueEntry &b) {
      return a.prio < b.prio || (a.prio == b.prio && a.piece > b.piece);
    }
  };
  struct TinyRange {
    uint32_t from, to;
    bool slotHolds = false; // the spill slot holds the value when the range starts
  };
  struct Located {
    uint32_t from, to;
    Allocation loc;
    SegStart start;
  };
  struct ContMove {
    uint32_t inst, vreg;
    Allocation to;
  };
  struct PendingMove {
    Allocation from, to;
    RegClass cls;
  };

  void reset(const Input &input);
  Error error(uint32_t inst, const std::string &what) const {
    return makeError("register allocation: inst" + std::to_string(inst) + ": " + what);
  }

  // ExperimentalLiveness.cpp
  void scanInput();
  Expected<void> makeTemps();
  Expected<void> reserve(PReg r, uint32_t from, uint32_t to, uint32_t inst);
  void computeFrequencies();
  void collectMentions();
  Expected<void> computeLiveIns();
  void buildSegments();
  void makeInitialPieces();

  // Experimental.cpp
  uint32_t newPiece(uint32_t vreg, uint32_t temp, RegClass cls, uint8_t stage);
  void finishPiece(uint32_t id);
  void enqueue(uint32_t id);
  bool occupied(PReg r, uint32_t pos) const;
  bool findConflicts(uint32_t id, PReg r);
  void assign(uint32_t id, PReg r);
  void unassign(uint32_t id);
  void hintsFor(uint32_t id);
  Expected<void> allocatePieces();
  Expected<void> allocatePiece(uint32_t id);
  bool regionSplit(uint32_t id);
  void spillSplit(uint32_t id);
  Allocation locAt(uint32_t v, uint32_t pos) const;
  /// Where the gap before instruction i reads v: a def's temporary right after it.
  Allocation readLoc(uint32_t v, uint32_t i) const;
  void buildLocated();
  PReg tempReg(uint32_t t) const;
  Allocation exitLoc(uint32_t v, uint32_t term) const;
  void addMove(Allocation from, Allocation to, RegClass cls);
  Expected<void> flushMoves(uint32_t inst, uint32_t freeAt);
  Expected<void> resolve();

  uint32_t blockOfPos(uint32_t pos) const { return blockOfInst_[instOf(pos)]; }
  bool isTerminator(uint32_t i) const { return in_->isBranch(i) || in_->isRet(i); }
  /// The last position a value written by instruction i can stay in its register before
  /// the next gap's moves: R of the next instruction, or L of a terminator.
  uint32_t gapAfter(uint32_t i) const { return isTerminator(i) ? posL(i) : posR(i + 1); }
  std::pair<uint32_t, uint32_t> mentionRange(uint32_t v, uint32_t from, uint32_t to) const;
  std::span<const uint32_t> liveInOf(uint32_t b) const {
    return std::span<const uint32_t>(liveIn_).subspan(liveInOffsets_[b],
                                                      liveInOffsets_[b + 1] - liveInOffsets_[b]);
  }
  std::span<const uint32_t> tempsAt(uint32_t i) const {
    return std::span<const uint32_t>(tempIds_).subspan(tempOffsets_[i],
                                                       tempOffsets_[i + 1] - tempOffsets_[i]);
  }
  uint32_t slotFor(uint32_t v) {
    if (slot_[v] == kNone) {
      slot_[v] = out_.numSpillSlots++;
      out_.spillSlotClasses.push_back(cls_[v]);
    }
    return slot_[v];
  }

  const Input *in_ = nullptr;
  Output out_;

  // Machine.
  std::vector<PReg> order_[mach::kNumRegClasses];
  PRegSet allocatable_;

  // Per block / instruction.
  std::vector<uint32_t> blockOfInst_;
  std::vector<float> freq_;
  std::vector<int32_t> depthDelta_;
  std::vector<uint32_t> blockOrder_;
  std::vector<uint32_t> liveInOffsets_, liveIn_;
  std::vector<std::pair<uint32_t, uint32_t>> liveInPairs_; // (block, vreg)
  std::vector<uint32_t> blockStamp_;
  std::vector<uint8_t> jumpToJoin_; // per inst: a terminator whose only successor is a join

  // Per operand.
  std::vector<uint32_t> opTemp_;

  // Per vreg.
  std::vector<RegClass> cls_;
  std::vector<uint32_t> defBlock_, defTemp_, partner_, slot_, liveEnd_;
  std::vector<uint32_t> rematInst_; // the constant's definition to re-execute, or kNone
  std::vector<uint8_t> isParam_, used_, lastReg_;
  std::vector<uint32_t> mentionOffsets_;
  std::vector<Mention> mentions_, scratchMentions_;
  std::vector<uint32_t> segOffsets_; // per vreg, into segBuild_ (initial segments)
  std::vector<std::pair<uint32_t, Seg>> segBuild_;
  std::vector<uint32_t> locatedOffsets_;
  std::vector<Located> located_;

  // Temps, by instruction.
  std::vector<Temp> temps_;
  std::vector<uint32_t> tempOffsets_, tempIds_;

  // Pieces and registers.
  std::vector<Piece> pieces_;
  std::vector<Seg> segPool_;
  std::pmr::unsynchronized_pool_resource pool_;
  std::vector<OccMap> occ_;
  std::vector<QueueEntry> queue_; // a max-heap
  std::vector<uint32_t> conflicts_, pieceStamp_;
  uint32_t conflictStamp_ = 0;
  std::vector<PReg> hints_;
  std::vector<uint32_t> ufParent_, compOf_;
  std::vector<TinyRange> tinyRanges_;
  std::vector<uint32_t> liveList_;

  // Resolution.
  std::vector<ContMove> contAt_;
  std::vector<PendingMove> pending_;
  std::vector<std::pair<uint32_t, uint32_t>> storeAt_; // (inst, vreg): store at the gap
  ParallelMoves moves_;
  uint32_t emergency_[mach::kNumRegClasses][2];
};

} // namespace irc::regalloc::exp
