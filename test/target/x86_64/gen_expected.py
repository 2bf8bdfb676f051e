#!/usr/bin/env python3
"""Generates EmitTestData.inc, the expected bytes and text of x86_64 encoder test rows.

Run once (and again when Insts.def gains a row); commit its output:
    python3 test/target/x86_64/gen_expected.py > test/target/x86_64/EmitTestData.inc

For every form of lib/target/x86_64/Insts.def this script writes test cases: an irc MInst
(as C++) and the AT&T text for the same instruction. It assembles all cases with
`llvm-mc-19 -triple=x86_64` (one section per case) and takes the expected bytes and
relocations from the object file and the expected text from llvm-mc's own printing of the
instruction, never from irc. Cases pick, per operand, a low (rax-rdi) and a high (r8-r15)
register with different low three bits, byte registers from all four groups, immediates 0,
simm8 and simm32 (imm16 for 16-bit), and every addressing-mode special case.

Pseudo-instructions whose irc text is irc's own syntax (args, rets, jmp_table, trap_if, a
two-target branch) carry that text here; their bytes still come from llvm-mc assembling the
sequence irc must emit.
"""

import os
import re
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
INSTS_DEF = os.path.join(ROOT, "lib", "target", "x86_64", "Insts.def")
LLVM_MC = os.environ.get("LLVM_MC", "llvm-mc-19")

# ---------------------------------------------------------------------------------------
# Insts.def rows


def parse_insts_def():
    forms, conds = [], []
    text = open(INSTS_DEF).read()
    for m in re.finditer(r"^(INST|PSEUDO|COND)\((.*)\)\s*$", text, re.M):
        kind, args = m.group(1), [a.strip() for a in m.group(2).split(",")]
        if kind == "COND":
            conds.append(args[1].strip('"'))
        elif kind == "INST":
            forms.append(dict(form=args[0], mnem=args[1].strip('"'), shape=args[2],
                              sizes=args[3], pseudo=False))
        else:
            forms.append(dict(form=args[0], mnem=args[1].strip('"'), shape=args[2],
                              sizes="None", pseudo=True))
    return forms, conds


FORMS, CONDS = parse_insts_def()
COND_CPP = ["O", "No", "B", "Ae", "E", "Ne", "Be", "A", "S", "Ns", "P", "Np", "L", "Ge", "Le",
            "G"]
assert len(CONDS) == 16

# ---------------------------------------------------------------------------------------
# Registers (test-side names; irc's come from Regs.def)

GPR64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + ["r%d" % i for i in range(8, 16)]
GPR32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] + ["r%dd" % i for i in range(8, 16)]
GPR16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] + ["r%dw" % i for i in range(8, 16)]
GPR8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"] + ["r%db" % i for i in range(8, 16)]
NAMES = {"B": GPR8, "W": GPR16, "L": GPR32, "Q": GPR64}
SIZES = ["B", "W", "L", "Q"]
SIZE_SETS = {"B": "B", "W": "W", "L": "L", "Q": "Q", "LQ": "LQ", "WLQ": "WLQ", "BWLQ": "BWLQ",
             "None": ""}


def g(hw, size):
    """(asm text, C++ expression) of a general register at a width."""
    return "%" + NAMES[size][hw], "r::" + GPR64[hw]


def x(n):
    return "%%xmm%d" % n, "r::xmm%d" % n


def suffix(mnem, size, cond=None):
    out = mnem.replace("?", size.lower() if size else "")
    if cond is not None:
        out = out.replace("#", CONDS[cond])
    return out


