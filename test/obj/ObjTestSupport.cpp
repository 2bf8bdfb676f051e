// Helpers of the object-writer tests (see ObjTestSupport.h).
#include "ObjTestSupport.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <sys/wait.h>

namespace irc::obj::test {

CodeBuilder &CodeBuilder::bytes(std::initializer_list<uint8_t> b) {
  cc_.code.insert(cc_.code.end(), b.begin(), b.end());
  return *this;
}

CodeBuilder &CodeBuilder::bytes(const std::string &text, bool withNul) {
  cc_.code.insert(cc_.code.end(), text.begin(), text.end());
  if (withNul)
    cc_.code.push_back(0);
  return *this;
}

CodeBuilder &CodeBuilder::reloc(mach::Reloc kind, const std::string &symbol, int64_t addend) {
  cc_.relocs.push_back({offset(), kind, ir::ExternalName::testCase(symbol), addend});
  return *this;
}

CodeBuilder &CodeBuilder::cfi(mach::CfiOp::Kind kind, uint16_t reg, int32_t off) {
  cc_.cfi.push_back({offset(), kind, reg, off});
  return *this;
}

CodeBuilder &CodeBuilder::callSite(uint32_t callBytes,
                                   std::vector<mach::ExceptionHandler> handlers) {
  cc_.callSites.push_back({offset(), offset() + callBytes, std::move(handlers)});
  return *this;
}

CodeBuilder &CodeBuilder::endInsts() {
  cc_.instBytes = offset();
  ended_ = true;
  return *this;
}

CodeBuilder &CodeBuilder::alignTo(uint32_t align) {
  while (cc_.code.size() % align != 0)
    cc_.code.push_back(0);
  return *this;
}

mach::CompiledCode CodeBuilder::build() {
  if (!ended_)
    cc_.instBytes = offset();
  return cc_;
}

ModuleBuilder &ModuleBuilder::add(std::string symbol, mach::CompiledCode code, bool global) {
  codes_.push_back(std::make_unique<mach::CompiledCode>(std::move(code)));
  module_.functions.push_back({std::move(symbol), global, codes_.back().get()});
  return *this;
}

CommandResult runCommand(const std::string &command) {
  CommandResult result;
  FILE *pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe)
    return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

bool haveTool(const std::string &tool) {
  return runCommand("command -v '" + tool + "' >/dev/null").exitCode == 0;
}

std::string missingTool(std::initializer_list<const char *> tools) {
  for (const char *tool : tools)
    if (!haveTool(tool))
      return tool;
  return "";
}

ScratchDir::ScratchDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "irc-obj-test-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    FAIL("cannot create a scratch directory");
  dir_ = pattern;
}

