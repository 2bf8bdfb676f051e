// Driver: what every irc subcommand shares: reading input files, rendering diagnostics,
// building settings and target configurations, exit codes.
//
// Two kinds of errors, two channels, two exit codes: problems in the input files are
// rendered as located diagnostics on stderr (exit 1); problems in the command line are
// one "irc: error: ..." line (exit 2). Log lines (Log.h, stderr) are neither.
#pragma once

#include "Commands.h"

#include "codegen/Settings.h"
#include "parser/TestFile.h"
#include "support/Diagnostic.h"
#include "support/Expected.h"
#include "target/TargetInfo.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace irc::tool {

enum ExitCode : int { kExitSuccess = 0, kExitBadInput = 1, kExitBadUsage = 2 };

/// Prints "irc: error: MESSAGE" to stderr.
void printError(std::string_view message);

/// Applies --set options to default settings, so bad ones are reported before any input
/// is read. Prints the error and returns nullopt on failure (exit 2).
std::optional<codegen::Settings> checkCommandLineSettings(const CommonOptions &options);

/// regalloc_algorithm=experimental: a one-line warning (it is unsupported), or, when this
/// irc was built without it, an error (false).
bool checkRegallocChoice(const codegen::Settings &settings);

/// The whole file, binary-safe ("-" is stdin). Error: "cannot read 'x': No such file or
/// directory".
Expected<std::string> readInputFile(const std::string &path);

/// One input file: its text and what the parser made of it.
struct InputFile {
  std::string path; // as given on the command line
  std::string text;
  parser::TestFile parsed;
};

/// Reads and parses a file, printing any error; nullopt means exit 1.
std::optional<InputFile> loadInputFile(const std::string &path, bool keepComments);

/// Renders a diagnostic against the file's text on stderr.
void printDiagnostic(const InputFile &file, const Diagnostic &diag);

/// The file's settings for one target (its `set` lines), then the --set options. File
/// errors are printed as diagnostics; returns false if there were any.
bool applySettings(const InputFile &file, const std::vector<parser::Setting> &fileSettings,
                   const CommonOptions &options, codegen::Settings &settings);

/// Applies a target line's flags; unknown flags are printed as diagnostics (false).
bool applyIsaFlags(const InputFile &file, const parser::TargetSpec &spec, target::IsaFlags &flags);

/// Checks a file's header: every `set` line names a valid setting, every `target` line a
/// known ISA with valid flags (flags are checked for the ISAs irc supports). Prints each
/// problem as a diagnostic; returns false if there was any.
bool checkFileHeader(const InputFile &file);

/// Pointer width for verifying a file's functions: that of its first `target` line, else
/// 64 (call after checkFileHeader).
unsigned pointerBitsForFile(const InputFile &file);

/// Verifies every function of a file, printing each error; returns the error count.
size_t verifyFile(InputFile &file, unsigned pointerBits);

} // namespace irc::tool
