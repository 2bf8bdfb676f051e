// Printer and parser against each other: for every file of the CLIF corpus,
// print(parse(print(parse(x)))) must equal print(parse(x)); and for irc's own small
// inputs, print(parse(x)) must be the expected canonical text.
#include "codegen/ir/Printer.h"
#include "parser/Parser.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using irc::ir::printFunction;
using irc::parser::parseTestFile;

namespace {

fs::path corpusDir() {
  if (const char *env = std::getenv("IRC_CLIF_CORPUS"); env && *env)
    return env;
  return fs::path(IRC_SOURCE_DIR) / ".." / "shared" / "clif-corpus";
}

std::string readFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// "line N: `first`  vs  `second`" for the first line where the texts differ.
std::string firstDifference(std::string_view a, std::string_view b) {
  std::vector<std::string_view> la = splitLines(a), lb = splitLines(b);
  size_t n = std::max(la.size(), lb.size());
  for (size_t k = 0; k < n; ++k) {
    std::string_view x = k < la.size() ? la[k] : "<end>";
    std::string_view y = k < lb.size() ? lb[k] : "<end>";
    if (x != y)
      return "line " + std::to_string(k + 1) + ": `" + std::string(x) + "` then `" +
             std::string(y) + "`";
  }
  return "texts differ only in line endings";
}

std::string lineAt(std::string_view text, uint32_t line) {
  std::vector<std::string_view> lines = splitLines(text);
  return line >= 1 && line <= lines.size() ? std::string(lines[line - 1]) : std::string();
}

std::string describe(const irc::Diagnostic &d, std::string_view text) {
  return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message +
         " (in `" + lineAt(text, d.loc.line) + "`)";
}

/// What a printed function must keep, independent of entity indices: the preamble sizes
/// and, per block and instruction in layout order, what the text says about them. A
/// printer that dropped something would still reach a fixed point; this catches it.
std::string structure(const irc::ir::Function &f) {
  using namespace irc::ir;
  std::string s = f.externalName.text() + signatureText(f.signature);
  s += " ss" + std::to_string(f.stackSlots.size()) + " dss" +
       std::to_string(f.dynamicStackSlots.size()) + " gv" + std::to_string(f.globalValues.size()) +
       " dt" + std::to_string(f.dynamicTypes.size()) + " region" +
       std::to_string(f.aliasRegions.size()) + " sig" + std::to_string(f.dfg.signatures.size()) +
       " fn" + std::to_string(f.dfg.extFuncs.size()) + (f.stackLimit ? " limit" : "") + "\n";
  for (Block b : f.layout.blocks()) {
    s += f.name(b) + (f.dfg.isCold(b) ? " cold" : "");
    for (Value p : f.dfg.blockParams(b))
      s += " " + f.name(p) + ":" + f.dfg.valueType(p).name();
    s += "\n";
    for (Inst i : f.layout.insts(b)) {
      s += std::string(opcodeName(f.dfg.opcode(i)));
      for (Value r : f.dfg.results(i))
        s += " " + f.name(r) + ":" + f.dfg.valueType(r).name();
      s += " args" + std::to_string(f.dfg.instArgs(i).size());
      if (f.srcLocs[i])
        s += " @" + std::to_string(*f.srcLocs[i]);
      if (auto t = f.debugTags.find(i.index()); t != f.debugTags.end())
        s += " tags" + std::to_string(t->second.size());
      if (auto m = f.userStackMaps.find(i.index()); m != f.userStackMaps.end())
        s += " map" + std::to_string(m->second.size());
      s += "\n";
    }
  }
  return s;
}

/// print(parse(x)): the canonical text of every function of a file, each ending in "\n".
std::string canonical(std::string_view text) {
  auto parsed = parseTestFile(text);
  if (!parsed)
    return "parse error: " + describe(parsed.error(), text);
  std::string out;
  for (const auto &fn : parsed->functions)
    out += printFunction(*fn.function);
  return out;
}

} // namespace

