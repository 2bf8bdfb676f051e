// Helpers shared by the parser tests: parse or fail with the diagnostic, find entities
// by their text numbers, walk the layout.
#pragma once

#include "parser/Parser.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace irc::parser::test {

inline TestFile parseOk(std::string_view text, const ParseOptions &options = {}) {
  auto r = parseTestFile(text, options);
  if (!r)
    FAIL("parse failed: " << r.error().loc.line << ":" << r.error().loc.col << ": "
                          << r.error().message);
  return std::move(r).value();
}

/// "line:col: message" of the parse error (or "no error").
inline std::string parseError(std::string_view text) {
  auto r = parseTestFile(text);
  if (r)
    return "no error";
  const Diagnostic &d = r.error();
  return std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message;
}

inline ir::Value valueNumbered(const ir::Function &f, uint32_t number) {
  for (uint32_t i = 0; i < f.dfg.numValues(); ++i)
    if (f.numbers.values.numberOf(ir::Value(i)) == number)
      return ir::Value(i);
  FAIL("no value v" << number);
  return ir::Value();
}

inline ir::Block blockNumbered(const ir::Function &f, uint32_t number) {
  for (uint32_t i = 0; i < f.dfg.numBlocks(); ++i)
    if (f.numbers.blocks.numberOf(ir::Block(i)) == number)
      return ir::Block(i);
  FAIL("no block" << number);
  return ir::Block();
}

/// Instructions in layout order.
inline std::vector<ir::Inst> insts(const ir::Function &f) {
  std::vector<ir::Inst> out;
  for (ir::Block b : f.layout.blocks())
    for (ir::Inst i : f.layout.insts(b))
      out.push_back(i);
  return out;
}

/// Display names of a range of values ("v1 v2").
template <typename Range> std::string names(const ir::Function &f, const Range &values) {
  std::string s;
  for (ir::Value v : values)
    s += (s.empty() ? "" : " ") + f.name(v);
  return s;
}

inline std::string locText(SourceLoc loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

} // namespace irc::parser::test
