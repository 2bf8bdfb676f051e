// Expected output of `test compile precise-output`: the block of `; ` comment lines after
// a function's closing `}`, and its rewriting by --bless.
//
//   }                      <- the function ends here
//                          <- blank lines are skipped
//   ; VCode:               <- the block: lines starting with ';' but not ';;' and not a
//   ;   movq %rdi, %rax       run/print directive; "; " (or ";") is stripped
//   ;
//                          <- the first other line ends the block
//
// Blessing replaces exactly the block's lines, or inserts "\n" + block (+ "\n" before a
// following non-blank line) after the `}` line when there is none: every other byte of
// the file stays as it was, and blessing twice changes nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace irc::filetest {

struct ExpectedBlock {
  bool present = false;
  uint32_t beginOffset = 0;       // first byte of the block's first line (or the insertion point)
  uint32_t endOffset = 0;         // one past the block's last '\n' (== beginOffset when absent)
  uint32_t firstLine = 0;         // 1-based line of the block's first line (or insertion point)
  std::vector<std::string> lines; // without the "; " prefix
};

/// The expected block after a function whose text ends at `functionEnd` (one past `}`).
ExpectedBlock findExpectedBlock(std::string_view text, uint32_t functionEnd);

/// The lines of compiler output (asm text): split at '\n', without a final empty line.
std::vector<std::string> outputLines(std::string_view output);

/// The block as file text: "; line\n" each, ";\n" for an empty line.
std::string renderBlock(std::span<const std::string> lines);

/// A replacement of text[begin, end).
struct TextEdit {
  uint32_t begin = 0, end = 0;
  std::string replacement;
};

/// The edit that makes the block hold `actual`; nullopt-like empty edit (begin == end and
/// empty replacement) when there is nothing to change.
TextEdit blessEdit(std::string_view text, const ExpectedBlock &block,
                   std::span<const std::string> actual);

/// Applies non-overlapping edits (any order) to `text`.
std::string applyEdits(std::string_view text, std::vector<TextEdit> edits);

/// A unified-style diff of the expected block against `actual`, lines shown as they are
/// in the file ("; ..."), hunk headers with file line numbers (both sides start at
/// block.firstLine), 3 lines of context. Empty when they are equal.
std::vector<std::string> diffBlock(const ExpectedBlock &block, std::span<const std::string> actual);

} // namespace irc::filetest
