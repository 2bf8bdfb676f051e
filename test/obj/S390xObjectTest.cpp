// s390x objects: hand-made functions (bytes from llvm-mc-19 -triple=s390x -mcpu=z15
// -show-encoding) written by irc_obj, checked with readelf, llvm-objdump-19 and
// s390x-linux-gnu-objdump, linked with s390x-linux-gnu-gcc/g++ and run under qemu-s390x.
#include "Harnesses.h"
#include "ObjTestSupport.h"

#include <catch2/catch.hpp>

namespace irc::obj::test {
namespace {

using mach::Reloc;
using K = mach::CfiOp::Kind;

// DWARF numbers are the GPR numbers (NOTES.md).
constexpr uint16_t kR11 = 11, kR14 = 14, kR15 = 15;

// stmg %r14, %r15, 112(%r15); aghi %r15, -160 with their CFI (CFA = r15 + 160 at entry).
CodeBuilder &prologue(CodeBuilder &b) {
  return b.bytes({0xeb, 0xef, 0xf0, 0x70, 0x00, 0x24})
      .cfi(K::Offset, kR14, 112 - 160)
      .cfi(K::Offset, kR15, 120 - 160)
      .bytes({0xa7, 0xfb, 0xff, 0x60})
      .cfi(K::DefCfaOffset, 0, 320);
}
// lmg %r14, %r15, 272(%r15); br %r14.
CodeBuilder &epilogue(CodeBuilder &b) {
  return b.bytes({0xeb, 0xef, 0xf1, 0x10, 0x00, 0x04})
      .cfi(K::DefCfaOffset, 0, 160)
      .cfi(K::Restore, kR14, 0)
      .cfi(K::Restore, kR15, 0)
      .bytes({0x07, 0xfe});
}

ModuleBuilder callModule() {
  ModuleBuilder m("s390x");
  // lghi %r2, 42; br %r14
  m.add("irc_answer", CodeBuilder().bytes({0xa7, 0x29, 0x00, 0x2a, 0x07, 0xfe}).build());
  {
    CodeBuilder b;
    prologue(b).bytes({0xb9, 0x08, 0x00, 0x23}); // agr %r2, %r3
    m.add("irc_add", epilogue(b).build());
  }
  {
    CodeBuilder b;
    prologue(b)
        .bytes({0xc0, 0x20, 0, 0, 0, 0x0c}) // larl %r2, .+24: the string at 34
        .callSite(6, {})
        .bytes({0xc0, 0xe5}) // brasl %r14, puts@PLT
        .reloc(Reloc::S390xPLTRel32Dbl, "puts", 2)
        .bytes({0, 0, 0, 0})
        .bytes({0xa7, 0x29, 0x00, 0x07}); // lghi %r2, 7
    epilogue(b).endInsts().bytes("hello from irc", true);
    m.add("irc_hello", b.build());
  }
  // lgrl %r2, .+8; br %r14; the pool's quad at 8
  m.add("irc_pool_load", CodeBuilder()
                             .bytes({0xc4, 0x28, 0, 0, 0, 0x04, 0x07, 0xfe})
                             .endInsts()
                             .bytes({0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0})
                             .build());
  {
    CodeBuilder b;
    prologue(b)
        .bytes({0xc0, 0xe5}) // brasl %r14, irc_answer@PLT
        .reloc(Reloc::S390xPLTRel32Dbl, "irc_answer", 2)
        .bytes({0, 0, 0, 0})
        .bytes({0xa7, 0x2b, 0x00, 0x01}); // aghi %r2, 1
    m.add("irc_call_answer", epilogue(b).build());
  }
  m.add("irc_local_seven", CodeBuilder().bytes({0xa7, 0x29, 0x00, 0x07, 0x07, 0xfe}).build(),
        /*global=*/false);
  m.add("irc_call_local", CodeBuilder()
                              .bytes({0xc0, 0xf4}) // jg irc_local_seven@PLT (a tail call)
                              .reloc(Reloc::S390xPLTRel32Dbl, "irc_local_seven", 2)
                              .bytes({0, 0, 0, 0})
                              .build());
  m.add("irc_load_data", CodeBuilder()
                             .bytes({0xc4, 0x28}) // lgrl %r2, irc_data
                             .reloc(Reloc::S390xPCRel32Dbl, "irc_data", 2)
                             .bytes({0, 0, 0, 0, 0x07, 0xfe})
                             .build());
  m.add("irc_got_data", CodeBuilder()
                            .bytes({0xc4, 0x18}) // lgrl %r1, irc_data@GOTENT
                            .reloc(Reloc::S390xGOTEntRel32Dbl, "irc_data", 2)
                            .bytes({0, 0, 0, 0})
                            .bytes({0xe3, 0x20, 0x10, 0x00, 0x00, 0x04}) // lg %r2, 0(%r1)
                            .bytes({0x07, 0xfe})
                            .build());
  return m;
}

ModuleBuilder absModule() {
  ModuleBuilder m("s390x");
  m.add("irc_abs_target", CodeBuilder().bytes({0xa7, 0x29, 0x00, 0x63, 0x07, 0xfe}).build());
  // larl %r1, .+16; lg %r1, 0(%r1); br %r1; pool quad at 16 = &irc_abs_target
  m.add("irc_abs8_call", CodeBuilder()
                             .bytes({0xc0, 0x10, 0, 0, 0, 0x08})
                             .bytes({0xe3, 0x10, 0x10, 0x00, 0x00, 0x04})
                             .bytes({0x07, 0xf1})
                             .endInsts()
                             .alignTo(8)
                             .reloc(Reloc::Abs8, "irc_abs_target", 0)
                             .bytes({0, 0, 0, 0, 0, 0, 0, 0})
                             .build());
  // llilf %r1, irc_abs_target; br %r1
  m.add("irc_abs4_call", CodeBuilder()
                             .bytes({0xc0, 0x1f})
                             .reloc(Reloc::Abs4, "irc_abs_target", 0)
                             .bytes({0, 0, 0, 0, 0x07, 0xf1})
                             .build());
  m.add("irc_abs_table", CodeBuilder(8)
                             .endInsts()
                             .reloc(Reloc::Abs8, "irc_abs_target", 0)
                             .bytes({0, 0, 0, 0, 0, 0, 0, 0})
                             .build());
  return m;
}

ModuleBuilder throwModule() {
  ModuleBuilder m("s390x");
  CodeBuilder b;
  b.bytes({0xeb, 0xbf, 0xf0, 0x58, 0x00, 0x24}); // stmg %r11, %r15, 88(%r15)
  for (uint16_t r = kR11; r <= kR15; ++r)
    b.cfi(K::Offset, r, 88 + 8 * (r - kR11) - 160);
  b.bytes({0xa7, 0xfb, 0xff, 0x60}) // aghi %r15, -160
      .cfi(K::DefCfaOffset, 0, 320)
      .bytes({0xa7, 0xb9, 0x12, 0x34}) // lghi %r11, 0x1234: clobbers the caller's r11
      .bytes({0xc0, 0xe5})             // brasl %r14, cpp_thrower@PLT
      .reloc(Reloc::S390xPLTRel32Dbl, "cpp_thrower", 2)
      .bytes({0, 0, 0, 0})
      .bytes({0xeb, 0xbf, 0xf0, 0xf8, 0x00, 0x04}) // lmg %r11, %r15, 248(%r15)
      .cfi(K::DefCfaOffset, 0, 160)
      .bytes({0x07, 0xfe});
  m.add("irc_throw_through", b.build());
  return m;
}

#define SKIP_WITHOUT(...)                                                                          \
  if (std::string missing = missingTool({__VA_ARGS__}); !missing.empty()) {                        \
    WARN("skipped: " << missing << " not found");                                                  \
    return;                                                                                        \
  }

const std::string kQemu = "qemu-s390x -L /usr/s390x-linux-gnu ";

TEST_CASE("s390x object: sections, symbols and relocations", "[obj][s390x]") {
  SKIP_WITHOUT("readelf");
  ScratchDir dir;
  const std::string o = dir.path("calls.o");
  writeObjectOrFail(callModule().module(), o);

  CHECK(runCommand("readelf -h " + o).output.find("IBM S/390") != std::string::npos);
  CHECK(runCommand("readelf -h " + o).output.find("big endian") != std::string::npos);
  CHECK(sectionRows("readelf", o) == std::vector<std::string>{
                                         ".strtab STRTAB flags= align=1",
                                         ".text PROGBITS flags=AX align=16",
                                         ".rela.text RELA flags=I align=8",
                                         ".note.GNU-stack PROGBITS flags= align=1",
                                         ".irc.call_sites PROGBITS flags= align=8",
                                         ".rela.irc.call_sites RELA flags=I align=8",
                                         ".eh_frame PROGBITS flags=A align=8",
                                         ".rela.eh_frame RELA flags=I align=8",
                                         ".symtab SYMTAB flags= align=8",
                                     });
  CHECK(symbolRows("readelf", o) == std::vector<std::string>{
                                        ".text SECTION LOCAL .text value=0x0 size=0",
                                        "irc_local_seven FUNC LOCAL .text value=0xa0 size=6",
                                        "irc_answer FUNC GLOBAL .text value=0x0 size=6",
                                        "irc_add FUNC GLOBAL .text value=0x10 size=22",
                                        "irc_hello FUNC GLOBAL .text value=0x30 size=49",
                                        "puts NOTYPE GLOBAL UND value=0x0 size=0",
                                        "irc_pool_load FUNC GLOBAL .text value=0x70 size=16",
                                        "irc_call_answer FUNC GLOBAL .text value=0x80 size=28",
                                        "irc_call_local FUNC GLOBAL .text value=0xb0 size=6",
                                        "irc_load_data FUNC GLOBAL .text value=0xc0 size=8",
                                        "irc_data NOTYPE GLOBAL UND value=0x0 size=0",
                                        "irc_got_data FUNC GLOBAL .text value=0xd0 size=14",
                                    });
  CHECK(relocationRows("readelf", o) == std::vector<std::string>{
                                            ".rela.text +0x42 R_390_PLT32DBL puts+2",
                                            ".rela.text +0x8c R_390_PLT32DBL irc_answer+2",
                                            ".rela.text +0xb2 R_390_PLT32DBL .text+a2",
                                            ".rela.text +0xc2 R_390_PC32DBL irc_data+2",
                                            ".rela.text +0xd2 R_390_GOTENT irc_data+2",
                                            ".rela.irc.call_sites +0x8 R_390_64 irc_hello+0",
                                            ".rela.eh_frame +0x20 R_390_PC32 .text+0",
                                            ".rela.eh_frame +0x34 R_390_PC32 .text+10",
                                            ".rela.eh_frame +0x54 R_390_PC32 .text+30",
                                            ".rela.eh_frame +0x74 R_390_PC32 .text+70",
                                            ".rela.eh_frame +0x88 R_390_PC32 .text+80",
                                            ".rela.eh_frame +0xa8 R_390_PC32 .text+a0",
                                            ".rela.eh_frame +0xbc R_390_PC32 .text+b0",
                                            ".rela.eh_frame +0xd0 R_390_PC32 .text+c0",
                                            ".rela.eh_frame +0xe4 R_390_PC32 .text+d0",
                                        });
}

TEST_CASE("s390x object: one CIE, one FDE per function, CFA rules as given", "[obj][s390x]") {
  SKIP_WITHOUT("readelf");
  ScratchDir dir;
  const std::string o = dir.path("calls.o");
  ModuleBuilder m = callModule();
  writeObjectOrFail(m.module(), o);

  CommandResult frames = runCommand("readelf --debug-dump=frames " + o);
  REQUIRE(frames.exitCode == 0);
  FrameCounts counts = countFrames(frames.output);
  CHECK(counts.cies == 1);
  CHECK(counts.fdes == static_cast<int>(m.module().functions.size()));
  // MC's default CIE for s390x: code align 1, data align -8, RA column 14, CFA = r15+160.
  CHECK(frames.output.find("  Code alignment factor: 1\n"
                           "  Data alignment factor: -8\n"
                           "  Return address column: 14\n") != std::string::npos);
  CHECK(frames.output.find("  DW_CFA_def_cfa: r15 ofs 160\n") != std::string::npos);

  CommandResult interp = runCommand("readelf --debug-dump=frames-interp " + o);
  REQUIRE(interp.exitCode == 0);
  // irc_add at 0x10: stmg 0..5, aghi 6..9, agr 10..13, lmg 14..19, br 20..21.
  CHECK(interp.output.find("   LOC           CFA      ra    r15   \n"
                           "0000000000000010 r15+160  u     u     \n"
                           "0000000000000016 r15+160  c-48  c-40  \n"
                           "000000000000001a r15+320  c-48  c-40  \n"
                           "0000000000000024 r15+160  u     u     \n") != std::string::npos);
}

TEST_CASE("s390x object: both disassemblers decode every instruction", "[obj][s390x]") {
  ScratchDir dir;
  const std::string o = dir.path("calls.o");
  ModuleBuilder m = callModule();
  writeObjectOrFail(m.module(), o);
  for (const char *objdump : {"s390x-linux-gnu-objdump", "llvm-objdump-19"}) {
    if (!haveTool(objdump)) {
      WARN("skipped: " << objdump << " not found");
      continue;
    }
    CommandResult dis = runCommand(std::string(objdump) + " -d -r " + o);
    INFO(dis.output);
    REQUIRE(dis.exitCode == 0);
    CHECK(badInstructions(dis.output, m.module()).empty());
    CHECK(dis.output.find("R_390_PLT32DBL\tputs+0x2") != std::string::npos);
  }
}

TEST_CASE("s390x object links with s390x-linux-gnu-gcc and runs under qemu", "[obj][s390x][link]") {
  SKIP_WITHOUT("s390x-linux-gnu-gcc", "qemu-s390x");
  ScratchDir dir;
  writeObjectOrFail(callModule().module(), dir.path("calls.o"));
  writeTextFile(dir.path("main.c"), kCallHarnessC);
  CommandResult link = runCommand("s390x-linux-gnu-gcc -o " + dir.path("prog") + " " +
                                  dir.path("main.c") + " " + dir.path("calls.o"));
  INFO(link.output);
  REQUIRE(link.exitCode == 0);
  CHECK(link.output.empty());
  CommandResult run = runCommand(kQemu + dir.path("prog"));
  CHECK(run.output == kCallHarnessOutput);
  CHECK(run.exitCode == kCallHarnessExit);
}

TEST_CASE("s390x absolute relocations work in a non-PIE executable", "[obj][s390x][link]") {
  SKIP_WITHOUT("s390x-linux-gnu-gcc", "qemu-s390x", "readelf");
  ScratchDir dir;
  writeObjectOrFail(absModule().module(), dir.path("abs.o"));
  CHECK(relocationRows("readelf", dir.path("abs.o")) ==
        std::vector<std::string>{
            ".rela.text +0x20 R_390_64 irc_abs_target+0",
            ".rela.text +0x32 R_390_32 irc_abs_target+0",
            ".rela.text +0x38 R_390_64 irc_abs_target+0",
            ".rela.eh_frame +0x20 R_390_PC32 .text+0",
            ".rela.eh_frame +0x34 R_390_PC32 .text+10",
            ".rela.eh_frame +0x48 R_390_PC32 .text+30",
            ".rela.eh_frame +0x5c R_390_PC32 .text+38",
        });
  writeTextFile(dir.path("main.c"), kAbsHarnessC);
  CommandResult link = runCommand("s390x-linux-gnu-gcc -no-pie -o " + dir.path("prog") + " " +
                                  dir.path("main.c") + " " + dir.path("abs.o"));
  INFO(link.output);
  REQUIRE(link.exitCode == 0);
  CommandResult run = runCommand(kQemu + dir.path("prog"));
  CHECK(run.output == kAbsHarnessOutput);
  CHECK(run.exitCode == 0);
}

TEST_CASE("s390x: a C++ exception unwinds through an irc frame", "[obj][s390x][link]") {
  SKIP_WITHOUT("s390x-linux-gnu-g++", "qemu-s390x");
  ScratchDir dir;
  writeObjectOrFail(throwModule().module(), dir.path("frame.o"));
  writeTextFile(dir.path("main.cpp"), kThrowHarnessCpp);
  CommandResult link = runCommand("s390x-linux-gnu-g++ -O2 -o " + dir.path("prog") + " " +
                                  dir.path("main.cpp") + " " + dir.path("frame.o"));
  INFO(link.output);
  REQUIRE(link.exitCode == 0);
  CommandResult run = runCommand(kQemu + dir.path("prog"));
  CHECK(run.output == kThrowHarnessOutput);
  CHECK(run.exitCode == 0);
}

} // namespace
} // namespace irc::obj::test
