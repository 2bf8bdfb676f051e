// Test file printing. Header lines come back from TestFile::headerLines, so their order
// (and the grouping of settings on `set` lines) is the file's; a blank line separates
// the header from the functions and the functions from each other.
#include "parser/TestFilePrinter.h"

#include "codegen/ir/Printer.h"

namespace irc::parser {

namespace {

std::string settingText(const Setting &s) {
  return s.value.empty() ? s.name : s.name + "=" + s.value;
}

} // namespace

std::string printTestFile(const TestFile &file) {
  std::string out;
  for (const HeaderLine &line : file.headerLines) {
    switch (line.kind) {
    case HeaderLine::Kind::Test: {
      const TestCommand &cmd = file.commands[line.index];
      out += "test " + cmd.name;
      for (const std::string &option : cmd.options)
        out += " " + option;
      break;
    }
    case HeaderLine::Kind::Set:
      out += "set";
      for (uint32_t i = 0; i < line.count; ++i)
        out += " " + settingText(file.settings[line.index + i]);
      break;
    case HeaderLine::Kind::Target: {
      const TargetSpec &target = file.targets[line.index];
      out += "target " + target.isa;
      for (const Setting &flag : target.isaFlags)
        out += " " + settingText(flag);
      break;
    }
    case HeaderLine::Kind::Feature: {
      const Feature &feature = file.features[line.index];
      out += std::string("feature ") + (feature.enabled ? "" : "!") + "\"" + feature.name + "\"";
      break;
    }
    }
    out += '\n';
  }
  for (const ParsedFunction &pf : file.functions) {
    if (!out.empty())
      out += '\n';
    out += ir::printFunction(*pf.function);
    if (out.empty() || out.back() != '\n')
      out += '\n';
  }
  return out;
}

} // namespace irc::parser
