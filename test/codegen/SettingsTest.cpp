// Tests for codegen/Settings: defaults, parsing of each kind, exact error texts, and that
// every `set` name used by the Cranelift filetests is known.
#include "codegen/Settings.h"

#include <catch2/catch.hpp>

using namespace irc;
using namespace irc::codegen;

TEST_CASE("Settings defaults follow Settings.def", "[settings]") {
  Settings s;
  CHECK(s.optLevel() == OptLevel::None);
  CHECK(s.regallocAlgorithm() == RegallocAlgorithm::Backtracking);
  CHECK(s.enableVerifier());
  CHECK(s.unwindInfo());
  CHECK_FALSE(s.preserveFramePointers());
  CHECK(s.probestackSizeLog2() == 12);
  CHECK(s.probestackStrategy() == ProbestackStrategy::Outline);
  CHECK(s.tlsModel() == TlsModel::None);
  CHECK(s.libcallCallConv() == LibcallCallConv::IsaDefault);
  CHECK(s.stackSwitchModel() == StackSwitchModel::None);
  CHECK(s.changedText() == "");
  for (const SettingInfo &info : allSettings())
    CHECK(s.valueText(info.name) == info.defaultText);
}

TEST_CASE("Settings parse booleans, enums and numbers", "[settings]") {
  Settings s;
  REQUIRE(s.set("opt_level", "speed_and_size"));
  CHECK(s.optLevel() == OptLevel::SpeedAndSize);
  REQUIRE(s.set("preserve_frame_pointers", "1"));
  CHECK(s.preserveFramePointers());
  REQUIRE(s.set("preserve_frame_pointers", "false"));
  CHECK_FALSE(s.preserveFramePointers());
  REQUIRE(s.enable("is_pic"));
  CHECK(s.isPic());
  REQUIRE(s.apply("unwind_info=0"));
  CHECK_FALSE(s.unwindInfo());
  REQUIRE(s.apply("probestack_size_log2=16"));
  CHECK(s.probestackSizeLog2() == 16);
  REQUIRE(s.apply("regalloc_algorithm=single_pass"));
  CHECK(s.regallocAlgorithm() == RegallocAlgorithm::SinglePass);
  CHECK(s.changedText() ==
        "opt_level=speed_and_size regalloc_algorithm=single_pass unwind_info=false "
        "probestack_size_log2=16 is_pic=true");
}

TEST_CASE("Settings errors are exact and leave the value unchanged", "[settings]") {
  Settings s;
  auto unknown = s.set("foo", "1");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "unknown setting 'foo'");

  auto badEnum = s.set("opt_level", "x");
  REQUIRE_FALSE(badEnum);
  CHECK(badEnum.error().message ==
        "invalid value 'x' for setting 'opt_level': expected one of none, speed, speed_and_size");
  CHECK(s.optLevel() == OptLevel::None);

  auto badBool = s.set("is_pic", "yes");
  REQUIRE_FALSE(badBool);
  CHECK(badBool.error().message ==
        "invalid value 'yes' for setting 'is_pic': expected true, false, 1 or 0");

  auto badNumber = s.apply("probestack_size_log2=32");
  REQUIRE_FALSE(badNumber);
  CHECK(badNumber.error().message == "invalid value '32' for setting 'probestack_size_log2': "
                                     "expected an integer from 0 to 31");
  CHECK_FALSE(s.apply("probestack_size_log2=-1"));
  CHECK_FALSE(s.apply("probestack_size_log2=12x"));
  CHECK_FALSE(s.apply("probestack_size_log2="));
  CHECK(s.probestackSizeLog2() == 12);

  auto bareEnum = s.enable("tls_model");
  REQUIRE_FALSE(bareEnum);
  CHECK(bareEnum.error().message ==
        "setting 'tls_model' needs a value: one of none, elf_gd, macho, coff");
  auto bareNumber = s.apply("log2_min_function_alignment");
  REQUIRE_FALSE(bareNumber);
  CHECK(bareNumber.error().message ==
        "setting 'log2_min_function_alignment' needs a value: an integer from 0 to 16");
  CHECK(s == Settings{});
}

TEST_CASE("Every setting named by the Cranelift filetests is known", "[settings]") {
  // The names the corpus's `set` lines use (grep '^set' clif-corpus).
  const char *corpusNames[] = {
      "enable_multi_ret_implicit_sret", "opt_level", "enable_llvm_abi_extensions",
      "preserve_frame_pointers", "unwind_info", "enable_probestack", "probestack_size_log2",
      "enable_nan_canonicalization", "tls_model", "probestack_strategy", "regalloc_checker",
      "enable_pinned_reg", "stack_switch_model", "machine_code_cfg_info", "is_pic",
      "enable_verifier", "bb_padding_log2_minus_one"};
  for (const char *name : corpusNames) {
    INFO(name);
    CHECK(findSetting(name) != nullptr);
  }
  CHECK(allSettings().size() == 30);
  CHECK(findSetting("nope") == nullptr);
}