TEST_CASE("corpus: print -> parse -> print is a fixed point", "[corpus][printer][parser]") {
  fs::path dir = corpusDir();
  if (!fs::is_directory(dir)) {
    WARN("CLIF corpus not found at " << dir.string() << " (set IRC_CLIF_CORPUS); skipped");
    return;
  }
  std::vector<fs::path> files;
  for (const auto &entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".clif")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  irc::parser::ParseOptions options;
  options.keepComments = false;
  size_t roundTripped = 0;
  std::vector<std::string> failures;
  for (const fs::path &path : files) {
    std::string name = fs::relative(path, dir).string();
    std::string text = readFile(path);
    auto first = parseTestFile(text, options);
    if (!first) {
      failures.push_back(name +
                         ": the corpus file does not parse: " + describe(first.error(), text));
      continue;
    }
    // The printed functions go under the file's own header, so test, set and target
    // lines (which may change how functions parse) stay the same.
    std::string printed =
        first->functions.empty() ? text : text.substr(0, first->functions.front().beginOffset);
    std::vector<std::string> texts;
    for (const auto &fn : first->functions) {
      texts.push_back(printFunction(*fn.function));
      printed += texts.back();
      printed += '\n';
    }
    auto second = parseTestFile(printed, options);
    if (!second) {
      failures.push_back(name +
                         ": the printed text does not parse: " + describe(second.error(), printed));
      continue;
    }
    if (second->functions.size() != texts.size()) {
      failures.push_back(name + ": printed " + std::to_string(texts.size()) +
                         " functions, parsed back " + std::to_string(second->functions.size()));
      continue;
    }
    for (size_t k = 0; k < texts.size(); ++k) {
      const irc::ir::Function &original = *first->functions[k].function;
      const irc::ir::Function &reparsed = *second->functions[k].function;
      std::string where =
          name + ": function " + std::to_string(k + 1) + " " + original.externalName.text();
      std::string again = printFunction(reparsed);
      std::string before = structure(original), after = structure(reparsed);
      if (again != texts[k])
        failures.push_back(where + " changes on a round trip, " + firstDifference(texts[k], again));
      else if (before != after)
        failures.push_back(where + " loses information in print, " +
                           firstDifference(before, after));
      else
        ++roundTripped;
    }
  }
  std::printf("corpus round trip: %zu files, %zu functions round-tripped, %zu failures\n",
              files.size(), roundTripped, failures.size());
  for (const std::string &f : failures)
    FAIL_CHECK(f);
  CHECK(roundTripped > 0);
}

