// ObjectFormat: the facts about irc's objects that a reader needs too (irc inspect, tests):
// the ELF relocation each mach::Reloc becomes per target, and the names and binary layout
// of irc's own `.irc.*` sections. Free of LLVM types; docs/object-format.md explains it.
//
// Layout of every `.irc.*` section (all integers in the target's byte order, i.e. ELF
// EI_DATA: little-endian on x86_64, big-endian on s390x; sh_addralign 8, no SHF_ALLOC):
//   header:  u32 version (kIrcSectionVersion), u32 groupCount
//   groupCount groups, one per function that has at least one entry, in .text order:
//     u64 function address: 0 in the .o, plus an R_X86_64_64 / R_390_64 relocation to the
//         function (its symbol, or .text + its start when the writer used the section
//         symbol); a linker fills in the address
//     u32 entryCount, u32 codeSize (bytes of the function)
//     entryCount entries (layouts below), then zero bytes up to a multiple of 8
// Sections without any entry are not written.
#pragma once

#include "codegen/mach/CompiledCode.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace irc::obj {

enum class ObjectIsa : uint8_t { X86_64, S390x };

/// "x86_64" or "s390x"; nullopt for anything else.
std::optional<ObjectIsa> parseObjectIsa(std::string_view name);
std::string_view objectIsaName(ObjectIsa isa);

/// The ELF relocation a mach::Reloc becomes on one target.
struct ElfRelocInfo {
  std::string_view name; // as readelf prints it and MC's .reloc accepts it: "R_X86_64_PLT32"
  uint32_t type;         // ELF r_type
  uint8_t fieldBytes;    // bytes of the patched field, starting at RelocRecord::offset
};

/// The enumerator's name ("X86CallPLTRel4"), for messages.
std::string_view relocKindName(mach::Reloc kind);

/// nullopt when `kind` belongs to the other target (X86* on s390x, S390x* on x86_64).
std::optional<ElfRelocInfo> elfRelocFor(ObjectIsa isa, mach::Reloc kind);

inline constexpr uint32_t kIrcSectionVersion = 1;
inline constexpr std::string_view kTrapsSection = ".irc.traps";
inline constexpr std::string_view kCallSitesSection = ".irc.call_sites";
inline constexpr std::string_view kPatchSitesSection = ".irc.patch_sites";
inline constexpr std::string_view kSavedVregsSection = ".irc.saved_vregs";

inline constexpr uint32_t kIrcSectionHeaderBytes = 8;
inline constexpr uint32_t kIrcGroupHeaderBytes = 16;

// Entry layouts, in field order:
// .irc.traps        u32 offset, u8 trapCode (TrapCode::raw), u8[3] zero            8 bytes
// .irc.patch_sites  u32 offset, u32 length                                         8 bytes
// .irc.saved_vregs  u32 saveOffset, i32 cfaOffset, u16 reg (v0..v31), u16 zero     12 bytes
// .irc.call_sites   u32 callOffset, u32 returnAddrOffset, u32 handlerCount,
//                   then handlerCount x (u32 flags, u32 tag, u32 handlerOffset)    12 + 12n
//                   flags bit 0: the handler has a tag (else tag is 0: the default)
inline constexpr uint32_t kTrapEntryBytes = 8;
inline constexpr uint32_t kPatchSiteEntryBytes = 8;
inline constexpr uint32_t kSavedVregEntryBytes = 12;
inline constexpr uint32_t kCallSiteEntryBytes = 12;
inline constexpr uint32_t kCallSiteHandlerBytes = 12;
inline constexpr uint32_t kHandlerHasTag = 1;

} // namespace irc::obj
