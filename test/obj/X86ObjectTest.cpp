// x86_64 objects: hand-made functions (bytes from llvm-mc-19 -triple=x86_64
// -show-encoding) written by irc_obj, checked with readelf and llvm-objdump-19, linked
// with gcc/g++ and run.
#include "Harnesses.h"
#include "ObjTestSupport.h"

#include <catch2/catch.hpp>

namespace irc::obj::test {
namespace {

using mach::Reloc;
using K = mach::CfiOp::Kind;

// DWARF numbers (NOTES.md): rbx 3, rbp 6, rsp 7.
constexpr uint16_t kRbx = 3, kRbp = 6, kRsp = 7;

// push %rbp; mov %rsp, %rbp with their CFI.
CodeBuilder &prologue(CodeBuilder &b) {
  return b.bytes({0x55})
      .cfi(K::DefCfaOffset, 0, 16)
      .cfi(K::Offset, kRbp, -16)
      .bytes({0x48, 0x89, 0xe5})
      .cfi(K::DefCfaRegister, kRbp, 0);
}
// pop %rbp; ret.
CodeBuilder &epilogue(CodeBuilder &b) {
  return b.bytes({0x5d}).cfi(K::DefCfa, kRsp, 8).bytes({0xc3});
}

ModuleBuilder callModule() {
  ModuleBuilder m("x86_64");
  // movl $42, %eax; retq
  m.add("irc_answer", CodeBuilder().bytes({0xb8, 0x2a, 0, 0, 0, 0xc3}).build());
  {
    CodeBuilder b;
    prologue(b).bytes({0x8d, 0x04, 0x37}); // leal (%rdi,%rsi), %eax
    m.add("irc_add", epilogue(b).build());
  }
  {
    CodeBuilder b;
    prologue(b)
        .bytes({0x48, 0x8d, 0x3d, 0x0c, 0, 0, 0}) // leaq 12(%rip), %rdi: the string at 23
        .callSite(5, {})
        .bytes({0xe8}) // callq puts@PLT
        .reloc(Reloc::X86CallPLTRel4, "puts", -4)
        .bytes({0, 0, 0, 0})
        .bytes({0xb8, 7, 0, 0, 0}); // movl $7, %eax
    epilogue(b).endInsts().bytes("hello from irc", true);
    m.add("irc_hello", b.build());
  }
  // movq 1(%rip), %rax; retq; the pool's quad at 8
  m.add("irc_pool_load", CodeBuilder()
                             .bytes({0x48, 0x8b, 0x05, 0x01, 0, 0, 0, 0xc3})
                             .endInsts()
                             .bytes({0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12})
                             .build());
  {
    CodeBuilder b;
    prologue(b)
        .bytes({0xe8}) // callq irc_answer
        .reloc(Reloc::X86CallPLTRel4, "irc_answer", -4)
        .bytes({0, 0, 0, 0})
        .bytes({0x83, 0xc0, 0x01}); // addl $1, %eax
    m.add("irc_call_answer", epilogue(b).build());
  }
  m.add("irc_local_seven", CodeBuilder().bytes({0xb8, 7, 0, 0, 0, 0xc3}).build(),
        /*global=*/false);
  m.add("irc_call_local", CodeBuilder()
                              .bytes({0x48, 0x83, 0xec, 0x08}) // subq $8, %rsp
                              .cfi(K::DefCfaOffset, 0, 16)
                              .bytes({0xe8}) // callq irc_local_seven
                              .reloc(Reloc::X86CallPLTRel4, "irc_local_seven", -4)
                              .bytes({0, 0, 0, 0})
                              .bytes({0x48, 0x83, 0xc4, 0x08}) // addq $8, %rsp
                              .cfi(K::DefCfaOffset, 0, 8)
                              .bytes({0xc3})
                              .build());
  m.add("irc_load_data", CodeBuilder()
                             .bytes({0x48, 0x8b, 0x05}) // movq irc_data(%rip), %rax
                             .reloc(Reloc::X86PCRel4, "irc_data", -4)
                             .bytes({0, 0, 0, 0, 0xc3})
                             .build());
  m.add("irc_got_data", CodeBuilder()
                            .bytes({0x48, 0x8b, 0x05}) // movq irc_data@GOTPCREL(%rip), %rax
                            .reloc(Reloc::X86GOTPCRel4, "irc_data", -4)
                            .bytes({0, 0, 0, 0})
                            .bytes({0x48, 0x8b, 0x00, 0xc3}) // movq (%rax), %rax; retq
                            .build());
  return m;
}

ModuleBuilder absModule() {
  ModuleBuilder m("x86_64");
  m.add("irc_abs_target", CodeBuilder().bytes({0xb8, 99, 0, 0, 0, 0xc3}).build());
  // movq 9(%rip), %rax; jmpq *%rax; pool quad at 16 = &irc_abs_target
  m.add("irc_abs8_call", CodeBuilder()
                             .bytes({0x48, 0x8b, 0x05, 0x09, 0, 0, 0, 0xff, 0xe0})
                             .endInsts()
                             .alignTo(8)
                             .reloc(Reloc::Abs8, "irc_abs_target", 0)
                             .bytes({0, 0, 0, 0, 0, 0, 0, 0})
                             .build());
  // movl $irc_abs_target, %eax; jmpq *%rax
  m.add("irc_abs4_call", CodeBuilder()
                             .bytes({0xb8})
                             .reloc(Reloc::Abs4, "irc_abs_target", 0)
                             .bytes({0, 0, 0, 0, 0xff, 0xe0})
                             .build());
  m.add("irc_abs_table", CodeBuilder(8)
                             .endInsts()
                             .reloc(Reloc::Abs8, "irc_abs_target", 0)
                             .bytes({0, 0, 0, 0, 0, 0, 0, 0})
                             .build());
  return m;
}

ModuleBuilder throwModule() {
  ModuleBuilder m("x86_64");
  CodeBuilder b;
  prologue(b)
      .bytes({0x53}) // pushq %rbx
      .cfi(K::Offset, kRbx, -24)
      .bytes({0x48, 0x83, 0xec, 0x08}) // subq $8, %rsp
      .bytes({0xbb, 0x34, 0x12, 0, 0}) // movl $0x1234, %ebx: clobbers the caller's rbx
      .bytes({0xe8})                   // callq cpp_thrower
      .reloc(Reloc::X86CallPLTRel4, "cpp_thrower", -4)
      .bytes({0, 0, 0, 0})
      .bytes({0x48, 0x83, 0xc4, 0x08}) // addq $8, %rsp
      .bytes({0x5b})                   // popq %rbx
      .cfi(K::Restore, kRbx, 0);
  m.add("irc_throw_through", epilogue(b).build());
  return m;
}

#define SKIP_WITHOUT(...)                                                                          \
  if (std::string missing = missingTool({__VA_ARGS__}); !missing.empty()) {                        \
    WARN("skipped: " << missing << " not found");                                                  \
    return;                                                                                        \
  }

TEST_CASE("x86_64 object: sections, symbols and relocations", "[obj][x86_64]") {
  SKIP_WITHOUT("readelf");
  ScratchDir dir;
  const std::string o = dir.path("calls.o");
  writeObjectOrFail(callModule().module(), o);

  CHECK(sectionRows("readelf", o) == std::vector<std::string>{
                                         ".strtab STRTAB flags= align=1",
                                         ".text PROGBITS flags=AX align=16",
                                         ".rela.text RELA flags=I align=8",
                                         ".note.GNU-stack PROGBITS flags= align=1",
                                         ".irc.call_sites PROGBITS flags= align=8",
                                         ".rela.irc.call_sites RELA flags=I align=8",
                                         ".eh_frame X86_64_UNWIND flags=A align=8",
                                         ".rela.eh_frame RELA flags=I align=8",
                                         ".symtab SYMTAB flags= align=8",
                                     });
  CHECK(symbolRows("readelf", o) == std::vector<std::string>{
                                        ".text SECTION LOCAL .text value=0x0 size=0",
                                        "irc_local_seven FUNC LOCAL .text value=0x70 size=6",
                                        "irc_answer FUNC GLOBAL .text value=0x0 size=6",
                                        "irc_add FUNC GLOBAL .text value=0x10 size=9",
                                        "irc_hello FUNC GLOBAL .text value=0x20 size=38",
                                        "puts NOTYPE GLOBAL UND value=0x0 size=0",
                                        "irc_pool_load FUNC GLOBAL .text value=0x50 size=16",
                                        "irc_call_answer FUNC GLOBAL .text value=0x60 size=14",
                                        "irc_call_local FUNC GLOBAL .text value=0x80 size=14",
                                        "irc_load_data FUNC GLOBAL .text value=0x90 size=8",
                                        "irc_data NOTYPE GLOBAL UND value=0x0 size=0",
                                        "irc_got_data FUNC GLOBAL .text value=0xa0 size=11",
                                    });
  CHECK(relocationRows("readelf", o) == std::vector<std::string>{
                                            ".rela.text +0x2c R_X86_64_PLT32 puts-4",
                                            ".rela.text +0x65 R_X86_64_PLT32 irc_answer-4",
                                            ".rela.text +0x85 R_X86_64_PLT32 .text+6c",
                                            ".rela.text +0x93 R_X86_64_PC32 irc_data-4",
                                            ".rela.text +0xa3 R_X86_64_GOTPCREL irc_data-4",
                                            ".rela.irc.call_sites +0x8 R_X86_64_64 irc_hello+0",
                                            ".rela.eh_frame +0x20 R_X86_64_PC32 .text+0",
                                            ".rela.eh_frame +0x34 R_X86_64_PC32 .text+10",
                                            ".rela.eh_frame +0x54 R_X86_64_PC32 .text+20",
                                            ".rela.eh_frame +0x74 R_X86_64_PC32 .text+50",
                                            ".rela.eh_frame +0x88 R_X86_64_PC32 .text+60",
                                            ".rela.eh_frame +0xa8 R_X86_64_PC32 .text+70",
                                            ".rela.eh_frame +0xbc R_X86_64_PC32 .text+80",
                                            ".rela.eh_frame +0xd4 R_X86_64_PC32 .text+90",
                                            ".rela.eh_frame +0xe8 R_X86_64_PC32 .text+a0",
                                        });
}

TEST_CASE("x86_64 object: one CIE, one FDE per function, CFA rules as given", "[obj][x86_64]") {
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
  // MC's default CIE for x86_64: code align 1, data align -8, RA column 16 (rip),
  // CFA = rsp+8, return address at CFA-8.
  CHECK(frames.output.find("  Code alignment factor: 1\n"
                           "  Data alignment factor: -8\n"
                           "  Return address column: 16\n") != std::string::npos);
  CHECK(frames.output.find("  DW_CFA_def_cfa: r7 (rsp) ofs 8\n"
                           "  DW_CFA_offset: r16 (rip) at cfa-8\n") != std::string::npos);

  // The table of irc_add (at 0x10): each row starts right after the instruction.
  CommandResult interp = runCommand("readelf --debug-dump=frames-interp " + o);
  REQUIRE(interp.exitCode == 0);
  CHECK(interp.output.find("   LOC           CFA      rbp   ra    \n"
                           "0000000000000010 rsp+8    u     c-8   \n"
                           "0000000000000011 rsp+16   c-16  c-8   \n"
                           "0000000000000014 rbp+16   c-16  c-8   \n"
                           "0000000000000018 rsp+8    c-16  c-8   \n") != std::string::npos);
  // irc_call_local (at 0x80): sub at 0..3, add at 9..12.
  CHECK(interp.output.find("   LOC           CFA      ra    \n"
                           "0000000000000080 rsp+8    c-8   \n"
                           "0000000000000084 rsp+16   c-8   \n"
                           "000000000000008d rsp+8    c-8   \n") != std::string::npos);
}

TEST_CASE("x86_64 object: llvm-objdump decodes every instruction", "[obj][x86_64]") {
  SKIP_WITHOUT("llvm-objdump-19");
  ScratchDir dir;
  const std::string o = dir.path("calls.o");
  ModuleBuilder m = callModule();
  writeObjectOrFail(m.module(), o);
  CommandResult dis = runCommand("llvm-objdump-19 -d -r --no-show-raw-insn " + o);
  REQUIRE(dis.exitCode == 0);
  CHECK(badInstructions(dis.output, m.module()).empty());
  CHECK(dis.output.find("      2b:      \tcallq\t0x30 <irc_hello+0x10>\n"
                        "\t\t000000000000002c:  R_X86_64_PLT32\tputs-0x4\n") != std::string::npos);
}

TEST_CASE("x86_64 object links with gcc and runs", "[obj][x86_64][link]") {
  SKIP_WITHOUT("gcc");
  ScratchDir dir;
  writeObjectOrFail(callModule().module(), dir.path("calls.o"));
  writeTextFile(dir.path("main.c"), kCallHarnessC);
  CommandResult link = runCommand("gcc -o " + dir.path("prog") + " " + dir.path("main.c") + " " +
                                  dir.path("calls.o"));
  INFO(link.output);
  REQUIRE(link.exitCode == 0);
  CHECK(link.output.empty()); // no warning (executable stack, text relocations...)
  CommandResult run = runCommand(dir.path("prog"));
  CHECK(run.output == kCallHarnessOutput);
  CHECK(run.exitCode == kCallHarnessExit);
}

TEST_CASE("x86_64 absolute relocations work in a non-PIE executable", "[obj][x86_64][link]") {
  SKIP_WITHOUT("gcc", "readelf");
  ScratchDir dir;
  writeObjectOrFail(absModule().module(), dir.path("abs.o"));
  CHECK(relocationRows("readelf", dir.path("abs.o")) ==
        std::vector<std::string>{
            ".rela.text +0x20 R_X86_64_64 irc_abs_target+0",
            ".rela.text +0x31 R_X86_64_32 irc_abs_target+0",
            ".rela.text +0x38 R_X86_64_64 irc_abs_target+0",
            ".rela.eh_frame +0x20 R_X86_64_PC32 .text+0",
            ".rela.eh_frame +0x34 R_X86_64_PC32 .text+10",
            ".rela.eh_frame +0x48 R_X86_64_PC32 .text+30",
            ".rela.eh_frame +0x5c R_X86_64_PC32 .text+38",
        });
  writeTextFile(dir.path("main.c"), kAbsHarnessC);
  CommandResult link = runCommand("gcc -no-pie -o " + dir.path("prog") + " " + dir.path("main.c") +
                                  " " + dir.path("abs.o"));
  INFO(link.output);
  REQUIRE(link.exitCode == 0);
  CommandResult run = runCommand(dir.path("prog"));
  CHECK(run.output == kAbsHarnessOutput);
  CHECK(run.exitCode == 0);
}

TEST_CASE("x86_64: a C++ exception unwinds through an irc frame", "[obj][x86_64][link]") {
  SKIP_WITHOUT("g++");
  ScratchDir dir;
  writeObjectOrFail(throwModule().module(), dir.path("frame.o"));
  writeTextFile(dir.path("main.cpp"), kThrowHarnessCpp);
  CommandResult link = runCommand("g++ -O2 -o " + dir.path("prog") + " " + dir.path("main.cpp") +
                                  " " + dir.path("frame.o"));
  INFO(link.output);
  REQUIRE(link.exitCode == 0);
  CommandResult run = runCommand(dir.path("prog"));
  CHECK(run.output == kThrowHarnessOutput);
  CHECK(run.exitCode == 0);
}

} // namespace
} // namespace irc::obj::test
