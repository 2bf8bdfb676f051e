// ObjectWriter independent of any one program: rejected inputs (exact messages), the ELF
// header, determinism (also across threads), user-name mangling, and the exact bytes and
// relocations of irc's own `.irc.*` sections on both byte orders.
#include "ObjTestSupport.h"
#include "obj/ObjectFormat.h"

#include <catch2/catch.hpp>

#include <thread>

namespace irc::obj::test {
namespace {

using mach::Reloc;
using K = mach::CfiOp::Kind;

#define SKIP_WITHOUT(...)                                                                          \
  if (std::string missing = missingTool({__VA_ARGS__}); !missing.empty()) {                        \
    WARN("skipped: " << missing << " not found");                                                  \
    return;                                                                                        \
  }

std::string errorOf(const ObjectModule &module) {
  auto bytes = writeElfObject(module);
  return bytes ? "(no error)" : bytes.error().message;
}

mach::CompiledCode ret() { return CodeBuilder().bytes({0xc3}).build(); }

// Functions with every kind of record (the bytes are filler: never run). rec_b is local.
ModuleBuilder recordsModule(const std::string &isa) {
  ModuleBuilder m(isa);
  mach::CompiledCode recA;
  recA.code.assign(12, 0x07);
  recA.instBytes = 12;
  recA.traps = {{2, ir::TrapCode::fromRaw(254)}, {5, ir::TrapCode::fromRaw(3)}};
  recA.callSites = {{4, 9, {{7u, 10}, {std::nullopt, 11}}}};
  recA.patchSites = {{4, 5}};
  recA.savedVectors = {{8, -64, 3}};
  m.add("rec_a", recA);
  mach::CompiledCode recB;
  recB.code.assign(4, 0x07);
  recB.instBytes = 4;
  recB.traps = {{0, ir::TrapCode::fromRaw(252)}};
  m.add("rec_b", recB, /*global=*/false);
  m.add("rec_c", CodeBuilder().bytes({0x07, 0x07}).build());
  return m;
}

TEST_CASE("writeElfObject rejects bad input with a message", "[obj]") {
  mach::CompiledCode good = ret();
  auto module = [&](std::string isa, const mach::CompiledCode *code, std::string symbol = "f") {
    return ObjectModule{std::move(isa), {{std::move(symbol), true, code}}};
  };
  CHECK(errorOf(module("aarch64", &good)) ==
        "object writer: unknown target ISA 'aarch64' (expected x86_64 or s390x)");
  CHECK(errorOf(module("x86_64", nullptr)) == "object writer: function 'f': no compiled code");
  CHECK(errorOf(module("x86_64", &good, "")) == "object writer: empty symbol name");
  CHECK(errorOf(module("x86_64", &good, ".Lf")) ==
        "object writer: symbol name '.Lf' starts with '.L', reserved for local labels");
  CHECK(errorOf(module("x86_64", &good, "f@v1")) ==
        "object writer: symbol name 'f@v1' contains '@' or NUL");
  {
    ObjectModule twice{"x86_64", {{"f", true, &good}, {"f", false, &good}}};
    CHECK(errorOf(twice) == "object writer: symbol 'f' is defined twice");
  }
  {
    mach::CompiledCode c = ret();
    c.alignment = 12;
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': alignment 12 is not a power of two up to 65536");
  }
  {
    mach::CompiledCode c = ret();
    c.instBytes = 2;
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': instBytes 2 > code size 1");
  }
  {
    mach::CompiledCode c = CodeBuilder()
                               .bytes({0xc0, 0xe5})
                               .reloc(Reloc::S390xPLTRel32Dbl, "g", 2)
                               .bytes({0, 0, 0, 0})
                               .build();
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': relocation kind S390xPLTRel32Dbl at offset 2 is not an "
          "x86_64 relocation");
    c.relocs[0].kind = Reloc::X86CallPLTRel4;
    CHECK(errorOf(module("s390x", &c)) ==
          "object writer: function 'f': relocation kind X86CallPLTRel4 at offset 2 is not an "
          "s390x relocation");
    c.relocs[0] = {3, Reloc::Abs4, ir::ExternalName::testCase("g"), 0};
    CHECK(errorOf(module("s390x", &c)) ==
          "object writer: function 'f': R_390_32 at offset 3 runs past the code");
    c.relocs[0] = {2, Reloc::Abs4, ir::ExternalName::testCase(".Lg"), 0};
    CHECK(errorOf(module("s390x", &c)) ==
          "object writer: function 'f': relocation at offset 2: symbol name '.Lg' starts with "
          "'.L', reserved for local labels");
  }
  {
    mach::CompiledCode c =
        CodeBuilder().bytes({0x55}).cfi(K::DefCfaOffset, 0, 16).bytes({0xc3}).build();
    c.cfi.push_back({0, K::Offset, 6, -16});
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': CFI at offset 0 comes after CFI at 1");
    c.cfi = {{3, K::DefCfaOffset, 0, 16}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': CFI at offset 3 is past the instructions");
    c.cfi = {{1, K::DefCfaOffset, 0, -8}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': CFA offset at offset 1 is negative");
    c.cfi = {{1, K::Offset, 6, -12}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': register save offset at offset 1 is not a multiple of 8");
    c.cfi = {{1, K::RestoreState, 0, 0}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': CFI restore_state at offset 1 without remember_state");
  }
  {
    mach::CompiledCode c = ret();
    c.traps = {{1, ir::TrapCode::heapOutOfBounds()}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': trap at offset 1 is past the instructions");
    c.traps.clear();
    c.callSites = {{0, 2, {}}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': call site 0..2 is not inside the instructions");
    c.callSites = {{0, 1, {{std::nullopt, 1}}}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': exception handler at offset 1 is past the instructions");
    c.callSites.clear();
    c.patchSites = {{0, 2}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': patch site at offset 0 is empty or past the "
          "instructions");
    c.patchSites.clear();
    c.savedVectors = {{32, -16, 0}};
    CHECK(errorOf(module("x86_64", &c)) ==
          "object writer: function 'f': saved vector register v32 is not v0..v31 or saved "
          "past the instructions");
  }
  CHECK(errorOf(module("x86_64", &good)) == "(no error)");
}

TEST_CASE("the ELF header says relocatable, 64-bit, the target's byte order and machine", "[obj]") {
  // e_ident[EI_CLASS] = 2 (64-bit) at 4, EI_DATA at 5 (1 LSB, 2 MSB), e_type at 16
  // (1 = ET_REL), e_machine at 18 (62 = EM_X86_64, 22 = EM_S390), both in the file's order.
  ObjectModule empty{"x86_64", {}};
  auto x86 = writeElfObject(empty);
  REQUIRE(x86);
  CHECK(std::vector<uint8_t>(x86->begin(), x86->begin() + 20) ==
        std::vector<uint8_t>{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 62, 0});
  empty.targetIsa = "s390x";
  auto s390x = writeElfObject(empty);
  REQUIRE(s390x);
  CHECK(std::vector<uint8_t>(s390x->begin(), s390x->begin() + 20) ==
        std::vector<uint8_t>{0x7f, 'E', 'L', 'F', 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 22});
}

TEST_CASE("writing the same module twice, or from several threads, gives the same bytes", "[obj]") {
  for (const char *isa : {"x86_64", "s390x"}) {
    ModuleBuilder m = recordsModule(isa);
    mach::CompiledCode caller = CodeBuilder()
                                    .bytes({0x55})
                                    .cfi(K::DefCfaOffset, 0, 16)
                                    .reloc(Reloc::Abs8, "elsewhere", 16)
                                    .bytes({0, 0, 0, 0, 0, 0, 0, 0})
                                    .build();
    m.add("caller", caller);
    auto first = writeElfObject(m.module());
    auto second = writeElfObject(m.module());
    REQUIRE(first);
    REQUIRE(second);
    CHECK(*first == *second);

    std::vector<std::vector<uint8_t>> results(4);
    std::vector<std::thread> threads;
    for (auto &result : results)
      threads.emplace_back([&] {
        auto bytes = writeElfObject(m.module());
        if (bytes)
          result = std::move(*bytes);
      });
    for (auto &t : threads)
      t.join();
    for (const auto &result : results)
      CHECK(result == *first);
  }
}

TEST_CASE("relocation targets: user names are mangled, later functions are found", "[obj]") {
  SKIP_WITHOUT("readelf");
  mach::CompiledCode f = CodeBuilder()
                             .bytes({0xe8})
                             .reloc(Reloc::X86CallPLTRel4, "x", -4)
                             .bytes({0, 0, 0, 0})
                             .bytes({0xe8})
                             .reloc(Reloc::X86CallPLTRel4, "g", -4)
                             .bytes({0, 0, 0, 0})
                             .bytes({0xc3})
                             .build();
  f.relocs[0].target = ir::ExternalName::user(1, 7);
  ModuleBuilder m("x86_64");
  m.add("f", f);
  m.add("g", ret()); // defined after its use
  ScratchDir dir;
  writeObjectOrFail(m.module(), dir.path("u.o"));
  auto relocs = relocationRows("readelf", dir.path("u.o"));
  REQUIRE(relocs.size() >= 2);
  CHECK(relocs[0] == ".rela.text +0x1 R_X86_64_PLT32 u1_7-4");
  CHECK(relocs[1] == ".rela.text +0x6 R_X86_64_PLT32 g-4");
  CHECK(symbolRows("readelf", dir.path("u.o")) == std::vector<std::string>{
                                                      ".text SECTION LOCAL .text value=0x0 size=0",
                                                      "f FUNC GLOBAL .text value=0x0 size=11",
                                                      "u1_7 NOTYPE GLOBAL UND value=0x0 size=0",
                                                      "g FUNC GLOBAL .text value=0x10 size=1",
                                                  });
}

TEST_CASE("x86_64 .irc.* sections: exact little-endian bytes and relocations", "[obj]") {
  SKIP_WITHOUT("readelf");
  ScratchDir dir;
  const std::string o = dir.path("rec.o");
  writeObjectOrFail(recordsModule("x86_64").module(), o);
  // rec_a at .text+0 (12 bytes), rec_b (local) at .text+0x10, rec_c at .text+0x20.
  // One row per header or record.
  // clang-format off
  CHECK(sectionHex("readelf", o, ".irc.traps") ==
        "01000000" "02000000"                                  // version 1, 2 groups
        "0000000000000000" "02000000" "0c000000"               // rec_a: 2 traps, 12 bytes
        "02000000" "fe000000" "05000000" "03000000"            // heap_oob at 2, user3 at 5
        "0000000000000000" "01000000" "04000000"               // rec_b: 1 trap, 4 bytes
        "00000000" "fc000000");                                // int_divz at 0
  CHECK(sectionHex("readelf", o, ".irc.call_sites") ==
        "01000000" "01000000"
        "0000000000000000" "01000000" "0c000000"
        "04000000" "09000000" "02000000"                       // call 4..9, 2 handlers
        "01000000" "07000000" "0a000000"                       // tag 7 -> 10
        "00000000" "00000000" "0b000000"                       // default -> 11
        "00000000");                                           // padding to 8
  CHECK(sectionHex("readelf", o, ".irc.patch_sites") ==
        "01000000" "01000000"
        "0000000000000000" "01000000" "0c000000"
        "04000000" "05000000");
  CHECK(sectionHex("readelf", o, ".irc.saved_vregs") ==
        "01000000" "01000000"
        "0000000000000000" "01000000" "0c000000"
        "03000000" "c0ffffff" "0800" "0000"                    // after 3: v8 at CFA-64
        "00000000");
  // clang-format on
  std::vector<std::string> irc;
  for (const std::string &row : relocationRows("readelf", o))
    if (row.starts_with(".rela.irc"))
      irc.push_back(row);
  CHECK(irc == std::vector<std::string>{
                   ".rela.irc.traps +0x8 R_X86_64_64 rec_a+0",
                   ".rela.irc.traps +0x28 R_X86_64_64 .text+10",
                   ".rela.irc.call_sites +0x8 R_X86_64_64 rec_a+0",
                   ".rela.irc.patch_sites +0x8 R_X86_64_64 rec_a+0",
                   ".rela.irc.saved_vregs +0x8 R_X86_64_64 rec_a+0",
               });
  std::vector<std::string> sections;
  for (const std::string &row : sectionRows("readelf", o))
    if (row.starts_with(".irc"))
      sections.push_back(row);
  CHECK(sections == std::vector<std::string>{
                        ".irc.traps PROGBITS flags= align=8",
                        ".irc.call_sites PROGBITS flags= align=8",
                        ".irc.patch_sites PROGBITS flags= align=8",
                        ".irc.saved_vregs PROGBITS flags= align=8",
                    });
}

TEST_CASE("s390x .irc.* sections: exact big-endian bytes and relocations", "[obj]") {
  SKIP_WITHOUT("readelf");
  ScratchDir dir;
  const std::string o = dir.path("rec.o");
  writeObjectOrFail(recordsModule("s390x").module(), o);
  // One row per header or record.
  // clang-format off
  CHECK(sectionHex("readelf", o, ".irc.traps") ==
        "00000001" "00000002"
        "0000000000000000" "00000002" "0000000c"
        "00000002" "fe000000" "00000005" "03000000"
        "0000000000000000" "00000001" "00000004"
        "00000000" "fc000000");
  CHECK(sectionHex("readelf", o, ".irc.call_sites") ==
        "00000001" "00000001"
        "0000000000000000" "00000001" "0000000c"
        "00000004" "00000009" "00000002"
        "00000001" "00000007" "0000000a"
        "00000000" "00000000" "0000000b"
        "00000000");
  CHECK(sectionHex("readelf", o, ".irc.saved_vregs") ==
        "00000001" "00000001"
        "0000000000000000" "00000001" "0000000c"
        "00000003" "ffffffc0" "0008" "0000"
        "00000000");
  // clang-format on
  std::vector<std::string> irc;
  for (const std::string &row : relocationRows("readelf", o))
    if (row.starts_with(".rela.irc"))
      irc.push_back(row);
  CHECK(irc == std::vector<std::string>{
                   ".rela.irc.traps +0x8 R_390_64 rec_a+0",
                   ".rela.irc.traps +0x28 R_390_64 .text+10",
                   ".rela.irc.call_sites +0x8 R_390_64 rec_a+0",
                   ".rela.irc.patch_sites +0x8 R_390_64 rec_a+0",
                   ".rela.irc.saved_vregs +0x8 R_390_64 rec_a+0",
               });
}

// The linker keeps non-allocated sections in the executable (not loaded), resolves their
// 64-bit relocations to link-time addresses, and a PIE needs no text relocation for them.
TEST_CASE(".irc.traps in a linked PIE holds the functions' addresses", "[obj][link]") {
  struct Toolchain {
    const char *isa, *cc;
    bool littleEndian;
  };
  for (Toolchain t :
       {Toolchain{"x86_64", "gcc", true}, Toolchain{"s390x", "s390x-linux-gnu-gcc", false}}) {
    if (!haveTool(t.cc) || !haveTool("readelf")) {
      WARN("skipped: " << t.cc << " or readelf not found");
      continue;
    }
    ScratchDir dir;
    writeObjectOrFail(recordsModule(t.isa).module(), dir.path("rec.o"));
    writeTextFile(dir.path("main.c"), "int main(void) { return 0; }\n");
    CommandResult link = runCommand(std::string(t.cc) + " -pie -o " + dir.path("prog") + " " +
                                    dir.path("main.c") + " " + dir.path("rec.o"));
    INFO(t.isa << ": " << link.output);
    REQUIRE(link.exitCode == 0);
    CHECK(link.output.empty());

    std::string recA, recB;
    for (const std::string &row : symbolRows("readelf", dir.path("prog"))) {
      if (row.starts_with("rec_a FUNC"))
        recA = row;
      if (row.starts_with("rec_b FUNC"))
        recB = row;
    }
    const std::string hex = sectionHex("readelf", dir.path("prog"), ".irc.traps");
    REQUIRE(hex.size() == 128);
    auto address = [&](size_t byteOffset) {
      std::string field = hex.substr(byteOffset * 2, 16);
      if (t.littleEndian) {
        std::string swapped;
        for (size_t i = 16; i > 0; i -= 2)
          swapped += field.substr(i - 2, 2);
        field = swapped;
      }
      return "0x" + field.substr(field.find_first_not_of('0'));
    };
    CHECK_THAT(recA, Catch::Contains("value=" + address(8) + " "));
    CHECK_THAT(recB, Catch::Contains("value=" + address(40) + " "));
    for (const std::string &row : sectionRows("readelf", dir.path("prog")))
      if (row.starts_with(".irc"))
        CHECK(row.find("flags= ") != std::string::npos);
  }
}

} // namespace
} // namespace irc::obj::test
