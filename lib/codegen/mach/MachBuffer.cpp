// MachBuffer: layout of one function's code (see MachBuffer.h for the model).
//
// finish() works on positions, never on searches: every record holds its raw offset and
// the number of relaxable branches recorded before it, so with extra[k] = total size of
// branches 0..k-1 its final offset is raw + extra[branchesBefore]. Relaxation recomputes
// extra[] (one prefix sum) and lengthens short branches that no longer reach, until
// nothing changes; branch sizes only grow, so the loop ends after at most one round per
// branch (in practice two or three rounds).
#include "codegen/mach/MachBuffer.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace irc::mach {

namespace {

void storeBytes(uint8_t *p, uint64_t v, unsigned bytes, bool bigEndian) {
  for (unsigned i = 0; i < bytes; ++i) {
    unsigned shift = 8 * (bigEndian ? bytes - 1 - i : i);
    p[i] = static_cast<uint8_t>(v >> shift);
  }
}

uint32_t alignUp(uint32_t v, uint32_t align) {
  assert(align != 0 && (align & (align - 1)) == 0 && "alignment must be a power of two");
  return (v + align - 1) & ~(align - 1);
}

} // namespace

void MachBuffer::put2(uint16_t v) {
  size_t at = bytes_.size();
  bytes_.resize(at + 2);
  storeBytes(&bytes_[at], v, 2, bigEndian_);
}

void MachBuffer::put4(uint32_t v) {
  size_t at = bytes_.size();
  bytes_.resize(at + 4);
  storeBytes(&bytes_[at], v, 4, bigEndian_);
}

void MachBuffer::put8(uint64_t v) {
  size_t at = bytes_.size();
  bytes_.resize(at + 8);
  storeBytes(&bytes_[at], v, 8, bigEndian_);
}

void MachBuffer::patch4(uint32_t rawOffset, uint32_t v) {
  assert(uint64_t(rawOffset) + 4 <= bytes_.size());
  storeBytes(&bytes_[rawOffset], v, 4, bigEndian_);
}

Label MachBuffer::newLabel() {
  labels_.push_back(Pos{kUnbound, 0});
  return Label{static_cast<uint32_t>(labels_.size() - 1)};
}

void MachBuffer::bindLabel(Label l) {
  assert(l.id < labels_.size() && labels_[l.id].raw == kUnbound && "label bound twice");
  labels_[l.id] = here();
}

MachBuffer::Pos MachBuffer::posAt(uint32_t raw) const {
  assert(raw <= rawOffset());
  // A branch recorded at raw offset R sits before byte R, so a field at R comes after it.
  // Records are made right after their bytes, so this loop almost never runs.
  size_t before = branches_.size();
  while (before > 0 && branches_[before - 1].pos.raw > raw)
    --before;
  return Pos{raw, static_cast<uint32_t>(before)};
}

void MachBuffer::useLabel(uint32_t rawFieldOffset, Label target, const LabelUse &use) {
  assert(target.id < labels_.size());
  assert(uint64_t(rawFieldOffset) + use.bytes <= bytes_.size());
  uses_.push_back(Use{posAt(rawFieldOffset), target, use});
}

void MachBuffer::addBranch(Label target, const BranchKind &kind, uint32_t payload) {
  assert(target.id < labels_.size());
  assert(kind.longSize > 0 && kind.encode != nullptr);
  assert(kind.shortSize == 0 || (kind.shortReaches != nullptr && kind.shortSize <= kind.longSize));
  branches_.push_back(Branch{here(), target, &kind, payload});
}

void MachBuffer::addReloc(uint32_t rawFieldOffset, Reloc kind, const ir::ExternalName &target,
                          int64_t addend) {
  relocs_.push_back({posAt(rawFieldOffset), RelocRecord{0, kind, target, addend}});
}

void MachBuffer::addTrap(ir::TrapCode code) { traps_.push_back({here(), TrapRecord{0, code}}); }

void MachBuffer::addCallSite(uint32_t rawCallOffset,
                             std::vector<std::pair<std::optional<uint32_t>, Label>> handlers) {
  callSites_.push_back(PendingCallSite{posAt(rawCallOffset), here(), std::move(handlers)});
}

void MachBuffer::addPatchSite(uint32_t rawStart, uint32_t length) {
  patchSites_.push_back({posAt(rawStart), length});
}

void MachBuffer::addCfi(CfiOp op) { cfi_.push_back({here(), op}); }

void MachBuffer::addSavedVector(uint16_t reg, int32_t cfaOffset) {
  savedVectors_.push_back({here(), SavedVectorReg{reg, cfaOffset, 0}});
}

Label MachBuffer::addConstant(std::span<const uint8_t> bytes, uint32_t align) {
  assert(align != 0 && (align & (align - 1)) == 0);
  Label l = newLabel();
  constants_.push_back(Constant{std::vector<uint8_t>(bytes.begin(), bytes.end()), align, l});
  return l;
}

