// Run and print directives: values of every kind typed by the signature, comparisons,
// several results, the argument-less forms, exact errors, and DataValue::text.
#include "parser/RunCommand.h"

#include <catch2/catch.hpp>

using namespace irc;
using namespace irc::ir;
using namespace irc::parser;

namespace {

Signature sig(std::vector<Type> params, std::vector<Type> returns) {
  Signature s;
  for (Type t : params)
    s.params.push_back(AbiParam{t});
  for (Type t : returns)
    s.returns.push_back(AbiParam{t});
  return s;
}

RunCommand runOk(std::string_view text, const Signature &s) {
  auto r = parseRunCommand(text, s);
  if (!r)
    FAIL("run command failed: " << r.error().message);
  return std::move(r).value();
}

std::string runError(std::string_view text, const Signature &s) {
  auto r = parseRunCommand(text, s);
  return r ? "no error" : r.error().message;
}

std::vector<std::string> texts(const std::vector<DataValue> &values) {
  std::vector<std::string> out;
  for (const DataValue &v : values)
    out.push_back(v.text());
  return out;
}

using Strings = std::vector<std::string>;

} // namespace

TEST_CASE("isRunDirective", "[runcommand]") {
  CHECK(isRunDirective(" run: %f(1) == 2"));
  CHECK(isRunDirective(" run"));
  CHECK(isRunDirective("; run: %f()"));
  CHECK(isRunDirective("\tprint: %f()"));
  CHECK(isRunDirective(" print"));
  CHECK(!isRunDirective(" running the test"));
  CHECK(!isRunDirective(" runs"));
  CHECK(!isRunDirective(" check: run"));
  CHECK(!isRunDirective(""));
}

TEST_CASE("integer arguments and results", "[runcommand]") {
  Signature s = sig({types::I8, types::I16, types::I32, types::I64}, {types::I32});
  RunCommand c = runOk(" run: %f(-1, 0xffff, 2147483647, -0x8000_0000_0000_0000) == 3", s);
  CHECK(c.kind == RunCommand::Kind::Run);
  CHECK(c.function == "f");
  CHECK(c.compare == RunCommand::Compare::Equal);
  REQUIRE(c.args.size() == 4);
  CHECK(c.args[0].type == types::I8);
  CHECK(c.args[0].bytes[0] == 0xff);
  CHECK(c.args[0].bytes[1] == 0); // only the type's bytes are set
  CHECK((c.args[1].bytes[0] == 0xff && c.args[1].bytes[1] == 0xff));
  CHECK(texts(c.args) == Strings{"-1", "-1", "2147483647", "-9223372036854775808"});
  CHECK(texts(c.expected) == Strings{"3"});

  Signature wide = sig({types::I128}, {types::I128});
  RunCommand w = runOk(" run: %w(-170141183460469231731687303715884105728) != "
                       "0xffffffffffffffffffffffffffffffff",
                       wide);
  CHECK(w.compare == RunCommand::Compare::NotEqual);
  CHECK(texts(w.args) == Strings{"-170141183460469231731687303715884105728"});
  CHECK(texts(w.expected) == Strings{"-1"});
  CHECK(w.expected[0].bytes[15] == 0xff);
}

TEST_CASE("float arguments", "[runcommand]") {
  Signature s = sig({types::F32, types::F64, types::F64, types::F32, types::F16, types::F128},
                    {types::F64});
  RunCommand c = runOk(" run: %f(0x1.8p1, -Inf, NaN, +sNaN:0x1, 1.5, 0) == -0x1.0p-2", s);
  CHECK(texts(c.args) == Strings{"0x1.800000p1", "-Inf", "+NaN", "+sNaN:0x1", "0x1.800p0", "0.0"});
  CHECK(c.args[0].bytes[3] == 0x40);
  CHECK(c.args[0].bytes[2] == 0x40);
  CHECK(texts(c.expected) == Strings{"-0x1.0000000000000p-2"});
}

