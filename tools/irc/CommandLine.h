// CommandLine: turns argv into the subcommand to run and its options. CommandLine.cpp is
// the only user of CLI11 (its headers are slow to compile), so every option, help text
// and usage error of irc is defined there.
#pragma once

#include "Commands.h"

#include <variant>

namespace irc::tool {

/// The subcommand to run (which alternative) and its options.
using CommandOptions = std::variant<PrintOptions, VerifyOptions, CompileOptions, TestOptions>;

/// A subcommand to run, or the exit code when the command line was all there was to do:
/// 0 once --help or --version is printed, 2 once a usage error is printed.
using ParsedCommandLine = std::variant<CommandOptions, int>;

ParsedCommandLine parseCommandLine(int argc, char **argv);

} // namespace irc::tool
