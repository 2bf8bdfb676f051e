// Helpers of the filetest tests: reading testdata files.
#pragma once

#include "filetest/Process.h"

#include <catch2/catch.hpp>

#include <string>

namespace irc::filetest::testutil {

inline std::string testdataPath(const std::string &name) {
  return std::string(IRC_REPO_DIR) + "/testdata/filetest/" + name;
}

inline std::string readTestdata(const std::string &name) {
  auto text = readWholeFile(testdataPath(name));
  REQUIRE(text.hasValue());
  return *text;
}

} // namespace irc::filetest::testutil