ScratchDir::~ScratchDir() {
  if (std::getenv("IRC_KEEP_TEST_FILES")) {
    std::fprintf(stderr, "kept %s\n", dir_.c_str());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void writeTextFile(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

std::vector<uint8_t> readBinaryFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void writeObjectOrFail(const ObjectModule &module, const std::string &path) {
  auto written = writeElfObjectFile(module, path);
  if (!written)
    FAIL(written.error().message);
}

namespace {

std::vector<std::string> words(const std::string &line) {
  std::istringstream in(line);
  return {std::istream_iterator<std::string>(in), {}};
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::string runOrFail(const std::string &command) {
  CommandResult r = runCommand(command);
  INFO(command << "\n" << r.output);
  REQUIRE(r.exitCode == 0);
  return r.output;
}

// "[ 2] .text" -> {2, ".text"}
std::map<std::string, std::string> sectionNamesByIndex(const std::string &readelf,
                                                       const std::string &object) {
  std::map<std::string, std::string> names;
  for (const std::string &line : lines(runOrFail(readelf + " -W -S " + object))) {
    auto open = line.find('[');
    auto close = line.find(']');
    if (open == std::string::npos || close == std::string::npos || close < open)
      continue;
    std::string index = line.substr(open + 1, close - open - 1);
    index.erase(0, index.find_first_not_of(' '));
    auto rest = words(line.substr(close + 1));
    if (!rest.empty() && !index.empty() && std::isdigit(static_cast<unsigned char>(index[0])))
      names[index] = rest[0];
  }
  return names;
}

std::string stripHex(const std::string &hex) {
  size_t i = hex.find_first_not_of('0');
  return i == std::string::npos ? "0" : hex.substr(i);
}

} // namespace

std::vector<std::string> symbolRows(const std::string &readelf, const std::string &object) {
  auto sections = sectionNamesByIndex(readelf, object);
  std::vector<std::string> rows;
  for (const std::string &line : lines(runOrFail(readelf + " -W -s " + object))) {
    auto w = words(line);
    if (w.size() < 7 || w[0].back() != ':' || w[0] == "Num:" || w[0] == "0:")
      continue;
    std::string section = w[6] == "UND" || w[6] == "ABS" ? w[6] : sections[w[6]];
    std::string name = w.size() > 7 ? w[7] : "";
    rows.push_back(name + " " + w[3] + " " + w[4] + " " + section + " value=0x" + stripHex(w[1]) +
                   " size=" + w[2]);
  }
  return rows;
}

std::vector<std::string> relocationRows(const std::string &readelf, const std::string &object) {
  std::vector<std::string> rows;
  std::string section;
  for (const std::string &line : lines(runOrFail(readelf + " -W -r " + object))) {
    if (line.starts_with("Relocation section '")) {
      section = line.substr(20, line.find('\'', 20) - 20);
      continue;
    }
    auto w = words(line);
    if (w.size() < 5 || w[0] == "Offset")
      continue;
    // offset info type value name [+|- addend]
    std::string target;
    for (size_t i = 4; i < w.size(); ++i)
      target += w[i];
    rows.push_back(section + " +0x" + stripHex(w[0]) + " " + w[2] + " " + target);
  }
  return rows;
}

std::vector<std::string> sectionRows(const std::string &readelf, const std::string &object) {
  std::vector<std::string> rows;
  for (const std::string &line : lines(runOrFail(readelf + " -W -S " + object))) {
    auto close = line.find(']');
    if (line.find('[') == std::string::npos || close == std::string::npos)
      continue;
    auto w = words(line.substr(close + 1));
    // name type address offset size entsize [flags] link info align
    if (w.size() < 9 || w[0] == "Name")
      continue;
    const bool hasFlags = w.size() == 10;
    rows.push_back(w[0] + " " + w[1] + " flags=" + (hasFlags ? w[6] : "") + " align=" + w.back());
  }
  return rows;
}

FrameCounts countFrames(const std::string &framesDump) {
  FrameCounts counts;
  for (const std::string &line : lines(framesDump)) {
    auto w = words(line);
    if (w.size() >= 4 && w[3] == "CIE")
      ++counts.cies;
    if (w.size() >= 4 && w[3] == "FDE")
      ++counts.fdes;
  }
  return counts;
}

std::string sectionHex(const std::string &readelf, const std::string &object,
                       const std::string &section) {
  std::string hex;
  for (const std::string &line : lines(runOrFail(readelf + " -x " + section + " " + object))) {
    // "  0x00000000 01000000 02000000 00000000 00000000 ................": four groups of
    // up to 8 hex digits in fixed columns, then the bytes as text.
    if (line.size() < 13 || line.compare(2, 2, "0x") != 0)
      continue;
    for (char c : line.substr(13, 36))
      if (c != ' ')
        hex += c;
  }
  return hex;
}

std::vector<std::string> badInstructions(const std::string &disassembly,
                                         const ObjectModule &module) {
  std::map<std::string, uint32_t> instBytes;
  for (const ObjectFunction &fn : module.functions)
    instBytes[fn.symbol] = fn.code->instBytes;
  std::vector<std::string> bad;
  uint64_t start = 0;
  uint32_t limit = 0; // instBytes of the function being listed
  for (const std::string &line : lines(disassembly)) {
    // "0000000000000030 <irc_hello>:" starts a function's listing.
    if (!line.empty() && line.back() == ':' && line.find(" <") != std::string::npos &&
        std::isxdigit(static_cast<unsigned char>(line[0]))) {
      const size_t open = line.find(" <");
      start = std::stoull(line.substr(0, open), nullptr, 16);
      auto it = instBytes.find(line.substr(open + 2, line.size() - open - 4));
      limit = it == instBytes.end() ? 0 : it->second;
      continue;
    }
    // "      52: 68 65 6c 6c  ld ..." is one instruction.
    auto w = words(line);
    if (w.empty() || w[0].back() != ':' ||
        w[0].find_first_not_of("0123456789abcdef:") != std::string::npos)
      continue;
    const uint64_t address = std::stoull(w[0], nullptr, 16);
    if (address >= start && address < start + limit &&
        (line.find("(bad)") != std::string::npos || line.find("<unknown>") != std::string::npos))
      bad.push_back(line);
  }
  return bad;
}

} // namespace irc::obj::test
