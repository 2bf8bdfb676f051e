// A position in an input text, 1-based line and column (column counts bytes).
#pragma once

#include <cstdint>

namespace irc {

struct SourceLoc {
  uint32_t line = 0; // 0 means "unknown"
  uint32_t col = 0;
  uint32_t offset = 0; // byte offset of the position in the text

  bool known() const { return line != 0; }
};

} // namespace irc
