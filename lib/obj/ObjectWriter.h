// ObjectWriter: turns compiled functions into one ELF relocatable object (.o) for x86_64
// or s390x, through LLVM's MC layer (object emission only; irc encodes its own
// instructions). This header is free of LLVM types.
//
// What always holds for a successful write (docs/object-format.md has the details):
// - one `.text` section holds the functions in input order, each aligned to its
//   CompiledCode::alignment, constant pool included; each function has an STT_FUNC
//   symbol with its size (the whole of CompiledCode::code);
// - every RelocRecord becomes one ELF relocation of the mapped type, at the record's
//   offset, with the record's addend unchanged; names not defined here are undefined
//   symbols;
// - `.eh_frame` has one CIE and one FDE per function, built from CompiledCode::cfi;
// - trap, call-site, patch-site and saved-vector records go to irc's own non-allocated
//   sections `.irc.*`;
// - the bytes depend only on the input: writing the same module twice gives the same
//   bytes, and any number of threads may write objects at once.
#pragma once

#include "codegen/mach/CompiledCode.h"
#include "support/Expected.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace irc::obj {

struct ObjectFunction {
  std::string symbol;                       // ELF symbol name, defined by this object
  bool global = true;                       // STB_GLOBAL, or STB_LOCAL when false
  const mach::CompiledCode *code = nullptr; // not owned; must outlive the write
};

struct ObjectModule {
  std::string targetIsa; // "x86_64" or "s390x"
  std::vector<ObjectFunction> functions;
};

/// Writes `module` as an ELF relocatable object. Fails (never aborts) on a target irc
/// does not know, a record that points outside its function, a relocation kind of the
/// other target, duplicate symbols and the like.
Expected<std::vector<uint8_t>> writeElfObject(const ObjectModule &module);

/// writeElfObject, then writes the bytes to `path` (replacing the file).
Expected<void> writeElfObjectFile(const ObjectModule &module, const std::string &path);

} // namespace irc::obj
