// TestFile: everything a CLIF file holds besides its functions' IR: the header
// (test / set / target lines), comments, and the functions with their positions.
#pragma once

#include "codegen/ir/Function.h"
#include "support/SourceLoc.h"

#include <memory>
#include <string>
#include <vector>

namespace irc::parser {

/// "name" or "name=value" from a `set` line or a `target` line's flags.
struct Setting {
  std::string name;
  std::string value; // empty when the text gave only the name
  SourceLoc loc;
};

/// `test compile precise-output`: the command name and its options.
struct TestCommand {
  std::string name;
  std::vector<std::string> options;
  SourceLoc loc;
};

/// `target x86_64 has_avx`. `settings` are the `set` lines above it, in order: a `set`
/// applies to the targets after it.
struct TargetSpec {
  std::string isa;
  std::vector<Setting> isaFlags;
  std::vector<Setting> settings;
  SourceLoc loc;
};

/// A `;` comment, without the semicolon.
struct Comment {
  SourceLoc loc;
  std::string text;
};

struct ParsedFunction {
  std::unique_ptr<ir::Function> function;
  SourceLoc loc;           // of the `function` keyword
  uint32_t beginOffset = 0; // text span of the function: the `function` keyword...
  uint32_t endOffset = 0;   // ...to one past its closing `}`
  /// Comments from the start of this function up to the next function (or the end of
  /// the file): run lines and expected output live here.
  std::vector<Comment> comments;
};

/// `feature "foo"` or `feature !"foo"`: accepted and kept, irc does not act on it.
struct Feature {
  std::string name;
  bool enabled = true;
  SourceLoc loc;
};

/// One header line, in file order: which list it went to, so a printer can give the
/// header back line for line.
struct HeaderLine {
  enum class Kind : uint8_t { Test, Set, Target, Feature };
  Kind kind = Kind::Test;
  uint32_t index = 0; // into commands, settings (the line's first), targets, features
  uint32_t count = 1; // Set: how many settings the line holds
};

struct TestFile {
  std::vector<TestCommand> commands;
  std::vector<Setting> settings; // every setting of every `set` line, in order
  std::vector<TargetSpec> targets;
  std::vector<Feature> features;
  std::vector<HeaderLine> headerLines;
  std::vector<Comment> headerComments; // before the first function
  std::vector<ParsedFunction> functions;
};

} // namespace irc::parser
