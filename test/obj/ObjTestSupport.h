// Helpers of the object-writer tests: building CompiledCode by hand (bytes from
// llvm-mc-19 -show-encoding), writing objects into a scratch directory, running the
// binutils/LLVM tools, compilers and qemu on them, and reading their output back as
// plain rows that tests compare exactly.
#pragma once

#include "codegen/mach/CompiledCode.h"
#include "obj/ObjectWriter.h"

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace irc::obj::test {

/// Appends instructions and records at the current end of the code, so a record's offset
/// is written where its bytes are.
class CodeBuilder {
public:
  explicit CodeBuilder(uint32_t alignment = 16) { cc_.alignment = alignment; }

  CodeBuilder &bytes(std::initializer_list<uint8_t> b);
  CodeBuilder &bytes(const std::string &text, bool withNul); // string constants
  /// A relocated field starts here; its bytes come with the next bytes() call.
  CodeBuilder &reloc(mach::Reloc kind, const std::string &symbol, int64_t addend);
  CodeBuilder &cfi(mach::CfiOp::Kind kind, uint16_t reg, int32_t offset);
  CodeBuilder &callSite(uint32_t callBytes, std::vector<mach::ExceptionHandler> handlers);
  /// Ends the instructions: instBytes = current size.
  CodeBuilder &endInsts();
  /// Zero bytes up to a multiple of `align` (constant-pool alignment).
  CodeBuilder &alignTo(uint32_t align);
  uint32_t offset() const { return static_cast<uint32_t>(cc_.code.size()); }
  mach::CompiledCode build();

private:
  mach::CompiledCode cc_;
  bool ended_ = false;
};

/// An ObjectModule that owns its functions' code.
class ModuleBuilder {
public:
  explicit ModuleBuilder(std::string isa) { module_.targetIsa = std::move(isa); }
  ModuleBuilder &add(std::string symbol, mach::CompiledCode code, bool global = true);
  const ObjectModule &module() const { return module_; }

private:
  std::vector<std::unique_ptr<mach::CompiledCode>> codes_; // stable addresses
  ObjectModule module_;
};

struct CommandResult {
  int exitCode = -1;
  std::string output; // stdout and stderr, interleaved
};

/// Runs `command` with /bin/sh; output captured.
CommandResult runCommand(const std::string &command);
/// Whether `tool` is on PATH.
bool haveTool(const std::string &tool);
/// The first of `tools` missing from PATH, or "" when all are there.
std::string missingTool(std::initializer_list<const char *> tools);

/// A fresh directory under the system temp dir, removed on destruction (kept when the
/// environment variable IRC_KEEP_TEST_FILES is set).
class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  std::string path(const std::string &name) const { return (dir_ / name).string(); }

private:
  std::filesystem::path dir_;
};

void writeTextFile(const std::string &path, const std::string &text);
std::vector<uint8_t> readBinaryFile(const std::string &path);

/// writeElfObjectFile; fails the test on error.
void writeObjectOrFail(const ObjectModule &module, const std::string &path);

/// `readelf -W -s`: one row per symbol but the null one:
/// "<name> <TYPE> <BIND> <section name or UND> value=0x<hex> size=<dec>".
std::vector<std::string> symbolRows(const std::string &readelf, const std::string &object);
/// `readelf -W -r`: one row per relocation, "<section> +0x<offset> <TYPE> <symbol><+|-addend>".
std::vector<std::string> relocationRows(const std::string &readelf, const std::string &object);
/// `readelf -W -S`: section rows "<name> <TYPE> flags=<readelf flag letters> align=<n>".
std::vector<std::string> sectionRows(const std::string &readelf, const std::string &object);
/// Counts of CIEs and FDEs in `readelf --debug-dump=frames` output.
struct FrameCounts {
  int cies = 0;
  int fdes = 0;
};
FrameCounts countFrames(const std::string &framesDump);
/// Hex bytes of a section from `readelf -x`, e.g. "01000000 02000000 ..." joined in one
/// string without spaces.
std::string sectionHex(const std::string &readelf, const std::string &object,
                       const std::string &section);
/// Lines of `objdump -d` output that say "(bad)" or "<unknown>" at an address inside the
/// instructions of one of `module`'s functions (constant pools are data and may decode
/// as anything).
std::vector<std::string> badInstructions(const std::string &disassembly,
                                         const ObjectModule &module);

} // namespace irc::obj::test
