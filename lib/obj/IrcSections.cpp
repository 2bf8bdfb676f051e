// IrcSectionEmitter: one table row per `.irc.*` section (name, entry count, entry writer);
// the group framing around the entries is shared. Byte order comes from MC's emitIntValue,
// which writes in the target's order.
#include "obj/IrcSections.h"

#include "obj/ObjectFormat.h"

#include <llvm/BinaryFormat/ELF.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCExpr.h>
#include <llvm/MC/MCSectionELF.h>
#include <llvm/MC/MCStreamer.h>

#include <array>

namespace irc::obj {
namespace {

struct SectionSpec {
  std::string_view name;
  size_t (*entryCount)(const mach::CompiledCode &);
  // Writes all entries of one function; returns the number of bytes written.
  uint64_t (*emitEntries)(llvm::MCStreamer &, const mach::CompiledCode &);
};

uint64_t emitTraps(llvm::MCStreamer &s, const mach::CompiledCode &cc) {
  for (const mach::TrapRecord &t : cc.traps) {
    s.emitInt32(t.offset);
    s.emitInt8(t.code.raw());
    s.emitZeros(3);
  }
  return uint64_t(cc.traps.size()) * kTrapEntryBytes;
}

uint64_t emitCallSites(llvm::MCStreamer &s, const mach::CompiledCode &cc) {
  uint64_t bytes = 0;
  for (const mach::CallSiteRecord &c : cc.callSites) {
    s.emitInt32(c.callOffset);
    s.emitInt32(c.returnAddrOffset);
    s.emitInt32(static_cast<uint32_t>(c.handlers.size()));
    for (const mach::ExceptionHandler &h : c.handlers) {
      s.emitInt32(h.tag ? kHandlerHasTag : 0);
      s.emitInt32(h.tag.value_or(0));
      s.emitInt32(h.handlerOffset);
    }
    bytes += kCallSiteEntryBytes + uint64_t(c.handlers.size()) * kCallSiteHandlerBytes;
  }
  return bytes;
}

uint64_t emitPatchSites(llvm::MCStreamer &s, const mach::CompiledCode &cc) {
  for (const mach::PatchSiteRecord &p : cc.patchSites) {
    s.emitInt32(p.offset);
    s.emitInt32(p.length);
  }
  return uint64_t(cc.patchSites.size()) * kPatchSiteEntryBytes;
}

uint64_t emitSavedVregs(llvm::MCStreamer &s, const mach::CompiledCode &cc) {
  for (const mach::SavedVectorReg &v : cc.savedVectors) {
    s.emitInt32(v.saveOffset);
    s.emitInt32(static_cast<uint32_t>(v.cfaOffset));
    s.emitInt16(v.reg);
    s.emitZeros(2);
  }
  return uint64_t(cc.savedVectors.size()) * kSavedVregEntryBytes;
}

// Section order in the object is this order.
constexpr std::array<SectionSpec, 4> kSections{{
    {kTrapsSection, [](const mach::CompiledCode &cc) { return cc.traps.size(); }, emitTraps},
    {kCallSitesSection, [](const mach::CompiledCode &cc) { return cc.callSites.size(); },
     emitCallSites},
    {kPatchSitesSection, [](const mach::CompiledCode &cc) { return cc.patchSites.size(); },
     emitPatchSites},
    {kSavedVregsSection, [](const mach::CompiledCode &cc) { return cc.savedVectors.size(); },
     emitSavedVregs},
}};

} // namespace

void IrcSectionEmitter::emitAll(const ObjectModule &module,
                                std::span<llvm::MCSymbol *const> symbols) {
  for (const SectionSpec &spec : kSections) {
    uint32_t groups = 0;
    for (const ObjectFunction &fn : module.functions)
      groups += spec.entryCount(*fn.code) != 0;
    if (groups == 0)
      continue;

    // Type PROGBITS, flags 0: kept in .o files and linked executables, never loaded.
    streamer_.switchSection(context_.getELFSection(spec.name, llvm::ELF::SHT_PROGBITS, 0));
    streamer_.emitValueToAlignment(llvm::Align(8)); // at offset 0: sets sh_addralign only
    streamer_.emitInt32(kIrcSectionVersion);
    streamer_.emitInt32(groups);
    for (size_t i = 0; i < module.functions.size(); ++i) {
      const mach::CompiledCode &cc = *module.functions[i].code;
      const size_t count = spec.entryCount(cc);
      if (count == 0)
        continue;
      streamer_.emitValue(llvm::MCSymbolRefExpr::create(symbols[i], context_), 8);
      streamer_.emitInt32(static_cast<uint32_t>(count));
      streamer_.emitInt32(static_cast<uint32_t>(cc.code.size()));
      const uint64_t bytes = spec.emitEntries(streamer_, cc);
      streamer_.emitZeros((8 - bytes % 8) % 8);
    }
  }
}

} // namespace irc::obj
