// Parses every .clif file of Cranelift's filetest corpus, and every run directive in
// them against its function's signature. The corpus lives outside the repository
// (IRC_CLIF_CORPUS, else <repo>/../shared/clif-corpus); without it the tests warn and pass.
#include "parser/Parser.h"
#include "parser/RunCommand.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace irc;
using namespace irc::parser;
namespace fs = std::filesystem;

namespace {

fs::path corpusDir() {
  if (const char *env = std::getenv("IRC_CLIF_CORPUS"))
    return fs::path(env);
  return fs::path(IRC_REPO_DIR) / ".." / "shared" / "clif-corpus";
}

std::vector<fs::path> corpusFiles() {
  std::vector<fs::path> files;
  fs::path dir = corpusDir();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return files;
  for (const auto &entry : fs::recursive_directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".clif")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::string readFile(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string corpusRelative(const fs::path &p) { return fs::relative(p, corpusDir()).string(); }

} // namespace

TEST_CASE("every corpus file parses", "[parser][corpus]") {
  std::vector<fs::path> files = corpusFiles();
  if (files.empty()) {
    WARN("CLIF corpus not found at " << corpusDir().string() << "; skipping");
    return;
  }
  std::vector<std::string> failures;
  size_t functions = 0;
  for (const fs::path &p : files) {
    std::string text = readFile(p);
    auto result = parseTestFile(text);
    if (!result) {
      const Diagnostic &d = result.error();
      failures.push_back(corpusRelative(p) + ":" + std::to_string(d.loc.line) + ":" +
                         std::to_string(d.loc.col) + ": " + d.message);
      continue;
    }
    functions += result->functions.size();
  }
  std::cout << "parser corpus: " << files.size() - failures.size() << "/" << files.size()
            << " files parse (" << functions << " functions)\n";
  std::string list;
  for (const std::string &f : failures)
    list += f + "\n";
  INFO(list);
  CHECK(failures.empty());
  CHECK(files.size() >= 700);
}

TEST_CASE("every corpus run directive parses", "[parser][corpus]") {
  std::vector<fs::path> files = corpusFiles();
  if (files.empty()) {
    WARN("CLIF corpus not found at " << corpusDir().string() << "; skipping");
    return;
  }
  std::vector<std::string> failures;
  size_t directives = 0;
  for (const fs::path &p : files) {
    std::string text = readFile(p);
    auto result = parseTestFile(text);
    if (!result)
      continue; // reported by the test above
    // Like Cranelift, only `test run` and `test interpret` files execute directives.
    bool runs = false;
    for (const TestCommand &cmd : result->commands)
      runs = runs || cmd.name == "run" || cmd.name == "interpret";
    if (!runs)
      continue;
    for (const ParsedFunction &pf : result->functions) {
      for (const Comment &c : pf.comments) {
        if (!isRunDirective(c.text))
          continue;
        ++directives;
        auto cmd = parseRunCommand(c.text, pf.function->signature);
        if (!cmd)
          failures.push_back(corpusRelative(p) + ":" + std::to_string(c.loc.line) + ": " +
                             cmd.error().message + "   [" + c.text + "]");
      }
    }
  }
  std::cout << "parser corpus: " << directives - failures.size() << "/" << directives
            << " run directives parse\n";
  std::string list;
  for (const std::string &f : failures)
    list += f + "\n";
  INFO(list);
  CHECK(failures.empty());
  CHECK(directives >= 10000);
}
