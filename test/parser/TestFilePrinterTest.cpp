// printTestFile: exact output for a small file, and print -> parse -> print being a fixed
// point over the whole corpus (which exercises parser and printer together).
#include "parser/Parser.h"
#include "parser/TestFilePrinter.h"

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

TestFile parseOk(std::string_view text) {
  auto r = parseTestFile(text);
  if (!r)
    FAIL(r.error().loc.line << ":" << r.error().loc.col << ": " << r.error().message);
  return std::move(r).value();
}

} // namespace

TEST_CASE("printTestFile keeps header lines in order", "[parser][printer]") {
  TestFile file = parseOk("; a comment\n"
                          "test compile precise-output\n"
                          "set opt_level=speed enable_verifier\n"
                          "target x86_64 has_avx=true\n"
                          "test run\n"
                          "set unwind_info=false\n"
                          "target s390x\n"
                          "feature !\"foo\"\n"
                          "\n"
                          "function %f(i32) -> i32 {\n"
                          "block0(v0: i32):\n"
                          "    return v0\n"
                          "}\n"
                          "function %g() {\n"
                          "block3:\n"
                          "    return\n"
                          "}\n");
  CHECK(printTestFile(file) == "test compile precise-output\n"
                               "set opt_level=speed enable_verifier\n"
                               "target x86_64 has_avx=true\n"
                               "test run\n"
                               "set unwind_info=false\n"
                               "target s390x\n"
                               "feature !\"foo\"\n"
                               "\n"
                               "function %f(i32) -> i32 fast {\n"
                               "block0(v0: i32):\n"
                               "    return v0\n"
                               "}\n"
                               "\n"
                               "function %g() fast {\n"
                               "block3:\n"
                               "    return\n"
                               "}\n");
}

TEST_CASE("printTestFile without a header starts with the first function", "[parser][printer]") {
  TestFile file = parseOk("function %f() {\nblock0:\n    return\n}\n");
  CHECK(printTestFile(file) == "function %f() fast {\nblock0:\n    return\n}\n");
}

TEST_CASE("print -> parse -> print is a fixed point over the corpus", "[parser][printer][corpus]") {
  fs::path dir = std::getenv("IRC_CLIF_CORPUS")
                     ? fs::path(std::getenv("IRC_CLIF_CORPUS"))
                     : fs::path(IRC_REPO_DIR) / ".." / "shared" / "clif-corpus";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    WARN("CLIF corpus not found at " << dir.string() << "; skipping");
    return;
  }
  std::vector<fs::path> files;
  for (const auto &entry : fs::recursive_directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".clif")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> failures;
  for (const fs::path &p : files) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    auto first = parseTestFile(ss.str());
    if (!first)
      continue; // the corpus test reports it
    std::string printed = printTestFile(*first);
    auto second = parseTestFile(printed);
    std::string name = fs::relative(p, dir).string();
    if (!second) {
      const Diagnostic &d = second.error();
      failures.push_back(name + ": reparse failed at " + std::to_string(d.loc.line) + ":" +
                         std::to_string(d.loc.col) + ": " + d.message);
      continue;
    }
    std::string again = printTestFile(*second);
    if (again != printed) {
      size_t at = 0;
      while (at < again.size() && at < printed.size() && again[at] == printed[at])
        ++at;
      size_t from = at > 60 ? at - 60 : 0;
      failures.push_back(name + ": output differs after reparse near '" +
                         printed.substr(from, 120) + "' vs '" + again.substr(from, 120) + "'");
    }
  }
  std::cout << "parser corpus: " << files.size() - failures.size() << "/" << files.size()
            << " files print as a fixed point\n";
  std::string list;
  for (const std::string &f : failures)
    list += f + "\n";
  INFO(list);
  CHECK(failures.empty());
}
