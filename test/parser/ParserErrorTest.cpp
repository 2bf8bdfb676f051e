// Parser errors: the exact message and line:col of the first error, for every kind of
// bad input the parser reports, including hostile ones (NUL bytes, invalid UTF-8, a 2 MB
// line, 200k operands, numbers past 2^64 and 2^32); and robustness over truncated and
// damaged text (every outcome is a parse or a located error, never a crash).
#include "ParserTestUtil.h"

#include <string>

using namespace irc;
using namespace irc::parser;
using namespace irc::parser::test;
using namespace std::string_literals;

namespace {
struct Case {
  const char *name;
  std::string text;
  const char *expected; // "line:col: message"
};
} // namespace

TEST_CASE("parse errors: message and location", "[parser][errors]") {
  const std::string F = "function %f(i32, i64) {\nblock0(v0: i32, v1: i64):\n";
  std::string big;
  for (int i = 0; i < 200000; ++i)
    big += ", v0";
  const std::string longLine(2 * 1024 * 1024, ' ');
  const Case cases[] = {
      {"unterminated", "function %f() {\nblock0:\n    return\n",
       "4:1: expected a block header or '}', found end of file"},
      {"badtype", "function %f(i33) {}",
       "1:13: expected a parameter type, found identifier 'i33'"},
      {"unknownop", F + "    v2 = frobnicate v0\n}",
       "3:10: unknown opcode 'frobnicate'"},
      {"operands", F + "    v2 = iadd v0, v0, v0\n}",
       "3:21: expected the end of the statement, found ','"},
      {"operands2", F + "    v2 = iadd v0\n    return\n}",
       "4:5: expected ',', found identifier 'return'"},
      {"imm", F + "    v2 = iconst.i8 256\n}",
       "3:20: immediate 256 out of range for i8"},
      {"imm2", F + "    v2 = iconst.i8 -129\n}",
       "3:20: immediate -129 out of range for i8"},
      {"undef", F + "    return v9\n}",
       "3:12: undefined value v9"},
      {"dup", F + "    v2 = iconst.i32 0\n    v2 = iconst.i32 1\n}",
       "4:5: redefinition of v2 (first defined at 3:5)"},
      {"dupparam", F + "    v0 = iconst.i32 0\n}",
       "3:5: redefinition of v0 (first defined at 2:8)"},
      {"memflag", F + "    v2 = load.i32 notrapp v1\n}",
       "3:19: unknown memory flag 'notrapp'"},
      {"memflag2", F + "    v2 = load.i32 little big v1\n}",
       "3:26: conflicting memory flags 'little' and 'big'"},
      {"nul", "function %f() {\n\0}"s,
       "2:1: unexpected NUL byte"},
      {"utf8", F + "    v2 = iadd v0,\xe9 v0\n}",
       "3:18: invalid UTF-8 byte 0xe9"},
      {"longline", F + "   " + longLine + "v2 = iadd v0, v0 $\n}",
       "3:2097173: unexpected character '$'"},
      {"200k", F + "    v2 = iadd v0, v0" + big + "\n}",
       "3:21: expected the end of the statement, found ','"},
      {"2^64", F + "    v2 = iconst.i64 18446744073709551616\n}",
       "3:21: immediate 18446744073709551616 out of range for i64"},
      {"2^128", F + "    v2 = iconst.i64 340282366920938463463374607431768211456\n}",
       "3:21: integer literal too large: 340282366920938463463374607431768211456"},
      {"bigv", F + "    v4294967296 = iconst.i32 0\n}",
       "3:5: entity number too large: v4294967296"},
      {"bigslot", "function %f() {\n    ss0 = explicit_slot 4294967296\n}",
       "2:25: stack slot size too large: 4294967296 (at most 4294967295)"},
      {"align", "function %f() {\n    ss0 = explicit_slot 8, align = 3\n}",
       "2:36: stack slot alignment must be a power of two up to 2^31, found 3"},
      {"dupblock", F + "    return\nblock0:\n    return\n}",
       "4:1: redefinition of block0 (first defined at 2:1)"},
      {"dupss", "function %f() {\n    ss0 = explicit_slot 8\n    ss0 = explicit_slot 4\n}",
       "3:5: redefinition of ss0 (first defined at 2:5)"},
      {"undefss", F + "    v2 = stack_addr.i64 ss1\n}",
       "3:25: undefined stack slot ss1"},
      {"undefgv", "function %f() {\n    gv0 = iadd_imm.i64 gv7, 8\nblock0:\n    return\n}",
       "2:24: undefined global value gv7"},
      {"nosuffix", F + "    v2 = iconst 1\n}",
       "3:10: iconst needs a type suffix, e.g. iconst.i32"},
      {"badsuffix", F + "    v2 = iadd.f32 v0, v0\n}",
       "3:15: type f32 is not valid for iadd (expects integer scalars and vectors)"},
      {"suffixnone", F + "    jump.i32 block0\n}",
       "3:10: jump does not take a type suffix"},
      {"cycle", F + "    v2 = iadd v3, v3\n    v3 = iadd v2, v2\n}",
       "3:15: cannot infer the type of v3 here; add a type suffix"},
      {"results", F + "    v2, v3 = iadd v0, v0\n}",
       "3:5: iadd produces 1 result, 2 given"},
      {"trap", F + "    trap user0\n}",
       "3:10: unknown trap code 'user0'"},
      {"cc", F + "    v2 = icmp foo v0, v0\n}",
       "3:15: unknown integer condition code 'foo'"},
      {"float", F + "    v2 = f32const 0x1.0p1000\n}",
       "3:19: value is too large for the float type: '0x1.0p1000'"},
      {"callconv", "function %f() foo {}",
       "1:15: unknown calling convention 'foo'"},
      {"lbrace", "function %f()\nblock0:",
       "2:1: expected '{' before the function body, found block 'block0'"},
      {"aliascycle", F + "    v2 -> v3\n    v3 -> v2\n}",
       "3:5: alias cycle involving v2"},
      {"toplevel", "foo",
       "1:1: expected 'function', 'test', 'set', 'target' or 'feature', found identifier 'foo'"},
      {"lanes", F + "    v2 = vconst.i32x4 [1 2 3]\n}",
       "3:29: i32x4 has 4 lanes, found 3"},
      {"nesting", F + "    br_table v0, block1, [[[[[[\n}",
       "3:27: expected a block, found '['"},
      {"parens", "function %f((((((((i32) {}",
       "1:13: expected a parameter type, found '('"},
      {"undefsig", F + "    call_indirect sig5, v1()\n}",
       "3:19: undefined signature sig5"},
      {"testname", "test\nfunction %f() {}",
       "1:5: expected a test command name after 'test'"},
      {"inferop", F + "    v2 = iadd v0, v1\n    v3 = iadd v1, v0\n    v4 = bnot v9\n    v9 = f32const 0.0\n    v5 = iadd v4, v4\n}",
       "7:15: type f32 of v4 is not valid for iadd (expects integer scalars and vectors)"},
      {"nofunc", "function",
       "1:9: expected a function name (%name or uN:M), found end of file"},
      {"noname", "function f() {}",
       "1:10: expected a function name (%name or uN:M), found identifier 'f'"},
      {"aliasdup", F + "    v2 -> v0\n    v2 -> v1\n}",
       "4:5: redefinition of v2 (first defined at 3:5)"},
      {"retarg", F + "    return v0 v1\n}",
       "3:15: expected the end of the statement, found value 'v1'"},
      {"instbeforeblock", "function %f() {\n    v0 = iconst.i32 0\n}",
       "2:5: expected a declaration, a block header or '}', found value 'v0'"},
      {"offset", F + "    v2 = load.i32 v1+4294967296\n}",
       "3:21: offset out of range: +4294967296 (offsets are 32-bit)"},
      {"gvload", "function %f() {\n    gv0 = vmctx\n    gv1 = load.i64 gv0\n}",
       "3:5: a global value load must be notrap and aligned"},
      {"setname", "set =3\n",
       "1:5: expected a setting name before '='"},
      {"dupstacklimit", "function %f() {\n    gv0 = vmctx\n    stack_limit = gv0\n    stack_limit = gv0\n}",
       "4:5: redefinition of stack_limit (first defined at 3:5)"},
      {"string", "function %f() {\n    region0 = 1 \"abc\n}",
       "2:17: unterminated string"},
      {"dyn", "function %f() {\n    dt0 = i32*gv0\n}",
       "2:11: a dynamic type needs a fixed vector base type, found i32"},
  };
  for (const Case &c : cases) {
    INFO(c.name);
    CHECK(parseError(c.text) == c.expected);
  }
  CHECK(std::size(cases) >= 25);
}