TEST_CASE("vector arguments and several results", "[runcommand]") {
  Signature s = sig({types::I32X4, types::F64X2, types::I8X16}, {types::I32X4, types::I8});
  RunCommand c = runOk(" run: %v([1 2 -3 0x10], [0x1.0p0 -0.0], 0x0102) == [[4 3 2 1], 0]", s);
  CHECK(texts(c.args) == Strings{"[1 2 -3 16]", "[0x1.0000000000000p0 -0.0]",
                                 "[2 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0]"});
  CHECK(texts(c.expected) == Strings{"[4 3 2 1]", "0"});
  CHECK(c.args[0].bytes[8] == 0xfd);
  // A single vector result needs no extra brackets.
  Signature one = sig({}, {types::I16X8});
  CHECK(texts(runOk(" run: %o() == [1 2 3 4 5 6 7 8]", one).expected) ==
        Strings{"[1 2 3 4 5 6 7 8]"});
  // No results: an empty list.
  CHECK(runOk(" run: %n(1) == []", sig({types::I32}, {})).expected.empty());
}

TEST_CASE("argument-less forms and print", "[runcommand]") {
  RunCommand r = runOk(" run", sig({}, {types::I8}));
  CHECK(r.compare == RunCommand::Compare::NonZero);
  CHECK(r.function.empty());
  CHECK(r.args.empty());
  RunCommand nz = runOk(" run: %f(7)", sig({types::I64}, {types::I32}));
  CHECK(nz.compare == RunCommand::Compare::NonZero);
  RunCommand p = runOk(" print: %f(7)", sig({types::I64}, {types::I32, types::F32}));
  CHECK(p.kind == RunCommand::Kind::Print);
  CHECK(texts(p.args) == Strings{"7"});
  CHECK(runOk(" print", sig({}, {types::F32})).kind == RunCommand::Kind::Print);
  // A second ';' starts a remark.
  CHECK(texts(runOk(" run: %f(1) == 2 ; note", sig({types::I32}, {types::I32})).expected) ==
        Strings{"2"});
}

TEST_CASE("run command errors", "[runcommand]") {
  Signature s = sig({types::I8, types::I32X4}, {types::I32});
  CHECK(runError(" run: %f(256, [1 2 3 4]) == 1", s) == "value 256 does not fit in i8");
  CHECK(runError(" run: %f(1) == 1", s) == "too few arguments: %f takes 2");
  CHECK(runError(" run: %f(1, [1 2 3 4], 5) == 1", s) == "too many arguments: %f takes 2");
  CHECK(runError(" run: %f(1, [1 2 3]) == 1", s) == "i32x4 has 4 lanes, found 3");
  CHECK(runError(" run: %f(1, [1 2 3 4 5]) == 1", s) == "too many lanes for i32x4 (it has 4)");
  CHECK(runError(" run: %f(1, [1 2 3 4]) = 1", s) == "expected '==', found integer '1'");
  CHECK(runError(" run: %f(1, [1 2 3 4]) < 1", s) == "expected '==' or '!=', found '<'");
  CHECK(runError(" run: %f(1.5, [1 2 3 4]) == 1", s) == "expected an i8 integer, found float '1.5'");
  CHECK(runError(" run: f(1)", s) == "expected a function name (%name), found identifier 'f'");
  CHECK(runError(" run", s) == "'run' without arguments needs a function without parameters");
  CHECK(runError(" run: %g() == 1 2", sig({}, {types::I32})) ==
        "expected the end of the directive, found integer '2'");
  CHECK(runError(" run: %g() == 1, 2", sig({}, {types::I32, types::I32})) ==
        "expected '[' around the 2 expected results, found integer '1'");
  CHECK(runError(" run: %g()", sig({}, {types::F32})) ==
        "a run directive without '==' or '!=' needs a function with one integer result");
  CHECK(runError(" run: %g() == 0x1.0p999", sig({}, {types::F32})) ==
        "value is too large for the float type: '0x1.0p999' as f32");
  CHECK(runError(" run: %g(1) == 1", sig({Type(LaneKind::I32, 2, true)}, {types::I32})) ==
        "values of type i32x4xN are not supported");
}
