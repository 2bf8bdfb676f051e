// CompiledCode: the machine code of one function and everything an object writer or a
// runtime needs to know about it. Offsets are bytes from the function's start.
#pragma once

#include "codegen/ir/ExternalName.h"
#include "codegen/ir/TrapCode.h"
#include "codegen/regalloc/Output.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace irc::mach {

/// Relocation kinds, irc's own names; lib/obj maps them to ELF types.
enum class Reloc : uint8_t {
  Abs4,             // 32-bit absolute address
  Abs8,             // 64-bit absolute address
  X86PCRel4,        // RIP-relative data reference (R_X86_64_PC32)
  X86CallPLTRel4,   // call rel32 through the PLT (R_X86_64_PLT32)
  X86GOTPCRel4,     // RIP-relative GOT entry (R_X86_64_GOTPCREL)
  S390xPCRel32Dbl,  // larl and friends (R_390_PC32DBL)
  S390xPLTRel32Dbl, // brasl through the PLT (R_390_PLT32DBL)
  S390xGOTEntRel32Dbl, // larl/lgrl of a GOT entry (R_390_GOTENT)
};

struct RelocRecord {
  uint32_t offset = 0; // of the field to patch
  Reloc kind = Reloc::Abs8;
  ir::ExternalName target;
  int64_t addend = 0;
};

struct TrapRecord {
  uint32_t offset = 0; // of the trapping instruction
  ir::TrapCode code;
};

/// One exception handler of a call site: a tag (none for the default handler) and the
/// handler's code offset.
struct ExceptionHandler {
  std::optional<uint32_t> tag;
  uint32_t handlerOffset = 0;
};

struct CallSiteRecord {
  uint32_t callOffset = 0;      // start of the call instruction
  uint32_t returnAddrOffset = 0; // just after it
  std::vector<ExceptionHandler> handlers;
};

/// A patchable call: `length` bytes at `offset` that a runtime may replace by NOPs and
/// later restore.
struct PatchSiteRecord {
  uint32_t offset = 0;
  uint32_t length = 0;
};

/// A call-frame-information directive, at the code offset after which it holds. Register
/// numbers are DWARF numbers of the target.
struct CfiOp {
  enum class Kind : uint8_t {
    DefCfa,         // CFA = reg + offset
    DefCfaOffset,   // CFA = (current CFA reg) + offset
    DefCfaRegister, // CFA = reg + (current offset)
    Offset,         // reg saved at CFA + offset (offset is usually negative)
    Restore,        // reg has its value from the CIE again (restored)
    RememberState,
    RestoreState,
  };
  uint32_t codeOffset = 0;
  Kind kind = Kind::DefCfaOffset;
  uint16_t reg = 0;
  int32_t offset = 0;

  // One builder per kind (codeOffset is left 0: MachBuffer::addCfi sets it).
  static constexpr CfiOp defCfa(uint16_t reg, int32_t offset) {
    return CfiOp{0, Kind::DefCfa, reg, offset};
  }
  static constexpr CfiOp defCfaOffset(int32_t offset) {
    return CfiOp{0, Kind::DefCfaOffset, 0, offset};
  }
  static constexpr CfiOp defCfaRegister(uint16_t reg) {
    return CfiOp{0, Kind::DefCfaRegister, reg, 0};
  }
  static constexpr CfiOp savedAt(uint16_t reg, int32_t cfaOffset) {
    return CfiOp{0, Kind::Offset, reg, cfaOffset};
  }
  static constexpr CfiOp restore(uint16_t reg) { return CfiOp{0, Kind::Restore, reg, 0}; }
  static constexpr CfiOp rememberState() { return CfiOp{0, Kind::RememberState, 0, 0}; }
  static constexpr CfiOp restoreState() { return CfiOp{0, Kind::RestoreState, 0, 0}; }
};

/// A full-width vector register saved by the prologue (s390x: DWARF cannot say it; irc
/// writes its own section from these).
struct SavedVectorReg {
  uint16_t reg = 0;      // hardware number (v0..v31)
  int32_t cfaOffset = 0; // where its 16 bytes are, relative to the CFA
  uint32_t saveOffset = 0; // code offset after which the save is done
};

struct CompiledCode {
  std::vector<uint8_t> code; // instructions, then any constant pool
  uint32_t instBytes = 0;    // size of the instruction part (the rest is data)
  uint32_t alignment = 16;   // required alignment of the code's start
  std::vector<RelocRecord> relocs;
  std::vector<TrapRecord> traps;
  std::vector<CallSiteRecord> callSites;
  std::vector<PatchSiteRecord> patchSites;
  std::vector<CfiOp> cfi;
  std::vector<SavedVectorReg> savedVectors;
  uint32_t frameSize = 0; // bytes below the CFA the function uses, for information
  /// irc's assembly listing of the final code (filled when asked for).
  std::string asmText;
  /// The machine code before register allocation (filled when asked for).
  std::string vcodeText;
  /// What register allocation did, for `irc compile --regalloc-stats` and bench/.
  struct RegallocReport {
    regalloc::Stats stats;
    uint32_t insts = 0;        // machine instructions allocated
    uint64_t nanoseconds = 0;  // time spent in the allocator (and checker, when on)
  } regalloc;
};

} // namespace irc::mach