// irc's own inputs: spacing, redundant suffixes, empty argument lists and literal
// spellings all come out in one canonical form.
TEST_CASE("corpus: canonical text of small inputs", "[corpus][printer][parser]") {
  SECTION("spacing, suffixes, empty parentheses, aliases") {
    CHECK(canonical("function %f(i32,i64 uext)->i32 system_v{\n"
                    "block5(  v7:i32,v8 : i64 ):\n"
                    "  v9 = iadd.i32 v7,v7\n"
                    "  brif v9, block6(v9), block6(v7)\n"
                    "block6(v10: i32):\n"
                    "  v11 -> v10\n"
                    "  jump block7()\n"
                    "block7():\n"
                    "  return v11\n"
                    "}\n") == "function %f(i32, i64 uext) -> i32 system_v {\n"
                              "block5(v7: i32, v8: i64):\n"
                              "    v9 = iadd v7, v7\n"
                              "    brif v9, block6(v9), block6(v7)\n"
                              "\n"
                              "block6(v10: i32):\n"
                              "    v11 -> v10\n"
                              "    jump block7\n"
                              "\n"
                              "block7:\n"
                              "    return v11\n"
                              "}\n");
  }
  SECTION("literals: integers, offsets, floats") {
    CHECK(canonical("function %g(i64) {\n"
                    "block0(v0: i64):\n"
                    "  v1 = iconst.i32 0xffff_ffff\n"
                    "  v2 = iconst.i64 100000\n"
                    "  v3 = load.i32 aligned notrap v0+0\n"
                    "  v4 = load.i32 v0-65536\n"
                    "  v5 = f32const 0x1.5p0\n"
                    "  v6 = f64const 0.5\n"
                    "  return\n"
                    "}\n") == "function %g(i64) fast {\n"
                              "block0(v0: i64):\n"
                              "    v1 = iconst.i32 -1\n"
                              "    v2 = iconst.i64 0x0001_86a0\n"
                              "    v3 = load.i32 notrap aligned v0\n"
                              "    v4 = load.i32 v0-0x0001_0000\n"
                              "    v5 = f32const 0x1.500000p0\n"
                              "    v6 = f64const 0x1.0000000000000p-1\n"
                              "    return\n"
                              "}\n");
  }
  SECTION("calls, annotations, constants and exception tables") {
    CHECK(canonical("function %k(i64) -> i32 system_v {\n"
                    "  ss0 = explicit_slot 8\n"
                    "  fn0 = colocated %callee(i32) -> i32 tail\n"
                    "block0(v0: i64):\n"
                    "  v1 = iconst.i32 3\n"
                    "  <ss0, 1> @1f v2 = call fn0(v1), stack_map=[i32 @ ss0+0]\n"
                    "  v3 = vconst.i8x16 [1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16]\n"
                    "  v4 = shuffle v3, v3, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31]\n"
                    "  v5 = f128const 0x1.8p1\n"
                    "  try_call fn0(v1), sig0, block1(ret0), [ default: block2(exn0) ]\n"
                    "block1(v6: i32):\n"
                    "  return v6\n"
                    "block2(v7: i64) cold:\n"
                    "  v8 = ireduce.i32 v7\n"
                    "  return v8\n"
                    "}\n") ==
          "function %k(i64) -> i32 system_v {\n"
          "    ss0 = explicit_slot 8\n"
          "    sig0 = (i32) -> i32 tail\n"
          "    fn0 = colocated %callee sig0\n"
          "    const0 = 0x100f0e0d0c0b0a090807060504030201\n"
          "\n"
          "block0(v0: i64):\n"
          "    v1 = iconst.i32 3\n"
          "    <ss0, 1> @001f v2 = call fn0(v1), stack_map=[i32 @ ss0+0]\n"
          "    v3 = vconst.i8x16 const0\n"
          "    v4 = shuffle v3, v3, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31]\n"
          "    v5 = f128const 0x1.8000000000000000000000000000p1\n"
          "    try_call fn0(v1), sig0, block1(ret0), [ default: block2(exn0) ]\n"
          "\n"
          "block1(v6: i32):\n"
          "    return v6\n"
          "\n"
          "block2(v7: i64) cold:\n"
          "    v8 = ireduce.i32 v7\n"
          "    return v8\n"
          "}\n");
  }
  SECTION("what the verifier rejects still prints: use before def, unknown blocks") {
    CHECK(canonical("function %d() {\n"
                    "block0:\n"
                    "  v1 = iadd v2, v2\n"
                    "  v2 = iconst.i32 1\n"
                    "  jump block9(v1)\n"
                    "}\n"
                    "function %e() {\n"
                    "block0:\n"
                    "  v1 = iconst.i32 1\n"
                    "  jump block1\n"
                    "block1:\n"
                    "  v3 -> v2\n"
                    "  v4 = iadd v3, v1\n"
                    "  v2 = iadd v1, v1\n"
                    "  return\n"
                    "}\n") == "function %d() fast {\n"
                              "block0:\n"
                              "    v1 = iadd.i32 v2, v2\n"
                              "    v2 = iconst.i32 1\n"
                              "    jump block9(v1)\n"
                              "}\n"
                              "function %e() fast {\n"
                              "block0:\n"
                              "    v1 = iconst.i32 1\n"
                              "    jump block1\n"
                              "\n"
                              "block1:\n"
                              "    v4 = iadd.i32 v3, v1\n"
                              "    v2 = iadd.i32 v1, v1\n"
                              "    v3 -> v2\n"
                              "    return\n"
                              "}\n");
  }
  SECTION("preamble order and declared signatures") {
    CHECK(canonical("function %h() {\n"
                    "  sig1 = (i32) -> i32\n"
                    "  fn2 = %callee sig1\n"
                    "  gv0 = vmctx\n"
                    "  gv1 = load.i64 notrap aligned gv0+8\n"
                    "  ss1 = explicit_slot 16, align=8\n"
                    "  ss0 = explicit_slot 4\n"
                    "block0:\n"
                    "  v0 = iconst.i32 1\n"
                    "  v1 = call fn2(v0)\n"
                    "  return\n"
                    "}\n") == "function %h() fast {\n"
                              "    ss0 = explicit_slot 4\n"
                              "    ss1 = explicit_slot 16, align = 8\n"
                              "    gv0 = vmctx\n"
                              "    gv1 = load.i64 notrap aligned gv0+8\n"
                              "    sig1 = (i32) -> i32 fast\n"
                              "    fn2 = %callee sig1\n"
                              "\n"
                              "block0:\n"
                              "    v0 = iconst.i32 1\n"
                              "    v1 = call fn2(v0)\n"
                              "    return\n"
                              "}\n");
  }
}