CompiledCode MachBuffer::finish() {
  const size_t numBranches = branches_.size();
  std::vector<uint8_t> isShort(numBranches);
  std::vector<uint32_t> extra(numBranches + 1, 0);
  for (size_t k = 0; k < numBranches; ++k)
    isShort[k] = branches_[k].kind->shortSize != 0;

  std::vector<uint32_t> constantOffsets(constants_.size());
  uint32_t codeEnd = 0;
  auto finalOf = [&](Pos p) { return p.raw + extra[p.branchesBefore]; };
  auto layOut = [&] {
    for (size_t k = 0; k < numBranches; ++k) {
      const BranchKind &kind = *branches_[k].kind;
      extra[k + 1] = extra[k] + (isShort[k] ? kind.shortSize : kind.longSize);
    }
    codeEnd = rawOffset() + extra[numBranches];
    uint32_t at = codeEnd;
    for (size_t c = 0; c < constants_.size(); ++c) {
      at = alignUp(at, constants_[c].align);
      constantOffsets[c] = at;
      at += static_cast<uint32_t>(constants_[c].bytes.size());
    }
  };
  // Constant labels stay unbound in labels_: they are positions past the code's end.
  std::vector<uint32_t> constantOfLabel(labels_.size(), std::numeric_limits<uint32_t>::max());
  for (size_t c = 0; c < constants_.size(); ++c)
    constantOfLabel[constants_[c].label.id] = static_cast<uint32_t>(c);
  auto targetOffset = [&](Label l) -> uint32_t {
    uint32_t c = constantOfLabel[l.id];
    if (c != std::numeric_limits<uint32_t>::max())
      return constantOffsets[c];
    assert(labels_[l.id].raw != kUnbound && "label used but never bound");
    return finalOf(labels_[l.id]);
  };

  // Relaxation: lengthen every short branch that does not reach, until a fixed point.
  for (bool changed = true; changed;) {
    changed = false;
    layOut();
    for (size_t k = 0; k < numBranches; ++k) {
      if (!isShort[k])
        continue;
      const Branch &b = branches_[k];
      int64_t disp = int64_t(targetOffset(b.target)) - int64_t(b.pos.raw + extra[k]);
      if (!b.kind->shortReaches(disp)) {
        isShort[k] = 0;
        changed = true;
      }
    }
  }

  CompiledCode out;
  out.code.reserve(codeEnd + 64);
  uint32_t rawDone = 0;
  for (size_t k = 0; k < numBranches; ++k) {
    const Branch &b = branches_[k];
    out.code.insert(out.code.end(), bytes_.begin() + rawDone, bytes_.begin() + b.pos.raw);
    rawDone = b.pos.raw;
    uint32_t start = static_cast<uint32_t>(out.code.size());
    assert(start == b.pos.raw + extra[k]);
    uint8_t size = isShort[k] ? b.kind->shortSize : b.kind->longSize;
    out.code.resize(start + size, 0);
    int64_t disp = int64_t(targetOffset(b.target)) - int64_t(start);
    b.kind->encode(isShort[k] != 0, disp, b.payload,
                   std::span<uint8_t>(out.code.data() + start, size));
  }
  out.code.insert(out.code.end(), bytes_.begin() + rawDone, bytes_.end());
  assert(out.code.size() == codeEnd);
  out.instBytes = codeEnd;
  for (size_t c = 0; c < constants_.size(); ++c) {
    out.code.resize(constantOffsets[c], 0);
    out.code.insert(out.code.end(), constants_[c].bytes.begin(), constants_[c].bytes.end());
    out.alignment = std::max(out.alignment, constants_[c].align);
  }

  for (const Use &u : uses_) {
    uint32_t field = finalOf(u.pos);
    int64_t target = targetOffset(u.target);
    int64_t value = u.use.base.isValid() ? target - int64_t(targetOffset(u.use.base))
                                         : target - (int64_t(field) + u.use.pcBias);
    value >>= u.use.shift; // arithmetic: displacements are signed
    [[maybe_unused]] unsigned bits = 8u * u.use.bytes;
    assert((bits >= 64 || (value >= -(int64_t(1) << (bits - 1)) &&
                           value < (int64_t(1) << (bits - 1)))) &&
           "label use out of range");
    storeBytes(out.code.data() + field, static_cast<uint64_t>(value), u.use.bytes,
               u.use.bigEndian);
  }

  out.relocs.reserve(relocs_.size());
  for (auto &[pos, rec] : relocs_) {
    rec.offset = finalOf(pos);
    out.relocs.push_back(std::move(rec));
  }
  out.traps.reserve(traps_.size());
  for (auto &[pos, rec] : traps_) {
    rec.offset = finalOf(pos);
    out.traps.push_back(rec);
  }
  out.callSites.reserve(callSites_.size());
  for (PendingCallSite &cs : callSites_) {
    CallSiteRecord rec;
    rec.callOffset = finalOf(cs.call);
    rec.returnAddrOffset = finalOf(cs.ret);
    for (auto &[tag, label] : cs.handlers)
      rec.handlers.push_back(ExceptionHandler{tag, targetOffset(label)});
    out.callSites.push_back(std::move(rec));
  }
  for (auto &[pos, length] : patchSites_)
    out.patchSites.push_back(PatchSiteRecord{finalOf(pos), length});
  for (auto &[pos, op] : cfi_) {
    op.codeOffset = finalOf(pos);
    out.cfi.push_back(op);
  }
  for (auto &[pos, sv] : savedVectors_) {
    sv.saveOffset = finalOf(pos);
    out.savedVectors.push_back(sv);
  }
  return out;
}

} // namespace irc::mach
