// `test verifier`: every function's verifier errors against its `; error:` annotations,
// with the target's pointer width (0, width checks off, for a file without targets).
#include "codegen/ir/Verifier.h"
#include "filetest/Subtest.h"
#include "filetest/VerifierAnnotations.h"

namespace irc::filetest {

SubtestResult runVerifierTest(FileContext &ctx, const TargetContext &target) {
  std::vector<ErrorAnnotation> annotations = parseErrorAnnotations(ctx.text);
  ir::VerifierOptions options;
  options.pointerBits = target.pointerBits;
  SubtestBuilder builder;
  size_t missing = 0, unexpected = 0;
  for (const parser::ParsedFunction &fn : ctx.file.functions) {
    uint32_t first = lineOfOffset(ctx.text, fn.beginOffset);
    uint32_t last = lineOfOffset(ctx.text, fn.endOffset);
    if (target.pointerBits != 0)
      fn.function->pointerBits = target.pointerBits;
    std::vector<ir::VerifierError> errors = ir::verifyFunction(*fn.function, options);
    for (const VerifierMismatch &m :
         matchVerifierErrors(annotationsInLines(annotations, first, last), errors)) {
      ++(m.kind == VerifierMismatch::Kind::Missing ? missing : unexpected);
      builder.fail(formatMismatch(ctx.path, m));
    }
  }
  return builder.finish("test verifier: " + std::to_string(missing) +
                        " expected error(s) not reported, " + std::to_string(unexpected) +
                        " unexpected error(s)");
}

} // namespace irc::filetest
