// Precise-output blocks: finding, diffing and rewriting them (rules in PreciseOutput.h).
#include "filetest/PreciseOutput.h"

#include "filetest/VerifierAnnotations.h"
#include "parser/RunCommand.h"

#include <algorithm>

namespace irc::filetest {

namespace {

struct LineSpan {
  uint32_t begin, end;   // end: one past '\n' (or the text's end)
  std::string_view text; // without '\n'
};

LineSpan lineAt(std::string_view text, uint32_t begin) {
  size_t nl = text.find('\n', begin);
  uint32_t stop = nl == std::string_view::npos ? uint32_t(text.size()) : uint32_t(nl);
  uint32_t end = nl == std::string_view::npos ? stop : stop + 1;
  return LineSpan{begin, end, text.substr(begin, stop - begin)};
}

bool isBlank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

/// A line of an expected block: ';' first, not ';;', not a run or print directive.
bool isBlockLine(std::string_view line) {
  return line.starts_with(';') && !line.starts_with(";;") &&
         !parser::isRunDirective(line.substr(1));
}

std::string stripPrefix(std::string_view line) {
  line.remove_prefix(1);
  if (line.starts_with(' '))
    line.remove_prefix(1);
  return std::string(line);
}

/// The offset where the line after the one holding `offset` starts.
uint32_t nextLineStart(std::string_view text, uint32_t offset) {
  size_t nl = text.find('\n', offset);
  return nl == std::string_view::npos ? uint32_t(text.size()) : uint32_t(nl + 1);
}

} // namespace

ExpectedBlock findExpectedBlock(std::string_view text, uint32_t functionEnd) {
  ExpectedBlock block;
  uint32_t pos = nextLineStart(text, std::min<uint32_t>(functionEnd, uint32_t(text.size())));
  block.beginOffset = block.endOffset = pos;
  block.firstLine = lineOfOffset(text, pos);
  if (pos == text.size() && (text.empty() || text.back() != '\n'))
    block.firstLine += 1; // the insertion starts a new line
  uint32_t scan = pos;
  while (scan < text.size()) {
    LineSpan line = lineAt(text, scan);
    if (!isBlank(line.text))
      break;
    scan = line.end;
  }
  uint32_t begin = scan;
  while (scan < text.size()) {
    LineSpan line = lineAt(text, scan);
    if (!isBlockLine(line.text))
      break;
    block.lines.push_back(stripPrefix(line.text));
    scan = line.end;
  }
  if (!block.lines.empty()) {
    block.present = true;
    block.beginOffset = begin;
    block.endOffset = scan;
    block.firstLine = lineOfOffset(text, begin);
  }
  return block;
}

std::vector<std::string> outputLines(std::string_view output) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < output.size()) {
    size_t nl = output.find('\n', start);
    if (nl == std::string_view::npos)
      nl = output.size();
    lines.emplace_back(output.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::string renderBlock(std::span<const std::string> lines) {
  std::string out;
  for (const std::string &line : lines)
    out += line.empty() ? ";\n" : "; " + line + "\n";
  return out;
}

TextEdit blessEdit(std::string_view text, const ExpectedBlock &block,
                   std::span<const std::string> actual) {
  TextEdit edit{block.beginOffset, block.endOffset, {}};
  if (block.present) {
    edit.replacement = renderBlock(actual);
    // The last block line may lack its '\n' at the end of the file.
    if (block.endOffset == text.size() && !text.empty() && text.back() != '\n' &&
        !edit.replacement.empty())
      edit.replacement.pop_back();
    return edit;
  }
  if (actual.empty())
    return edit;
  if (edit.begin == text.size() && (text.empty() || text.back() != '\n'))
    edit.replacement = "\n";
  edit.replacement += "\n" + renderBlock(actual);
  if (edit.begin < text.size() && !isBlank(lineAt(text, edit.begin).text))
    edit.replacement += "\n";
  return edit;
}

std::string applyEdits(std::string_view text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit &a, const TextEdit &b) { return a.begin < b.begin; });
  std::string out;
  uint32_t pos = 0;
  for (const TextEdit &e : edits) {
    out.append(text.substr(pos, e.begin - pos));
    out += e.replacement;
    pos = e.end;
  }
  out.append(text.substr(pos));
  return out;
}

std::vector<std::string> diffBlock(const ExpectedBlock &block,
                                   std::span<const std::string> actual) {
  const std::vector<std::string> &expected = block.lines;
  const size_t n = expected.size(), m = actual.size();
  if (std::equal(expected.begin(), expected.end(), actual.begin(), actual.end()))
    return {};
  // Longest common subsequence, table of suffix lengths (blocks are small).
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] =
          expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  struct Op {
    char kind;   // ' ', '-', '+'
    size_t a, b; // indices into expected / actual (the one that applies)
  };
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] == actual[j]) {
      ops.push_back({' ', i++, j++});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', i++, j}); // deletions before insertions, as diff -u
    } else {
      ops.push_back({'+', i, j++});
    }
  }
  auto fileText = [](const std::string &line) {
    return line.empty() ? std::string(";") : "; " + line;
  };
  constexpr size_t kContext = 3;
  std::vector<std::string> out;
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: from kContext before this change to kContext after the last change that is
    // at most 2*kContext unchanged lines further.
    size_t start = k >= kContext ? k - kContext : 0;
    while (start < k && ops[start].kind != ' ')
      ++start;
    size_t end = k;
    size_t lastChange = k;
    while (end < ops.size()) {
      if (ops[end].kind != ' ')
        lastChange = end;
      else if (end - lastChange > 2 * kContext)
        break;
      ++end;
    }
    end = std::min(ops.size(), lastChange + 1 + kContext);
    size_t aStart = 0, aCount = 0, bStart = 0, bCount = 0;
    bool aSet = false, bSet = false;
    for (size_t h = start; h < end; ++h) {
      if (ops[h].kind != '+') {
        if (!aSet)
          aStart = ops[h].a, aSet = true;
        ++aCount;
      }
      if (ops[h].kind != '-') {
        if (!bSet)
          bStart = ops[h].b, bSet = true;
        ++bCount;
      }
    }
    if (!aSet)
      aStart = ops[start].a;
    if (!bSet)
      bStart = ops[start].b;
    uint32_t base = block.firstLine;
    out.push_back("@@ -" + std::to_string(base + aStart) + "," + std::to_string(aCount) + " +" +
                  std::to_string(base + bStart) + "," + std::to_string(bCount) + " @@");
    for (size_t h = start; h < end; ++h) {
      const Op &op = ops[h];
      out.push_back(std::string(1, op.kind) +
                    fileText(op.kind == '+' ? actual[op.b] : expected[op.a]));
    }
    k = end;
  }
  return out;
}

} // namespace irc::filetest
