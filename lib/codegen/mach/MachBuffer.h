// MachBuffer: where a target's emitter writes one function's machine code.
//
// The emitter appends bytes and records labels, label uses, relaxable branches,
// relocations, traps, call sites, patch sites and CFI at the current offset. finish()
// lays the code out and returns CompiledCode with every offset final.
//
// Branches to labels are relaxable: the emitter does not write them, it records them
// with addBranch and a target-provided BranchKind that can encode a short and a long
// form. finish() starts with every branch short, lengthens the ones whose displacement
// does not fit, and repeats until nothing changes (sizes only grow, so this ends). Every
// other record remembers how many branches came before it, so its final offset is its
// raw offset plus the sizes of those branches: layout never needs to search.
//
// Invariants:
// - every label used is bound exactly once before finish();
// - records are appended in offset order (the emitter only appends);
// - bytes between branches are never moved relative to each other.
#pragma once

#include "codegen/ir/ExternalName.h"
#include "codegen/ir/TrapCode.h"
#include "codegen/mach/CompiledCode.h"

#include <cstdint>
#include <span>
#include <vector>

namespace irc::mach {

struct Label {
  uint32_t id = 0xffffffffu;
  bool isValid() const { return id != 0xffffffffu; }
  friend bool operator==(Label a, Label b) { return a.id == b.id; }
};

/// How a non-relaxable field refers to a label. The stored value is
///   (target - (fieldOffset + pcBias)) >> shift        for PC-relative uses
///   (target - base) >> shift                          when base is valid
/// written in `bytes` bytes with the given byte order; it must fit in `bytes` signed.
struct LabelUse {
  uint8_t bytes = 4;
  int8_t pcBias = 4;
  uint8_t shift = 0;
  bool bigEndian = false;
  Label base{}; // when valid: a label difference, not PC-relative
};

/// A target's relaxable branch. `encode` writes the instruction for the given form and
/// displacement (target offset minus the branch's own start offset) into `out`, which has
/// exactly shortSize or longSize bytes. `shortReaches` says whether a displacement fits
/// the short form. A kind with shortSize == 0 means "no short form".
struct BranchKind {
  uint8_t shortSize = 0;
  uint8_t longSize = 0;
  bool (*shortReaches)(int64_t displacement) = nullptr;
  void (*encode)(bool isShort, int64_t displacement, uint32_t payload, std::span<uint8_t> out) =
      nullptr;
};

class MachBuffer {
public:
  explicit MachBuffer(bool bigEndian) : bigEndian_(bigEndian) {}

  /// Raw offset (not final while relaxable branches precede it).
  uint32_t rawOffset() const { return static_cast<uint32_t>(bytes_.size()); }
  /// Relaxable branches recorded so far (with rawOffset: did an instruction emit anything?).
  uint32_t numBranches() const { return static_cast<uint32_t>(branches_.size()); }

  void put1(uint8_t b) { bytes_.push_back(b); }
  void put2(uint16_t v);
  void put4(uint32_t v);
  void put8(uint64_t v);
  void putBytes(std::span<const uint8_t> b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
  /// Patch bytes already written (for fields filled after emission of the instruction).
  void patch4(uint32_t rawOffset, uint32_t v);

  Label newLabel();
  void bindLabel(Label l);

  /// Records that the field at rawFieldOffset (already written, zero) refers to `target`.
  void useLabel(uint32_t rawFieldOffset, Label target, const LabelUse &use);
  /// Appends a relaxable branch to `target` at the current offset. `payload` is passed
  /// back to encode (a condition code, typically).
  void addBranch(Label target, const BranchKind &kind, uint32_t payload);

  /// The following record the current offset (or the given raw one).
  void addReloc(uint32_t rawFieldOffset, Reloc kind, const ir::ExternalName &target,
                int64_t addend);
  void addTrap(ir::TrapCode code); // at the current offset: the trapping instruction starts here
  void addCallSite(uint32_t rawCallOffset, std::vector<std::pair<std::optional<uint32_t>, Label>> handlers);
  void addPatchSite(uint32_t rawStart, uint32_t length);
  void addCfi(CfiOp op); // op.codeOffset is ignored: the current offset is used
  void addSavedVector(uint16_t reg, int32_t cfaOffset);

  /// Constants placed after the code (a literal pool), aligned; returns their label.
  Label addConstant(std::span<const uint8_t> bytes, uint32_t align);

  /// Lays out branches and constants, resolves label uses, and returns the code.
  CompiledCode finish();

private:
  struct Pos {
    uint32_t raw;
    uint32_t branchesBefore;
  };
  static constexpr uint32_t kUnbound = ~0u;
  Pos here() const { return Pos{rawOffset(), static_cast<uint32_t>(branches_.size())}; }
  /// The position of raw offset `raw` (at most the current one): after every branch
  /// recorded at or before it.
  Pos posAt(uint32_t raw) const;

  struct Branch {
    Pos pos;
    Label target;
    const BranchKind *kind;
    uint32_t payload;
  };
  struct Use {
    Pos pos;
    Label target;
    LabelUse use;
  };
  struct Constant {
    std::vector<uint8_t> bytes;
    uint32_t align;
    Label label;
  };

  bool bigEndian_;
  std::vector<uint8_t> bytes_;
  std::vector<Pos> labels_; // per label: where it was bound (raw = ~0u while unbound)
  std::vector<Branch> branches_;
  std::vector<Use> uses_;
  std::vector<std::pair<Pos, RelocRecord>> relocs_;
  std::vector<std::pair<Pos, TrapRecord>> traps_;
  struct PendingCallSite {
    Pos call;
    Pos ret;
    std::vector<std::pair<std::optional<uint32_t>, Label>> handlers;
  };
  std::vector<PendingCallSite> callSites_;
  std::vector<std::pair<Pos, uint32_t>> patchSites_; // start, length
  std::vector<std::pair<Pos, CfiOp>> cfi_;
  std::vector<std::pair<Pos, SavedVectorReg>> savedVectors_;
  std::vector<Constant> constants_;
};

} // namespace irc::mach