# Two-operand register pairs: every low/high combination, low three bits all different.
PAIRS = [(2, 6), (2, 9), (11, 6), (11, 9)]  # (rdx|r11, rsi|r9)
# Byte pairs over the four groups: al-bl, spl-dil (REX), r8b-r11b, r12b-r15b.
BYTE_PAIRS = [(0, 3), (6, 7), (1, 12), (13, 5), (4, 8), (10, 14)]
ONE_REG = [2, 11]                   # rdx | r11
BYTE_ONE = [0, 3, 6, 4, 9, 15]      # al bl sil spl r9b r15b
IMM_REGS = [0, 2, 8, 11]            # rax (accumulator forms), rdx, r8 (low bits 000), r11
BYTE_IMM_REGS = [0, 6, 8, 3]        # al, sil, r8b, bl
XMM_PAIRS = [(1, 2), (1, 12), (9, 2), (9, 12)]
XMM_GPR_PAIRS = [(1, 2), (1, 11), (9, 2), (9, 11)]  # (xmm, gpr)


def imms(size):
    return {"B": [0, 127, -1, -128],
            "W": [0, -3, 1000, -200],
            "L": [0, 100, -100000, -1],
            "Q": [0, -100, 100000, -2147483648]}[size]


# Addressing modes: (asm, C++, label layout) — a label layout is needed for RIP labels.
def amodes_all():
    return [
        ("(%rdi)", "Amode::base(r::rdi)"),
        ("(%r12)", "Amode::base(r::r12)"),
        ("(%rsp)", "Amode::base(r::rsp)"),
        ("(%rbp)", "Amode::base(r::rbp)"),
        ("(%r13)", "Amode::base(r::r13)"),
        ("8(%rdi)", "Amode::base(r::rdi, 8)"),
        ("-128(%rsi)", "Amode::base(r::rsi, -128)"),
        ("-129(%r11)", "Amode::base(r::r11, -129)"),
        ("4096(%rsp)", "Amode::base(r::rsp, 4096)"),
        ("127(%r12)", "Amode::base(r::r12, 127)"),
        ("(%rdi,%rcx)", "Amode::baseIndex(r::rdi, r::rcx, 1)"),
        ("8(%rsp,%rbx,4)", "Amode::baseIndex(r::rsp, r::rbx, 4, 8)"),
        ("(%rbp,%r12,8)", "Amode::baseIndex(r::rbp, r::r12, 8)"),
        ("-300(%r13,%r14,2)", "Amode::baseIndex(r::r13, r::r14, 2, -300)"),
        ("(%r8,%r15)", "Amode::baseIndex(r::r8, r::r15, 1)"),
        ("(,%rcx,8)", "Amode::baseIndex(Reg(), r::rcx, 8)"),
        ("16(,%r9,2)", "Amode::baseIndex(Reg(), r::r9, 2, 16)"),
        ("label0(%rip)", "Amode::rip(L(0))"),
        ("foo+8(%rip)", "Amode::rip(sym(\"foo\"), 8)"),
        ("bar(%rip)", "Amode::rip(sym(\"bar\"))"),
    ]


def amodes_few():
    return [
        ("8(%rdi)", "Amode::base(r::rdi, 8)"),
        ("-300(%r13,%r14,2)", "Amode::baseIndex(r::r13, r::r14, 2, -300)"),
        ("foo-4(%rip)", "Amode::rip(sym(\"foo\"), -4)"),
    ]


def amode_layout(am_asm):
    """A RIP label is bound 16 bytes after the instruction."""
    if "label0" in am_asm:
        return dict(post=16, labels="e")
    return {}


# ---------------------------------------------------------------------------------------
# Cases

CASES = []


def case(form, cpp, asm, text=None, pre=0, post=0, labels="", ft=-1, disasm_text=False):
    CASES.append(dict(form=form, cpp=cpp, asm=asm, text=text, pre=pre, post=post,
                      labels=labels, ft=ft, disasm_text=disasm_text))


def mem_case(form, cpp, asm, am_asm, **kw):
    lay = amode_layout(am_asm)
    lay.update(kw)
    case(form, cpp, asm, **lay)


def sizes_of(f):
    return [s for s in SIZES if s in SIZE_SETS[f["sizes"]]]


