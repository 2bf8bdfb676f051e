// Precise-output blocks: where they are, what they hold, their diff, and --bless
// rewriting (exact file contents before and after).
#include "filetest/PreciseOutput.h"
#include "parser/Parser.h"

#include "FiletestTestUtil.h"

using namespace irc::filetest;
using irc::filetest::testutil::readTestdata;

namespace {

std::vector<ExpectedBlock> blocksOf(const std::string &text) {
  auto parsed = irc::parser::parseTestFile(text);
  REQUIRE(parsed.hasValue());
  std::vector<ExpectedBlock> blocks;
  for (const auto &fn : parsed->functions)
    blocks.push_back(findExpectedBlock(text, fn.endOffset));
  return blocks;
}

const std::vector<std::string> kMove32 = {"block0:", "  movl %edi, %eax", "  retq"};
const std::vector<std::string> kMove64 = {"block0:", "  movq %rdi, %rax", "", "  retq"};
const std::vector<std::string> kRet = {"block0:", "  retq"};

} // namespace

TEST_CASE("precise output: blocks after each function", "[filetest][precise]") {
  std::string text = readTestdata("inputs/precise-output.clif.in");
  std::vector<ExpectedBlock> blocks = blocksOf(text);
  REQUIRE(blocks.size() == 4);

  CHECK(blocks[0].present);
  CHECK(blocks[0].firstLine == 10);
  CHECK(blocks[0].lines == kMove32);
  CHECK(text.substr(blocks[0].beginOffset, blocks[0].endOffset - blocks[0].beginOffset) ==
        "; block0:\n;   movl %edi, %eax\n;   retq\n");

  // ";" alone is an empty line; a run directive ends the block.
  CHECK(blocks[1].present);
  CHECK(blocks[1].firstLine == 20);
  CHECK(blocks[1].lines == std::vector<std::string>{"block0:", "  movl %edi, %eax", "", "  retq"});

  // No block: the insertion point is the line after the closing brace.
  CHECK_FALSE(blocks[2].present);
  CHECK(blocks[2].lines.empty());
  CHECK(blocks[2].firstLine == 30);
  CHECK(blocks[2].beginOffset == blocks[2].endOffset);
  CHECK(text.substr(blocks[2].beginOffset, 9) == "function ");

  CHECK_FALSE(blocks[3].present);
  CHECK(blocks[3].beginOffset == text.size());
}

TEST_CASE("precise output: output lines and rendering", "[filetest][precise]") {
  CHECK(outputLines("a\n\n  b\n") == std::vector<std::string>{"a", "", "  b"});
  CHECK(outputLines("a\nb") == std::vector<std::string>{"a", "b"});
  CHECK(outputLines("").empty());
  CHECK(renderBlock(kMove64) == "; block0:\n;   movq %rdi, %rax\n;\n;   retq\n");
}

TEST_CASE("precise output: bless rewrites only the blocks", "[filetest][precise]") {
  std::string before = readTestdata("inputs/precise-output.clif.in");
  std::string expected = readTestdata("inputs/precise-output.blessed.in");
  std::vector<ExpectedBlock> blocks = blocksOf(before);
  const std::vector<std::string> *actual[] = {&kMove32, &kMove64, &kMove64, &kRet};
  std::vector<TextEdit> edits;
  for (size_t i = 0; i < blocks.size(); ++i)
    if (blocks[i].lines != *actual[i])
      edits.push_back(blessEdit(before, blocks[i], *actual[i]));
  CHECK(edits.size() == 3);
  std::string after = applyEdits(before, edits);
  CHECK(after == expected);

  // Blessing again finds every block up to date.
  std::vector<ExpectedBlock> again = blocksOf(after);
  REQUIRE(again.size() == 4);
  for (size_t i = 0; i < again.size(); ++i) {
    CHECK(again[i].lines == *actual[i]);
    TextEdit same = blessEdit(after, again[i], *actual[i]);
    CHECK(applyEdits(after, {same}) == after);
  }
}

TEST_CASE("precise output: a file ending right after the brace", "[filetest][precise]") {
  std::string text = "test compile precise-output\nfunction %f() {\nblock0:\n    return\n}";
  std::vector<ExpectedBlock> blocks = blocksOf(text);
  REQUIRE(blocks.size() == 1);
  CHECK_FALSE(blocks[0].present);
  CHECK(blocks[0].firstLine == 6);
  std::string after = applyEdits(text, {blessEdit(text, blocks[0], kRet)});
  CHECK(after == text + "\n\n; block0:\n;   retq\n");
  std::vector<ExpectedBlock> again = blocksOf(after);
  CHECK(again[0].lines == kRet);
  CHECK(again[0].firstLine == 7);
}

TEST_CASE("precise output: unified diff with file lines", "[filetest][precise]") {
  std::string text = readTestdata("inputs/precise-output.clif.in");
  std::vector<ExpectedBlock> blocks = blocksOf(text);
  CHECK(diffBlock(blocks[0], kMove32).empty());
  CHECK(diffBlock(blocks[1], kMove64) == std::vector<std::string>{
                                             "@@ -20,4 +20,4 @@",
                                             " ; block0:",
                                             "-;   movl %edi, %eax",
                                             "+;   movq %rdi, %rax",
                                             " ;",
                                             " ;   retq",
                                         });
  CHECK(diffBlock(blocks[2], kRet) == std::vector<std::string>{
                                          "@@ -30,0 +30,2 @@",
                                          "+; block0:",
                                          "+;   retq",
                                      });
  // Changes far apart make two hunks with three lines of context each.
  ExpectedBlock longBlock;
  longBlock.present = true;
  longBlock.firstLine = 100;
  for (int i = 0; i < 12; ++i)
    longBlock.lines.push_back("l" + std::to_string(i));
  std::vector<std::string> changed = longBlock.lines;
  changed[0] = "x0";
  changed[11] = "x11";
  CHECK(diffBlock(longBlock, changed) == std::vector<std::string>{
                                             "@@ -100,4 +100,4 @@",
                                             "-; l0",
                                             "+; x0",
                                             " ; l1",
                                             " ; l2",
                                             " ; l3",
                                             "@@ -108,4 +108,4 @@",
                                             " ; l8",
                                             " ; l9",
                                             " ; l10",
                                             "-; l11",
                                             "+; x11",
                                         });
}
