// `test compile [precise-output] [expect-fail]`: every function is verified and compiled
// for the target. precise-output compares the assembly listing with the block after the
// function (and --bless rewrites the block); with --no-precise (comparePrecise off) the
// listing is still made but not compared, so goldens can run under settings that change
// registers (another allocator). expect-fail wants every function to fail.
// A backend's "unsupported: ..." error is neither a pass nor a failure (UNSUPPORTED).
#include "codegen/mach/Compile.h"
#include "filetest/Subtest.h"

#include <algorithm>

namespace irc::filetest {

SubtestResult runCompileTest(FileContext &ctx, const TargetContext &target,
                             const mach::TargetIsa &isa, const parser::TestCommand &command) {
  auto hasOption = [&](std::string_view name) {
    return std::find(command.options.begin(), command.options.end(), name) != command.options.end();
  };
  const bool precise = hasOption("precise-output");
  const bool expectFail = hasOption("expect-fail");
  const codegen::Settings &settings = target.config->settings;
  mach::CompileOptions options = mach::compileOptionsFromSettings(settings);
  options.emitAsm = precise;

  SubtestBuilder builder;
  std::vector<TextEdit> edits;
  size_t failedFunctions = 0;
  for (const parser::ParsedFunction &fn : ctx.file.functions) {
    const std::string name = fn.function->externalName.text();
    const std::string where = fileLine(ctx, fn.loc.line) + name;
    std::vector<std::string> errors;
    if (settings.enableVerifier())
      errors = verifierErrors(ctx, fn, target.pointerBits);
    else
      fn.function->pointerBits = target.pointerBits;
    if (!errors.empty()) {
      if (!expectFail) {
        builder.failAll(std::move(errors));
        ++failedFunctions;
      }
      continue;
    }
    auto code = isa.compile(*fn.function, options);
    if (!code) {
      const std::string &message = code.error().message;
      if (!unsupportedReason(message).empty()) {
        builder.unsupported(message);
      } else if (!expectFail) {
        builder.fail(where + ": compile error: " + message);
        ++failedFunctions;
      }
      continue;
    }
    if (expectFail) {
      builder.fail(where + " compiled, but the test expects compilation to fail");
      ++failedFunctions;
      continue;
    }
    if (!precise || !ctx.options.comparePrecise)
      continue;
    ExpectedBlock block = findExpectedBlock(ctx.text, fn.endOffset);
    std::vector<std::string> actual = outputLines(code->asmText);
    if (block.lines == actual)
      continue;
    if (ctx.options.bless) {
      edits.push_back(blessEdit(ctx.text, block, actual));
      continue;
    }
    builder.fail(fileLine(ctx, block.firstLine) + name +
                 ": the output differs from the expected block (--bless updates it):");
    for (std::string &line : diffBlock(block, actual))
      builder.fail("  " + line);
    ++failedFunctions;
  }
  if (!edits.empty())
    builder.note("blessed: new expected output for " + std::to_string(edits.size()) +
                 " function(s)");
  SubtestResult result =
      builder.finish("test compile: " + std::to_string(failedFunctions) + " of " +
                     std::to_string(ctx.file.functions.size()) + " function(s) failed");
  result.edits = std::move(edits);
  return result;
}

} // namespace irc::filetest
