// `; error: TEXT` annotations of `test verifier` files and their matching against the
// verifier's errors (Cranelift's test_verifier.rs does the same).
//
// An annotation names an error the verifier must report on its line; an annotation on a
// line that holds only a comment belongs to the nearest line above it with code. Per
// function, every annotation must be matched by an error on its line whose message
// contains TEXT, each error matching at most one annotation, and every error must match
// an annotation.
#pragma once

#include "codegen/ir/Verifier.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace irc::filetest {

struct ErrorAnnotation {
  uint32_t line = 0; // 1-based: the line the error belongs to
  std::string text;
};

/// Every `; error:` annotation of a file, in file order.
std::vector<ErrorAnnotation> parseErrorAnnotations(std::string_view text);

/// 1-based line of a byte offset (offsets past the end count as the last line).
uint32_t lineOfOffset(std::string_view text, uint32_t offset);

/// A disagreement between annotations and errors.
struct VerifierMismatch {
  enum class Kind { Missing, Unexpected };
  Kind kind = Kind::Missing;
  uint32_t line = 0;   // of the annotation, or of the error (0: unknown)
  std::string message; // the annotation's text, or "location: message" of the error
};

/// Matches one function's annotations (those within its lines) against its errors. The
/// result lists missing annotations first, then unexpected errors, each in order.
std::vector<VerifierMismatch> matchVerifierErrors(std::span<const ErrorAnnotation> annotations,
                                                  std::span<const ir::VerifierError> errors);

/// The annotations on lines first..last.
std::vector<ErrorAnnotation> annotationsInLines(std::span<const ErrorAnnotation> annotations,
                                                uint32_t first, uint32_t last);

/// "file:12: expected error not reported: TEXT" or "file:12: unexpected error: inst3 (...): msg".
std::string formatMismatch(std::string_view path, const VerifierMismatch &mismatch);

} // namespace irc::filetest