def gen_form(f):
    F, mn, shape = f["form"], f["mnem"], f["shape"]
    fc = "Form::" + F
    for s in sizes_of(f) or [None]:
        sc = "OpSize::" + s if s else "OpSize::Q"
        m = suffix(mn, s) if s else mn
        if shape in ("AluRR", "CmpRR", "MovRR", "UnRR", "Ext16RR", "Ext32RR", "Ext8RR"):
            src_size = {"Ext8RR": "B", "Ext16RR": "W", "Ext32RR": "L"}.get(shape, s)
            if s == "B":
                pairs = BYTE_PAIRS
            elif shape == "Ext8RR":
                pairs = [(2, 6), (11, 1), (0, 12), (9, 4), (3, 7)]
            else:
                pairs = PAIRS
            for d, r in pairs:
                da, dc = g(d, s)
                ra, rc = g(r, src_size)
                if shape == "AluRR":
                    case(F, f"MInst::aluRR({fc}, {sc}, {dc}, {dc}, {rc})", f"{m} {ra}, {da}")
                elif shape == "CmpRR":
                    case(F, f"MInst::cmpRR({fc}, {sc}, {dc}, {rc})", f"{m} {ra}, {da}")
                else:
                    case(F, f"MInst::rr({fc}, {sc}, {dc}, {rc})", f"{m} {ra}, {da}")
        elif shape in ("AluRM", "CmpRM", "MovRM", "UnRM", "Ext8RM", "Ext16RM", "Ext32RM", "Lea"):
            regs = [0, 6, 10] if s == "B" else ONE_REG
            full = (F in ("MovRM", "Lea", "MovzbRM") and s in ("B", "Q", "L")) or \
                   (F == "AddRM" and s == "Q")
            for d in regs:
                da, dc = g(d, s)
                for am_asm, am_cpp in (amodes_all() if full and d == regs[0] else amodes_few()):
                    if shape == "AluRM":
                        cpp = f"MInst::aluRM({fc}, {sc}, {dc}, {dc}, {am_cpp})"
                    elif shape == "CmpRM":
                        cpp = f"MInst::cmpRM({fc}, {sc}, {dc}, {am_cpp})"
                    else:
                        cpp = f"MInst::rm({fc}, {sc}, {dc}, {am_cpp})"
                    mem_case(F, cpp, f"{m} {am_asm}, {da}", am_asm)
        elif shape in ("AluMR", "CmpMR", "MovMR"):
            regs = [6, 9, 3, 4] if s == "B" else [6, 9]
            full = F == "MovMR" and s in ("B", "L")
            for r in regs:
                ra, rc = g(r, s)
                for am_asm, am_cpp in (amodes_all() if full and r == regs[0] else amodes_few()):
                    if shape == "AluMR":
                        cpp = f"MInst::aluMR({fc}, {sc}, {am_cpp}, {rc})"
                    elif shape == "CmpMR":
                        cpp = f"MInst::cmpMR({fc}, {sc}, {am_cpp}, {rc})"
                    else:
                        cpp = f"MInst::mr({fc}, {sc}, {am_cpp}, {rc})"
                    mem_case(F, cpp, f"{m} {ra}, {am_asm}", am_asm)
        elif shape in ("AluRI", "CmpRI"):
            for d in (BYTE_IMM_REGS if s == "B" else IMM_REGS):
                da, dc = g(d, s)
                for i in imms(s):
                    if shape == "AluRI":
                        cpp = f"MInst::aluRI({fc}, {sc}, {dc}, {dc}, {i})"
                    else:
                        cpp = f"MInst::cmpRI({fc}, {sc}, {dc}, {i})"
                    case(F, cpp, f"{m} ${i}, {da}")
        elif shape in ("AluMI", "CmpMI", "MovMI"):
            full = F in ("AddMI", "MovMI", "CmpMI", "TestMI")
            for am_asm, am_cpp in (amodes_all() if full else amodes_few()):
                for i in (imms(s) if am_asm in ("8(%rdi)", "label0(%rip)", "foo+8(%rip)")
                          else imms(s)[1:3]):
                    if shape == "AluMI":
                        cpp = f"MInst::aluMI({fc}, {sc}, {am_cpp}, {i})"
                    elif shape == "CmpMI":
                        cpp = f"MInst::cmpMI({fc}, {sc}, {am_cpp}, {i})"
                    else:
                        cpp = f"MInst::movMI({sc}, {am_cpp}, {i})"
                    mem_case(F, cpp, f"{m} ${i}, {am_asm}", am_asm)
        elif shape == "UnaryR":
            for d in (BYTE_ONE if s == "B" else [0, 2, 8, 11, 5, 12]):
                da, dc = g(d, s)
                case(F, f"MInst::unary({fc}, {sc}, {dc}, {dc})", f"{m} {da}")
        elif shape == "ShiftRCl":
            for d in (BYTE_ONE if s == "B" else [0, 2, 11, 12]):
                da, dc = g(d, s)
                case(F, f"MInst::shiftCl({fc}, {sc}, {dc}, {dc}, r::rcx)", f"{m} %cl, {da}")
        elif shape == "ShiftRI":
            bits = {"B": 8, "W": 16, "L": 32, "Q": 64}[s]
            for d in (BYTE_ONE[:4] if s == "B" else [0, 2, 11]):
                da, dc = g(d, s)
                for n in (1, 3, bits - 1):
                    case(F, f"MInst::shiftImm({fc}, {sc}, {dc}, {dc}, {n})", f"{m} ${n}, {da}")
        elif shape == "ImulRRI":
            for d, r in PAIRS + [(0, 0)]:
                da, dc = g(d, s)
                ra, rc = g(r, s)
                for i in imms(s)[:3] + [-128]:
                    case(F, f"MInst::imulRRI({sc}, {dc}, {rc}, {i})", f"{m} ${i}, {ra}, {da}")
        elif shape == "ImulRMI":
            for d in ONE_REG:
                da, dc = g(d, s)
                ams = amodes_all() if (s == "Q" and d == 2) else amodes_few()
                for am_asm, am_cpp in ams:
                    for i in (imms(s)[1:3]):
                        mem_case(F, f"MInst::imulRMI({sc}, {dc}, {am_cpp}, {i})",
                                 f"{m} ${i}, {am_asm}, {da}", am_asm)
        elif shape in ("MulWide", "DivWide"):
            for r in [1, 3, 9, 14, 6]:
                ra, rc = g(r, s)
                if shape == "MulWide":
                    cpp = f"MInst::mulWide({fc}, {sc}, r::rax, r::rdx, r::rax, {rc})"
                else:
                    cpp = (f"MInst::divWide({fc}, {sc}, r::rax, r::rdx, r::rax, r::rdx, {rc}, "
                           f"ir::TrapCode::integerDivisionByZero())")
                case(F, cpp, f"{m} {ra}")
        elif shape in ("Mul8", "Div8"):
            for r in [1, 3, 6, 4, 9, 15]:
                ra, rc = g(r, "B")
                if shape == "Mul8":
                    cpp = f"MInst::mul8({fc}, r::rax, r::rax, {rc})"
                else:
                    cpp = f"MInst::div8({fc}, r::rax, r::rax, {rc}, ir::TrapCode::none())"
                case(F, cpp, f"{m} {ra}")
        elif shape == "SignExtend":
            case(F, f"MInst::signExtendRax({sc}, r::rdx, r::rax)", m)
        elif shape == "Setcc":
            for c in range(16):
                for d in ([0, 6, 9] if c == 4 else [3]):
                    da, dc = g(d, "B")
                    case(F, f"MInst::setcc(CondCode::{COND_CPP[c]}, {dc})",
                         f"{suffix(mn, None, c)} {da}")
        elif shape == "CmovRR":
            for c in range(16):
                for d, r in (PAIRS if c == 5 else [(2, 9)]):
                    da, dc = g(d, s)
                    ra, rc = g(r, s)
                    case(F, f"MInst::cmovRR(CondCode::{COND_CPP[c]}, {sc}, {dc}, {dc}, {rc})",
                         f"{suffix(mn, s, c)} {ra}, {da}")
        elif shape == "CmovRM":
            for c in (4, 13):
                for d in ONE_REG:
                    da, dc = g(d, s)
                    for am_asm, am_cpp in amodes_few():
                        mem_case(F, f"MInst::cmovRM(CondCode::{COND_CPP[c]}, {sc}, {dc}, {dc}, "
                                    f"{am_cpp})", f"{suffix(mn, s, c)} {am_asm}, {da}", am_asm)
        elif shape == "MovRI":
            for d in (BYTE_IMM_REGS if s == "B" else IMM_REGS):
                da, dc = g(d, s)
                vals = imms(s) + ([2147483647] if s in "LQ" else [])
                for i in vals:
                    case(F, f"MInst::movRI({sc}, {dc}, {i})", f"{m} ${i}, {da}")
        elif shape == "MovAbsRI":
            for d in [0, 2, 11]:
                da, dc = g(d, "Q")
                for i in [0, -1, 0x123456789, -0x123456789abcdef, 0x7FFFFFFFFFFFFFFF]:
                    case(F, f"MInst::movAbs({dc}, {i}ll)", f"{m} ${i}, {da}")
        elif shape == "ZeroR":
            for d in [0, 2, 5, 7, 8, 11, 13, 15]:
                da, dc = g(d, s)
                case(F, f"MInst::zero({dc})", f"{m} {da}, {da}")
        elif shape in ("PushR", "PopR"):
            for r in [0, 5, 7, 8, 12, 15]:
                ra, rc = g(r, "Q")
                cpp = f"MInst::push({rc})" if shape == "PushR" else f"MInst::pop({rc})"
                case(F, cpp, f"{m} {ra}")
        elif shape == "Jmp":
            case(F, "MInst::jmp(L(0))", "jmp label0", labels="s")
            case(F, "MInst::jmp(L(0))", "jmp label0", post=10, labels="e")
            case(F, "MInst::jmp(L(0))", "jmp label0", post=300, labels="e")
            case(F, "MInst::jmp(L(0))", "jmp label0", pre=300, labels="b")
            case(F, "MInst::jmp(L(0))", "", text="jmp label0", labels="e", ft=0)
        elif shape == "JmpCond":
            for c in range(16):
                cc = COND_CPP[c]
                j = suffix(mn, None, c)
                inv = suffix(mn, None, c ^ 1)
                both = f"{j} label0; jmp label1"
                # taken backward to the start, notTaken falls through
                case(F, f"MInst::jmpCond(CondCode::{cc}, L(0), L(1))", f"{j} label0",
                     text=both, labels="se", ft=1)
                if c in (4, 5, 12):
                    # taken falls through: inverted jcc to notTaken
                    case(F, f"MInst::jmpCond(CondCode::{cc}, L(0), L(1))", f"{inv} label1",
                         text=both, labels="es", ft=0)
                    # neither falls through; then long forms
                    case(F, f"MInst::jmpCond(CondCode::{cc}, L(0), L(1))",
                         f"{j} label0; jmp label1", text=both, post=8, labels="es")
                    case(F, f"MInst::jmpCond(CondCode::{cc}, L(0), L(1))",
                         f"{j} label0; jmp label1", text=both, pre=200, post=300, labels="eb")
            case(F, "MInst::jmpCond(CondCode::E, L(0), L(0))", "jmp label0",
                 text="je label0; jmp label0", labels="s")
        elif shape == "JmpR":
            for r in [0, 11, 7, 12]:
                ra, rc = g(r, "Q")
                case(F, f"MInst::jmpReg({rc})", f"{m} *{ra}")
        elif shape == "JmpM":
            for am_asm, am_cpp in amodes_all():
                mem_case(F, f"MInst::jmpMem({am_cpp})", f"{m} *{am_asm}", am_asm)
        elif shape == "CallKnown":
            case(F, "MInst::callKnown(callTo(sym(\"foo\")))", "callq foo")
            case(F, "MInst::callKnown(callTo(ir::ExternalName::user(1, 2)))", "callq u1_2")
        elif shape == "CallR":
            for r in [0, 11, 7, 12]:
                ra, rc = g(r, "Q")
                case(F, f"MInst::callReg({rc}, callTo(sym(\"x\")))", f"{m} *{ra}")
        elif shape == "CallM":
            for am_asm, am_cpp in amodes_all():
                mem_case(F, f"MInst::callMem(callThrough({am_cpp}))", f"{m} *{am_asm}", am_asm)
        elif shape == "Ret":
            case(F, "MInst::ret()", m)
        elif shape == "RetImm":
            for n in (16, 8, 0x1234, 65535):
                case(F, f"MInst::ret({n})", f"{m} ${n}")
        elif shape == "Ud2":
            case(F, "MInst::ud2(ir::TrapCode::user(1))", m)
        elif shape in ("XmmRR",):
            for d, r in XMM_PAIRS:
                (da, dc), (ra, rc) = x(d), x(r)
                case(F, f"MInst::rr({fc}, OpSize::Q, {dc}, {rc})", f"{m} {ra}, {da}")
        elif shape == "XmmRM":
            for d in (1, 9):
                da, dc = x(d)
                full = F == "MovupsRM" and d == 1
                for am_asm, am_cpp in (amodes_all() if full else amodes_few()):
                    mem_case(F, f"MInst::rm({fc}, OpSize::Q, {dc}, {am_cpp})",
                             f"{m} {am_asm}, {da}", am_asm)
        elif shape == "XmmMR":
            for r in (2, 12):
                ra, rc = x(r)
                full = F == "MovupsMR" and r == 2
                for am_asm, am_cpp in (amodes_all() if full else amodes_few()):
                    mem_case(F, f"MInst::mr({fc}, OpSize::Q, {am_cpp}, {rc})",
                             f"{m} {ra}, {am_asm}", am_asm)
        elif shape in ("GprToXmm", "XmmToGpr"):
            for xr, gr in XMM_GPR_PAIRS:
                (xa, xc), (ga, gc) = x(xr), g(gr, s)
                if shape == "GprToXmm":
                    case(F, f"MInst::rr({fc}, {sc}, {xc}, {gc})", f"{mn} {ga}, {xa}")
                else:
                    case(F, f"MInst::rr({fc}, {sc}, {gc}, {xc})", f"{mn} {xa}, {ga}")
        elif shape == "Args":
            case(F, "MInst::args({{r::rdi, regs::rdi()}, {r::xmm0, regs::xmm0()}})", "",
                 text="args %rdi=%rdi, %xmm0=%xmm0")
        elif shape == "Rets":
            case(F, "MInst::rets({{r::rax, regs::rax()}})", "retq", text="rets %rax=%rax")
        elif shape == "JmpTableSeq":
            for idx, t1, t2 in [(7, 11, 10), (0, 1, 2), (12, 13, 8)]:
                i, t1a, t2a = GPR64[idx], GPR64[t1], GPR64[t2]
                asm = (f"leaq tbl(%rip), %{t1a}; movslq (%{t1a},%{i},4), %{t2a}; "
                       f"addq %{t1a}, %{t2a}; jmpq *%{t2a}; tbl: .long label0-tbl; "
                       f".long label1-tbl; .long label0-tbl")
                case(F, f"MInst::jmpTableSeq(r::{i}, r::{t1a}, r::{t2a}, {{L(0), L(1), L(0)}})",
                     asm, text=f"jmp_table %{i}, %{t1a}, %{t2a}, [label0, label1, label0]",
                     pre=4, post=12, labels="be")
        elif shape == "TrapIf":
            for c in range(16):
                inv = suffix("j#", None, c ^ 1)
                case(F, f"MInst::trapIf(CondCode::{COND_CPP[c]}, ir::TrapCode::heapOutOfBounds())",
                     f"{inv} 1f; ud2; 1:", text=f"trap_if {CONDS[c]}, heap_oob")
        elif shape == "LoadExtName":
            for d in (0, 11):
                da, dc = g(d, "Q")
                for sym_cpp, sym_asm, add in (("sym(\"foo\")", "foo", 0),
                                              ("sym(\"foo\")", "foo", 24),
                                              ("ir::ExternalName::user(0, 7)", "u0_7", -8)):
                    at = sym_asm + (f"+{add}" if add > 0 else (str(add) if add < 0 else ""))
                    case(F, f"MInst::loadExtName({dc}, {sym_cpp}, {add}, ExtNameKind::RipRelative)",
                         f"leaq {at}(%rip), {da}")
                    case(F, f"MInst::loadExtName({dc}, {sym_cpp}, {add}, ExtNameKind::Absolute)",
                         f"movabsq ${at}, {da}")
                    got = f"movq {sym_asm}@GOTPCREL(%rip), {da}"
                    if add:
                        got += f"; leaq {add}({da}), {da}"
                    case(F, f"MInst::loadExtName({dc}, {sym_cpp}, {add}, ExtNameKind::Got)", got)
        elif shape == "Nop":
            for n in range(1, 10):
                case(F, f"MInst::nop({n})", f".nops {n}, {n}", disasm_text=True)
        else:
            raise SystemExit("gen_expected.py: no cases for shape " + shape)


