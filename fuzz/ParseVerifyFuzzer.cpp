// libFuzzer target over the front end: parse any bytes, verify every function, print it,
// and parse the printed text again.
//
// What must always hold, beyond "no sanitizer report":
//   - a parse error points inside the input, and renders;
//   - every verifier error renders;
//   - printed text parses, and printing it again gives the same text (a fixed point);
//   - the reparsed function has the same verifier messages as the original.
// A broken property prints both texts and aborts, so libFuzzer saves the input.
#include "codegen/ir/Printer.h"
#include "codegen/ir/Verifier.h"
#include "parser/Parser.h"
#include "support/Diagnostic.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace irc;

[[noreturn]] void fail(const char *what, std::string_view first, std::string_view second) {
  std::fprintf(stderr, "ParseVerifyFuzzer: %s\n--- first\n%.*s\n--- second\n%.*s\n", what,
               int(first.size()), first.data(), int(second.size()), second.data());
  std::abort();
}

std::vector<std::string> verifierMessages(const ir::Function &func) {
  std::vector<std::string> messages;
  for (const ir::VerifierError &error : ir::verifyFunction(func))
    messages.push_back(error.message);
  return messages;
}

void checkFunction(std::string_view input, const ir::Function &func) {
  std::vector<std::string> messages;
  for (const ir::VerifierError &error : ir::verifyFunction(func)) {
    std::string rendered =
        renderDiagnostic("fuzz.clif", input, Diagnostic{Severity::Error, error.loc, error.message});
    if (rendered.empty())
      fail("empty verifier diagnostic", error.message, "");
    messages.push_back(error.message);
  }

  std::string printed = ir::printFunction(func);
  auto reparsed = parser::parseTestFile(printed);
  if (!reparsed)
    fail(("printed text does not parse: " + reparsed.error().message).c_str(), input, printed);
  if (reparsed->functions.size() != 1)
    fail("printed text does not hold exactly one function", input, printed);
  const ir::Function &again = *reparsed->functions.front().function;
  std::string reprinted = ir::printFunction(again);
  if (reprinted != printed)
    fail("print -> parse -> print is not a fixed point", printed, reprinted);
  if (verifierMessages(again) != messages)
    fail("the reparsed function verifies differently", printed, reprinted);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view input(reinterpret_cast<const char *>(data), size);
  auto parsed = parser::parseTestFile(input);
  if (!parsed) {
    const Diagnostic &diag = parsed.error();
    if (diag.loc.known() && diag.loc.offset > size)
      fail("parse error located past the end of the input", diag.message, "");
    (void)renderDiagnostic("fuzz.clif", input, diag);
    return 0;
  }
  for (const parser::ParsedFunction &function : parsed->functions)
    checkFunction(input, *function.function);
  return 0;
}