TEST_CASE("hostile but valid input parses", "[parser][errors]") {
  // 200k return values (the verifier, not the parser, checks the count).
  std::string text = "function %f(i32) {\nblock0(v0: i32):\n    return v0";
  for (int i = 0; i < 200000; ++i)
    text += ", v0";
  text += "\n}\n";
  TestFile file = parseOk(text);
  CHECK(file.functions[0].function->dfg.numInsts() == 1);
  CHECK(file.functions[0].function->dfg.instArgs(ir::Inst(0)).size() == 200001);

  // Sparse, huge entity numbers cost nothing extra.
  TestFile sparse = parseOk("function %s() {\nblock4000000000:\n"
                            "    v4294967294 = iconst.i32 0\n    v7 = iadd v4294967294, v4294967294\n"
                            "    return\n}\n");
  const ir::Function &f = *sparse.functions[0].function;
  CHECK(f.dfg.numValues() == 2);
  CHECK(f.name(ir::Value(0)) == "v4294967294");
  CHECK(f.name(ir::Block(0)) == "block4000000000");
}

TEST_CASE("damaged text gives a parse or a located error", "[parser][errors]") {
  const std::string sample =
      "test run\nset opt_level=speed\ntarget x86_64\n"
      "function %g(i64 vmctx, i32) -> i32 system_v {\n"
      "    ss0 = explicit_slot 16, align = 8\n    gv0 = vmctx\n"
      "    gv1 = load.i64 notrap aligned readonly gv0+8\n    sig0 = (i32) -> i32\n"
      "    fn0 = colocated %h(i32) -> i32\n    const0 = 0x0102\n    region0 = 1 \"r\"\n"
      "block0(v0: i64, v1: i32):\n    v2 = iconst.i32 -7\n    v3 -> v2\n"
      "    @0010 v4 = iadd v1, v3\n    v5 = load.i32 notrap region0 v0+4\n"
      "    v6 = vconst.i32x4 [1 2 3 4]\n    v7 = shuffle v8, v8, 0x00\n"
      "    v8 = bitcast.i8x16 little v6\n    <1, ss0> v9 = call fn0(v4), stack_map=[i32 @ ss0+0]\n"
      "    brif v9, block1(v9), block2\nblock1(v10: i32):\n"
      "    br_table v10, block2, [block1(v10), block2]\nblock2 cold:\n"
      "    v11 = f64const -0x1.8p3\n    trapz v4, user1\n    return v4\n}\n"
      "; run: %g(1, 2) == 3\n";
  REQUIRE(parseTestFile(sample));
  size_t parsed = 0, located = 0;
  auto check = [&](const std::string &text) {
    auto r = parseTestFile(text);
    if (r) {
      ++parsed;
      return;
    }
    const Diagnostic &d = r.error();
    REQUIRE(!d.message.empty());
    REQUIRE(d.loc.line >= 1);
    REQUIRE(d.loc.offset <= text.size());
    ++located;
  };
  for (size_t n = 0; n <= sample.size(); ++n)
    check(sample.substr(0, n)); // every prefix
  for (size_t n = 0; n < sample.size(); ++n)
    check(sample.substr(0, n) + sample.substr(n + 1)); // every one-byte deletion
  for (size_t n = 0; n < sample.size(); n += 3)
    check(sample.substr(0, n) + "\0\xff,["s + sample.substr(n)); // junk everywhere
  CHECK(parsed + located == 2 * sample.size() + 1 + (sample.size() + 2) / 3);
  CHECK(located > parsed);
}