# ---------------------------------------------------------------------------------------
# Assembling and reading the object


def elf_sections(data):
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    secs = []
    for i in range(shnum):
        (name, typ, _flags, _addr, off, size, link, info, _align,
         entsize) = struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
        secs.append(dict(name=name, type=typ, off=off, size=size, link=link, info=info,
                         entsize=entsize))
    strtab = secs[shstrndx]

    def cstr(tab, at):
        start = tab["off"] + at
        return data[start:data.index(b"\0", start)].decode()

    for s in secs:
        s["name"] = cstr(strtab, s["name"])
        s["data"] = data[s["off"]:s["off"] + s["size"]]
    symtab = next(s for s in secs if s["type"] == 2)
    symstr = secs[symtab["link"]]
    syms = []
    for i in range(symtab["size"] // 24):
        st_name, _info, _other, _shndx, _value, _size = struct.unpack_from(
            "<IBBHQQ", symtab["data"], i * 24)
        syms.append(cstr(symstr, st_name))
    relocs = {}
    for s in secs:
        if s["type"] == 4:
            target = secs[s["info"]]["name"]
            for i in range(s["size"] // 24):
                off, info, addend = struct.unpack_from("<QQq", s["data"], i * 24)
                relocs.setdefault(target, []).append((off, info & 0xffffffff, syms[info >> 32],
                                                      addend))
    return {s["name"]: s for s in secs}, relocs


# ELF type -> irc's Reloc (lib/obj maps back; GOTPCRELX variants are the linker-relaxable
# spellings of the same GOT reference).
RELOC_NAMES = {1: "Abs8", 2: "X86PCRel4", 4: "X86CallPLTRel4", 9: "X86GOTPCRel4",
               41: "X86GOTPCRel4", 42: "X86GOTPCRel4"}


def localize(asm, n):
    """Per-case label names so every case can live in one file."""
    return re.sub(r"\b(label\d+|tbl)\b", lambda m: f"c{n}_{m.group(1)}", asm)


def run(cmd, inp=None):
    return subprocess.run(cmd, input=inp, capture_output=True, text=True, check=True).stdout


def assemble():
    src = []
    for n, c in enumerate(CASES):
        src.append(f'.section .text.c{n},"ax",@progbits')
        for i, pos in enumerate(c["labels"]):
            if pos == "b":
                src.append(f"c{n}_label{i}:")
        if c["pre"]:
            src.append(f".fill {c['pre']}, 1, 0xcc")
        for i, pos in enumerate(c["labels"]):
            if pos == "s":
                src.append(f"c{n}_label{i}:")
        src.append(".Lstart%d:" % n)
        if c["asm"]:
            src.append(localize(c["asm"], n))
        src.append(".Lend%d:" % n)
        if c["post"]:
            src.append(f".fill {c['post']}, 1, 0xcc")
        for i, pos in enumerate(c["labels"]):
            if pos == "e":
                src.append(f"c{n}_label{i}:")
    text = "\n".join(src) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        s_path, o_path = os.path.join(tmp, "cases.s"), os.path.join(tmp, "cases.o")
        open(s_path, "w").write(text)
        run([LLVM_MC, "-triple=x86_64", "-filetype=obj", s_path, "-o", o_path])
        printed = run([LLVM_MC, "-triple=x86_64", s_path])
        obj = open(o_path, "rb").read()
    return elf_sections(obj), printed


def printed_texts(printed):
    """Instruction lines per case section, llvm-mc's own spelling."""
    texts, current = {}, None
    for line in printed.splitlines():
        m = re.match(r"\s*\.section\s+\.text\.c(\d+)", line)
        if m:
            current = int(m.group(1))
            texts[current] = []
            continue
        line = line.split("#")[0].strip()
        if current is None or not line or line.endswith(":") or line.startswith("."):
            continue
        line = re.sub(r"\s+", " ", line)
        line = re.sub(r"\bc\d+_(label\d+)", r"\1", line)
        texts[current].append(line)
    return texts


def disassemble(hexbytes):
    inp = " ".join("0x" + hexbytes[i:i + 2] for i in range(0, len(hexbytes), 2))
    out = run([LLVM_MC, "-triple=x86_64", "--disassemble"], inp)
    lines = [re.sub(r"\s+", " ", l.split("#")[0].strip()) for l in out.splitlines()]
    return "; ".join(l for l in lines if l and not l.startswith("."))


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    for f in FORMS:
        gen_form(f)
    (secs, relocs), printed = assemble()
    texts = printed_texts(printed)
    out = ["// Generated by test/target/x86_64/gen_expected.py from llvm-mc-19; do not edit.",
           "// Row: {inst, hex bytes, text, prePad, postPad, label positions, fallthrough "
           "label, relocations}.",
           "// clang-format off"]
    per_fn = 150
    for start in range(0, len(CASES), per_fn):
        out.append(f"void addRows{start // per_fn}(std::vector<Row> &rows) {{")
        for n in range(start, min(start + per_fn, len(CASES))):
            c = CASES[n]
            sec = secs[f".text.c{n}"]
            code = sec["data"] if sec["type"] != 8 else b"\0" * sec["size"]
            body = code[c["pre"]:len(code) - c["post"]]
            hexbytes = body.hex()
            if c["text"] is not None:
                text = c["text"]
            elif c["disasm_text"]:
                text = disassemble(hexbytes)
            else:
                text = "; ".join(texts.get(n, []))
            rel = []
            for off, typ, sym, addend in relocs.get(f".text.c{n}", []):
                if typ not in RELOC_NAMES:
                    raise SystemExit(f"case {n}: unexpected relocation type {typ}")
                rel.append(f"{off - c['pre']}:{RELOC_NAMES[typ]}:{sym}:{addend}")
            out.append(f"  rows.push_back(Row{{{c['cpp']}, {c_string(hexbytes)}, {c_string(text)}, "
                       f"{c['pre']}, {c['post']}, {c_string(c['labels'])}, {c['ft']}, "
                       f"{c_string(' '.join(rel))}}});")
        out.append("}")
    nfn = (len(CASES) + per_fn - 1) // per_fn
    out.append("std::vector<Row> generatedRows() {")
    out.append("  std::vector<Row> rows;")
    out.append(f"  rows.reserve({len(CASES)});")
    for i in range(nfn):
        out.append(f"  addRows{i}(rows);")
    out.append("  return rows;")
    out.append("}")
    out.append("// clang-format on")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
