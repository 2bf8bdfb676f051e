// ObjectFormat: the mach::Reloc -> ELF relocation table and the target names. The ELF type
// numbers come from LLVM's BinaryFormat, the one place they are spelled.
#include "obj/ObjectFormat.h"

#include <llvm/BinaryFormat/ELF.h>

namespace irc::obj {

std::optional<ObjectIsa> parseObjectIsa(std::string_view name) {
  if (name == "x86_64")
    return ObjectIsa::X86_64;
  if (name == "s390x")
    return ObjectIsa::S390x;
  return std::nullopt;
}

std::string_view objectIsaName(ObjectIsa isa) {
  switch (isa) {
  case ObjectIsa::X86_64:
    return "x86_64";
  case ObjectIsa::S390x:
    return "s390x";
  }
  return "?";
}

std::string_view relocKindName(mach::Reloc kind) {
  using mach::Reloc;
  switch (kind) {
  case Reloc::Abs4:
    return "Abs4";
  case Reloc::Abs8:
    return "Abs8";
  case Reloc::X86PCRel4:
    return "X86PCRel4";
  case Reloc::X86CallPLTRel4:
    return "X86CallPLTRel4";
  case Reloc::X86GOTPCRel4:
    return "X86GOTPCRel4";
  case Reloc::S390xPCRel32Dbl:
    return "S390xPCRel32Dbl";
  case Reloc::S390xPLTRel32Dbl:
    return "S390xPLTRel32Dbl";
  case Reloc::S390xGOTEntRel32Dbl:
    return "S390xGOTEntRel32Dbl";
  }
  return "?";
}

namespace {

#define IRC_ELF_RELOC(Name, Bytes)                                                                 \
  ElfRelocInfo { #Name, llvm::ELF::Name, Bytes }

std::optional<ElfRelocInfo> x86Reloc(mach::Reloc kind) {
  using mach::Reloc;
  switch (kind) {
  case Reloc::Abs4:
    return IRC_ELF_RELOC(R_X86_64_32, 4);
  case Reloc::Abs8:
    return IRC_ELF_RELOC(R_X86_64_64, 8);
  case Reloc::X86PCRel4:
    return IRC_ELF_RELOC(R_X86_64_PC32, 4);
  case Reloc::X86CallPLTRel4:
    return IRC_ELF_RELOC(R_X86_64_PLT32, 4);
  case Reloc::X86GOTPCRel4:
    return IRC_ELF_RELOC(R_X86_64_GOTPCREL, 4);
  case Reloc::S390xPCRel32Dbl:
  case Reloc::S390xPLTRel32Dbl:
  case Reloc::S390xGOTEntRel32Dbl:
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ElfRelocInfo> s390xReloc(mach::Reloc kind) {
  using mach::Reloc;
  switch (kind) {
  case Reloc::Abs4:
    return IRC_ELF_RELOC(R_390_32, 4);
  case Reloc::Abs8:
    return IRC_ELF_RELOC(R_390_64, 8);
  case Reloc::S390xPCRel32Dbl:
    return IRC_ELF_RELOC(R_390_PC32DBL, 4);
  case Reloc::S390xPLTRel32Dbl:
    return IRC_ELF_RELOC(R_390_PLT32DBL, 4);
  case Reloc::S390xGOTEntRel32Dbl:
    return IRC_ELF_RELOC(R_390_GOTENT, 4);
  case Reloc::X86PCRel4:
  case Reloc::X86CallPLTRel4:
  case Reloc::X86GOTPCRel4:
    return std::nullopt;
  }
  return std::nullopt;
}

#undef IRC_ELF_RELOC

} // namespace

std::optional<ElfRelocInfo> elfRelocFor(ObjectIsa isa, mach::Reloc kind) {
  switch (isa) {
  case ObjectIsa::X86_64:
    return x86Reloc(kind);
  case ObjectIsa::S390x:
    return s390xReloc(kind);
  }
  return std::nullopt;
}

} // namespace irc::obj
