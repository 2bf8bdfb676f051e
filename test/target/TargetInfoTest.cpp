// Tests for target/TargetInfo: ISA names, pointer widths, flags, presets and their errors,
// and that every flag the Cranelift filetests put on x86_64/s390x target lines is known.
#include "target/TargetInfo.h"

#include <catch2/catch.hpp>

using namespace irc;
using namespace irc::target;

TEST_CASE("ISA names and pointer widths", "[target]") {
  CHECK(parseIsa("x86_64") == Isa::X86_64);
  CHECK(parseIsa("s390x") == Isa::S390x);
  CHECK(parseIsa("x86_64-unknown-linux-gnu") == Isa::X86_64);
  CHECK_FALSE(parseIsa("aarch64"));
  CHECK_FALSE(parseIsa("x86"));
  CHECK(isaName(Isa::S390x) == "s390x");
  CHECK(pointerBitsOf("pulley32") == 32u);
  CHECK(pointerBitsOf("pulley32be") == 32u);
  CHECK(pointerBitsOf("pulley64be") == 64u);
  CHECK(pointerBitsOf("riscv64") == 64u);
  CHECK(pointerBitsOf("aarch64") == 64u);
  CHECK(pointerBitsOf("s390x") == 64u);
  CHECK_FALSE(pointerBitsOf("mips"));
  CHECK(TargetConfig(Isa::S390x).pointerBits() == 64);
}

TEST_CASE("x86_64 flags, presets and errors", "[target]") {
  IsaFlags f(Isa::X86_64);
  CHECK(f.text() == "");
  REQUIRE(f.enable("sse41"));
  CHECK(f.text() == "has_sse3 has_ssse3 has_sse41");
  REQUIRE(f.apply("has_ssse3=false"));
  CHECK(f.text() == "has_sse3 has_sse41");
  REQUIRE(f.apply("has_avx=true"));
  CHECK(f.has(X86_64Flag::HasAvx));
  CHECK_FALSE(f.has(X86_64Flag::HasAvx2));

  IsaFlags v3(Isa::X86_64);
  REQUIRE(v3.enable("x86-64-v3"));
  CHECK(v3.text() == "has_sse3 has_ssse3 has_cmpxchg16b has_sse41 has_sse42 has_popcnt "
                     "has_avx has_avx2 has_fma has_bmi1 has_bmi2 has_lzcnt");
  IsaFlags haswell(Isa::X86_64);
  REQUIRE(haswell.enable("haswell"));
  CHECK(haswell == v3);

  auto unknown = f.enable("has_foo");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().message == "unknown flag 'has_foo' for target 'x86_64'");
  auto bad = f.set("has_avx", "maybe");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message == "invalid value 'maybe' for flag 'has_avx': expected true, false, 1 or 0");
  auto presetValue = f.apply("skylake=true");
  REQUIRE_FALSE(presetValue);
  CHECK(presetValue.error().message == "preset 'skylake' takes no value");
  auto otherIsa = f.enable("has_mie3");
  REQUIRE_FALSE(otherIsa);
  CHECK(otherIsa.error().message == "unknown flag 'has_mie3' for target 'x86_64'");
}

TEST_CASE("s390x presets", "[target]") {
  IsaFlags z15(Isa::S390x);
  REQUIRE(z15.enable("arch13"));
  CHECK(z15.text() == "has_mie3 has_vxrs_ext2");
  CHECK(z15.has(S390xFlag::HasMie3));
  CHECK_FALSE(z15.has(S390xFlag::HasMie4));
  IsaFlags z17(Isa::S390x);
  REQUIRE(z17.enable("arch15"));
  CHECK(z17.text() == "has_mie3 has_mie4 has_vxrs_ext2 has_vxrs_ext3");
  IsaFlags alias(Isa::S390x);
  REQUIRE(alias.enable("z17"));
  CHECK(alias == z17);
  IsaFlags base(Isa::S390x);
  REQUIRE(base.enable("arch12"));
  CHECK(base.text() == "");
}

TEST_CASE("Every flag on the Cranelift filetests' target lines is known", "[target]") {
  // From grep '^target (x86_64|s390x)' clif-corpus.
  const char *x86Names[] = {
      "sse41", "sse42", "has_avx", "has_sse3", "has_ssse3", "has_sse41", "ssse3", "skylake",
      "has_bmi2", "has_bmi1", "has_fma", "has_popcnt", "has_sse42", "has_lzcnt", "has_avx2",
      "has_avx512f", "has_avx512vl", "has_cmpxchg16b", "has_avx_vnni", "has_avx512vnni",
      "has_avx512vbmi", "has_avx512bitalg", "has_avx512dq", "icelake-client"};
  for (const char *name : x86Names) {
    INFO(name);
    IsaFlags f(Isa::X86_64);
    CHECK(f.enable(name));
  }
  const char *s390xNames[] = {"has_mie3", "arch13", "arch15"};
  for (const char *name : s390xNames) {
    INFO(name);
    IsaFlags f(Isa::S390x);
    CHECK(f.enable(name));
  }
}
