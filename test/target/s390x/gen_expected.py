#!/usr/bin/env python3
"""Generates EmitTestData.inc, the expected bytes and text of the s390x encoder test rows.

Run once (and again when Insts.def gains a row); commit its output:
    python3 test/target/s390x/gen_expected.py > test/target/s390x/EmitTestData.inc

For every row of lib/target/s390x/Insts.def this script writes test cases, chosen by the
row's Shape: an irc MInst (as C++) and the assembly for the same instruction(s). It
assembles all cases with `llvm-mc-19 -triple=s390x -mcpu=z15` (one section per case) and
takes the expected bytes and relocations from the object file, never from irc. The expected
text is what `s390x-linux-gnu-objdump -d` prints for those bytes, with branch targets
written as irc's `label<N>` and relocated operands as `sym`, `sym@PLT`, `sym@GOTENT`; and
the mnemonics both objdumps print are kept for the disassembly check (disasm_check.py).

Cases pick, per register field, a low register (r0 where the field allows it, f0, v0) and a
high one (r13..r15, f15, v16..v31), immediates at both ends of their range, and
displacements 0, 4095, 4096 (20-bit row), -1, +-2^19 edges, and beyond (address computed
into %r1).

Pseudo-instructions whose irc text is irc's own syntax (args, rets, jump_table, trap_if,
constant-pool loads) carry that text here; their bytes still come from llvm-mc assembling
the sequence irc must emit. llvm-mc 19 does not relax brc (the far case is spelled brcl)
and does not accept @GOTENT (the GOT case is assembled with a plain symbol: the same bytes;
the script names the relocation irc must record).
"""

import os
import re
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
INSTS_DEF = os.path.join(ROOT, "lib", "target", "s390x", "Insts.def")
LLVM_MC = os.environ.get("LLVM_MC", "llvm-mc-19")
GNU_OBJDUMP = os.environ.get("S390X_OBJDUMP", "s390x-linux-gnu-objdump")
LLVM_OBJDUMP = os.environ.get("LLVM_OBJDUMP", "llvm-objdump-19")

# ---------------------------------------------------------------------------------------
# Insts.def rows


def parse_insts_def():
    rows, conds = [], {}
    text = open(INSTS_DEF).read()
    for m in re.finditer(r"^(INST|PSEUDO|COND)\((.*)\)\s*$", text, re.M):
        kind, args = m.group(1), [a.strip() for a in m.group(2).split(",")]
        if kind == "COND":
            conds[int(args[2])] = (args[0], args[1].strip('"'))
        elif kind == "INST":
            rows.append(dict(form=args[0], mnem=args[1].strip('"'), shape=args[2],
                             op=int(args[3], 16), regs=args[4], imm=args[5],
                             fixed=int(args[6]), long=args[7], feature=args[8],
                             pseudo=False))
        else:
            rows.append(dict(form=args[0], mnem=args[1].strip('"'), shape=args[2],
                             pseudo=True))
    return rows, conds


ROWS, CONDS = parse_insts_def()
BY_FORM = {r["form"]: r for r in ROWS}
assert len(CONDS) == 16


def cond_cpp(mask):
    return "CondMask::" + CONDS[mask][0]


# ---------------------------------------------------------------------------------------
# Operands: each helper returns (C++ expression, assembly text)

def gr(n):
    return ("r::r%d" % n, "%%r%d" % n)


def fr(n):
    return ("r::v%d" % n, "%%f%d" % n)


def vr(n):
    return ("r::v%d" % n, "%%v%d" % n)


FILE = {"G": (gr, gr), "F": (fr, fr), "V": (vr, vr), "FG": (fr, gr), "GF": (gr, fr)}

NONE = ("Reg()", None)


def mem(base, index, disp):
    """base/index: register numbers or None."""
    b = gr(base) if base is not None else NONE
    x = gr(index) if index is not None else NONE
    if index is not None:
        cpp = "MemArg::bxd(%s, %s, %d)" % (b[0], x[0], disp)
        asm = "%d(%s,%s)" % (disp, x[1], b[1] if base is not None else "0")
    elif base is not None:
        cpp = "MemArg::bd(%s, %d)" % (b[0], disp)
        asm = "%d(%s)" % (disp, b[1])
    else:
        cpp = "MemArg::bd(Reg(), %d)" % disp
        asm = "%d" % disp
    return cpp, asm, (base, index, disp)


def fits12(d):
    return 0 <= d < 4096


def fits20(d):
    return -(1 << 19) <= d < (1 << 19)


def plan(row, disp):
    """The row actually encoded and how the address is formed (mirrors what irc must do;
    the bytes of the resulting assembly still come from llvm-mc)."""
    short = row["shape"] in ("RXLoad", "RXStore", "RXBin", "RXCmp", "BranchMem", "RSShift",
                             "SILStore", "SIStore", "VRXLoad", "VRXStore")
    if short:
        if fits12(disp):
            return row, "direct"
        if row["long"] != "No" and fits20(disp):
            return BY_FORM[row["long"]], "direct"
    elif fits20(disp):
        return row, "direct"
    return row, ("lay" if fits20(disp) else "lgfi")


def mem_asm(row, m, body):
    """Assembly lines for a memory instruction: body(mnemonic, memtext) -> line."""
    base, index, disp = m[2]
    used, how = plan(row, disp)
    if how == "direct":
        return [body(used["mnem"], m[1])]
    lines = []
    if how == "lay":
        lines.append("lay %%r1,%s" % m[1])
    else:
        lines.append("lgfi %%r1,%d" % disp)
        if base is not None:
            lines.append("la %%r1,0(%%r1,%%r%d)" % base)
        if index is not None:
            lines.append("la %%r1,0(%%r1,%%r%d)" % index)
    lines.append(body(used["mnem"], "0(%r1)"))
    return lines


IMM_RANGE = {"S16": (-32768, 32767), "U16": (0, 65535), "S32": (-2**31, 2**31 - 1),
             "U32": (0, 2**32 - 1), "U8": (0, 255)}

# ---------------------------------------------------------------------------------------
# Cases


class Case:
    def __init__(self, cpp, asm, labels="", fallthrough=-1, pre=0, post=0, text=None,
                 data=(), traps=(), got=False, blob=True):
        self.cpp = cpp            # C++ expression of one MInst
        self.asm = asm            # assembly lines; {L0}, {L1}... name the case's labels
        self.labels = labels      # per label: 'b', 's' or 'e' (see EmitTestRows.h)
        self.fallthrough = fallthrough
        self.pre, self.post = pre, post
        self.text = text          # irc's own text (pseudo syntax), else from objdump
        self.data = list(data)    # (align, bytes) after the code: the constant pool
        self.traps = list(traps)  # (index of the decoded instruction, trap code name)
        self.got = got            # PC32DBL relocations stand for R_390_GOTENT
        self.blob = blob          # include in the disassembly check


def two_addr(row, d, s2, f):
    """RRBin/RREBin: (dst=src1, src2)."""
    a, b = FILE[row["regs"]]
    return Case("MInst::alu(Form::%s, %s, %s, %s)" % (row["form"], a(d)[0], a(d)[0], b(s2)[0]),
                ["%s %s,%s" % (row["mnem"], a(d)[1], b(s2)[1])])


def cases_for(row):
    f, mn, shape = row["form"], row["mnem"], row["shape"]
    out = []
    if row["pseudo"]:
        return out
    A, B = FILE.get(row["regs"], (gr, gr))
    if shape in ("RRBin", "RREBin"):
        for d, s in ((0, 15), (15, 1), (7, 8)):
            out.append(two_addr(row, d, s, f))
    elif shape in ("RRUn", "RREUn", "RRCmp", "RRECmp", "VRRUn"):
        ctor = "cmp" if shape.endswith("Cmp") else "rr"
        pairs = ((1, 30), (31, 0), (17, 16), (0, 15)) if shape == "VRRUn" else \
            ((0, 15), (15, 1), (7, 8))
        for d, s in pairs:
            out.append(Case("MInst::%s(Form::%s, %s, %s)" % (ctor, f, A(d)[0], B(s)[0]),
                            ["%s %s,%s" % (mn, A(d)[1], B(s)[1])]))
    elif shape == "RREDef":
        for d in (0, 15):
            out.append(Case("MInst::loadZero(Form::%s, %s)" % (f, A(d)[0]), ["%s %s" % (mn, A(d)[1])]))
    elif shape == "RRFa3":
        for d, x, y in ((0, 15, 1), (15, 1, 14), (3, 4, 5)):
            out.append(Case("MInst::alu(Form::%s, %s, %s, %s)" % (f, gr(d)[0], gr(x)[0], gr(y)[0]),
                            ["%s %s,%s,%s" % (mn, gr(d)[1], gr(x)[1], gr(y)[1])]))
    elif shape == "RRFaSel":
        for d, x, y, m in ((1, 2, 3, 8), (15, 14, 13, 7), (0, 15, 1, 1), (13, 0, 15, 14),
                           (1, 2, 3, 0), (1, 2, 3, 15)):
            out.append(Case("MInst::select(Form::%s, %s, %s, %s, %s)" %
                            (f, cond_cpp(m), gr(d)[0], gr(x)[0], gr(y)[0]),
                            ["%s %s,%s,%s,%d" % (mn, gr(d)[1], gr(x)[1], gr(y)[1], m)]))
    elif shape == "RRFcCMov":
        for d, s, m in ((1, 2, 8), (15, 14, 7), (0, 15, 1), (13, 0, 14), (1, 2, 0), (1, 2, 15)):
            out.append(Case("MInst::cmov(Form::%s, %s, %s, %s, %s)" %
                            (f, cond_cpp(m), gr(d)[0], gr(d)[0], gr(s)[0]),
                            ["%s %s,%s,%d" % (mn, gr(d)[1], gr(s)[1], m)]))
    elif shape == "RRFcUn":
        for d, s in ((0, 15), (15, 1)):
            suffix = ",%d" % row["fixed"] if row["fixed"] else ""
            out.append(Case("MInst::rr(Form::%s, %s, %s)" % (f, gr(d)[0], gr(s)[0]),
                            ["%s %s,%s%s" % (mn, gr(d)[1], gr(s)[1], suffix)]))
    elif shape == "Flogr":
        for s in (0, 15, 2):
            out.append(Case("MInst::flogr(r::r2, r::r3, %s)" % gr(s)[0],
                            ["flogr %%r2,%s" % gr(s)[1]]))
    elif shape in ("MulWide", "DivS"):
        ctor = "mulWide" if shape == "MulWide" else "divS"
        for s in (0, 15, 2):
            out.append(Case("MInst::%s(Form::%s, r::r2, r::r3, r::r3, %s)" % (ctor, f, gr(s)[0]),
                            ["%s %%r2,%s" % (mn, gr(s)[1])]))
    elif shape == "DivU":
        for s in (0, 15):
            out.append(Case("MInst::divU(Form::%s, r::r2, r::r3, r::r2, r::r3, %s)" % (f, gr(s)[0]),
                            ["%s %%r2,%s" % (mn, gr(s)[1])]))
    elif shape == "MulWide3":
        for x, y in ((0, 15), (15, 1), (2, 3)):
            out.append(Case("MInst::mulWide(Form::%s, r::r2, r::r3, %s, %s)" % (f, gr(x)[0], gr(y)[0]),
                            ["%s %%r2,%s,%s" % (mn, gr(x)[1], gr(y)[1])]))
    elif shape == "BranchReg":
        for m, n in ((15, 14), (8, 1), (0, 7), (0, 0), (14, 15), (1, 13)):
            out.append(Case("MInst::branchReg(%s, %s)" % (cond_cpp(m), gr(n)[0]),
                            ["bcr %d,%s" % (m, gr(n)[1])]))
    elif shape == "CallReg":
        for n in (1, 15):
            out.append(Case("MInst::callReg(%s, CallInfo{})" % gr(n)[0],
                            ["basr %%r14,%s" % gr(n)[1]]))
    elif shape == "CallKnown":
        out.append(Case("MInst::callKnown(callTo(sym(\"foo\")))", ["brasl %r14,foo@PLT"]))
        out.append(Case("MInst::callKnown(callTo(ir::ExternalName::user(1, 7)))",
                        ["brasl %r14,u1_7@PLT"]))
    elif shape in ("RXLoad", "RXStore", "RXBin", "RXCmp", "RXYLoad", "RXYStore", "RXYBin",
                   "RXYCmp", "VRXLoad", "VRXStore"):
        kind = shape[3:] if shape.startswith("RXY") else shape[2:] if shape.startswith("RX") \
            else shape[3:]
        ctor = {"Load": "load", "Store": "store", "Bin": "aluMem", "Cmp": "cmpMem"}[kind]
        if shape.startswith("RXY"):
            mems = ((0, 15, 1, 0), (15, 14, 13, -524288), (1, 2, None, 524287), (13, 1, 15, -1))
        elif shape.startswith("VRX"):
            mems = ((0, 15, 1, 0), (17, 14, 13, 4095), (31, 2, None, 8), (16, 1, 15, 100))
        else:
            mems = ((0, 15, 1, 0), (15, 14, 13, 4095), (1, 2, None, 4096), (13, 1, 15, -1),
                    (7, 8, 9, -524288), (6, 5, None, 524287))
        if shape.startswith("VRX"):
            A = vr
        for r, base, index, disp in mems:
            m = mem(base, index, disp)
            if ctor == "aluMem":
                cpp = "MInst::aluMem(Form::%s, %s, %s, %s)" % (f, A(r)[0], A(r)[0], m[0])
            else:
                cpp = "MInst::%s(Form::%s, %s, %s)" % (ctor, f, A(r)[0], m[0])

            def body(mnem, mt, r=r):
                s = "%s %s,%s" % (mnem, A(r)[1], mt)
                return s + (",%d" % row["fixed"] if row["fixed"] else "")
            out.append(Case(cpp, mem_asm(row, m, body)))
    elif shape == "BranchMem":
        for m, mm in ((0, mem(None, None, 0)), (15, mem(2, 1, 8)), (8, mem(1, None, 4095))):
            out.append(Case("MInst::branchMem(%s, %s)" % (cond_cpp(m), mm[0]),
                            ["bc %d,%s" % (m, mm[1])]))
    elif shape == "RSShift":
        for d, base, amt in ((0, None, 5), (15, 14, 4095), (1, 15, 0)):
            b = gr(base) if base is not None else NONE
            at = "%d(%s)" % (amt, b[1]) if base is not None else "%d" % amt
            out.append(Case("MInst::shift(Form::%s, %s, %s, %s, %d)" % (f, gr(d)[0], gr(d)[0], b[0], amt),
                            ["%s %s,%s" % (mn, gr(d)[1], at)]))
    elif shape == "RSYShift":
        for d, s, base, amt in ((1, 2, None, 5), (15, 14, 13, -524288), (0, 15, 1, 524287),
                                (14, 0, 15, 63)):
            b = gr(base) if base is not None else NONE
            at = "%d(%s)" % (amt, b[1]) if base is not None else "%d" % amt
            out.append(Case("MInst::shift(Form::%s, %s, %s, %s, %d)" % (f, gr(d)[0], gr(s)[0], b[0], amt),
                            ["%s %s,%s,%s" % (mn, gr(d)[1], gr(s)[1], at)]))
    elif shape in ("RSYStoreMulti", "RSYLoadMulti"):
        for first, last, base, disp in ((6, 15, 15, 48), (0, 15, 1, -524288), (14, 2, 15, 524287),
                                        (6, 15, 15, 524288)):
            m = mem(base, None, disp)
            cpp = "MInst::multi(Form::%s, regs::r%d(), regs::r%d(), %s)" % (f, first, last, m[0])
            out.append(Case(cpp, mem_asm(row, m, lambda mnem, mt, a=first, b=last:
                                         "%s %%r%d,%%r%d,%s" % (mnem, a, b, mt))))
    elif shape in ("SILStore", "SIStore", "SIYStore"):
        lo, hi = IMM_RANGE[row["imm"]]
        mems = ((1, 8, lo), (15, 4095, hi), (14, 0, 5))
        if shape == "SIYStore":
            mems = ((1, -524288, lo), (15, 524287, hi), (14, 0, 5))
        for base, disp, imm in mems:
            m = mem(base, None, disp)
            out.append(Case("MInst::storeImm(Form::%s, %s, %d)" % (f, m[0], imm),
                            mem_asm(row, m, lambda mnem, mt, imm=imm: "%s %s,%d" % (mnem, mt, imm))))
    elif shape in ("RIBin", "RILBin"):
        lo, hi = IMM_RANGE[row["imm"]]
        for d, imm in ((0, lo), (15, hi), (7, 1)):
            out.append(Case("MInst::aluImm(Form::%s, %s, %s, %dll)" % (f, gr(d)[0], gr(d)[0], imm),
                            ["%s %s,%d" % (mn, gr(d)[1], imm)]))
    elif shape in ("RILoad", "RILLoad", "RICmp", "RILCmp"):
        lo, hi = IMM_RANGE[row["imm"]]
        ctor = "cmpImm" if shape.endswith("Cmp") else "loadImm"
        for d, imm in ((0, lo), (15, hi), (7, 1)):
            out.append(Case("MInst::%s(Form::%s, %s, %dll)" % (ctor, f, gr(d)[0], imm),
                            ["%s %s,%d" % (mn, gr(d)[1], imm)]))
    elif shape == "RIEd3":
        lo, hi = IMM_RANGE[row["imm"]]
        for d, s, imm in ((0, 15, lo), (15, 1, hi), (7, 7, 1)):
            out.append(Case("MInst::aluImm(Form::%s, %s, %s, %d)" % (f, gr(d)[0], gr(s)[0], imm),
                            ["%s %s,%s,%d" % (mn, gr(d)[1], gr(s)[1], imm)]))
    elif shape == "RIEfRot":
        for d, s, i3, i4, i5 in ((1, 2, 0, 63, 0), (15, 0, 255, 255, 255), (0, 15, 0, 128 + 63, 5),
                                 (13, 14, 32, 128 + 64 + 3, 63)):
            out.append(Case("MInst::rotate(Form::%s, %s, %s, %s, %d, %d, %d)" %
                            (f, gr(d)[0], gr(d)[0], gr(s)[0], i3, i4, i5),
                            ["%s %s,%s,%d,%d,%d" % (mn, gr(d)[1], gr(s)[1], i3, i4, i5)]))
    elif shape == "RIEgCMov":
        lo, hi = IMM_RANGE[row["imm"]]
        for d, imm, m in ((1, lo, 8), (15, hi, 7), (0, 5, 1), (14, -1, 14), (1, 5, 0), (1, 5, 15)):
            out.append(Case("MInst::cmovImm(Form::%s, %s, %s, %s, %d)" %
                            (f, cond_cpp(m), gr(d)[0], gr(d)[0], imm),
                            ["%s %s,%d,%d" % (mn, gr(d)[1], imm, m)]))
    elif shape in ("RILbAddr", "RILbLoad", "RILbStore"):
        # Label before the instruction (backward), and after 6 filler bytes (forward).
        out.append(Case("MInst::pcRel(Form::%s, r::r1, L(0))" % f, ["%s %%r1,{L0}" % mn],
                        labels="b", pre=2))
        out.append(Case("MInst::pcRel(Form::%s, r::r15, L(0))" % f, ["%s %%r15,{L0}" % mn],
                        labels="e", post=6))
        out.append(Case("MInst::pcRel(Form::%s, r::r0, L(0))" % f, ["%s %%r0,{L0}" % mn],
                        labels="s"))
    elif shape == "BranchRel":
        for m in range(16):
            out.append(Case("MInst::branch(Form::Brc, %s, L(0))" % cond_cpp(m),
                            ["brc %d,{L0}" % m], labels="e", post=2))
        out.append(Case("MInst::branch(Form::Brc, CondMask::E, L(0))", ["brc 8,{L0}"],
                        labels="b", pre=65536))
        # Relaxed to brcl; irc prints branches before layout, in their short form.
        out.append(Case("MInst::branch(Form::Brc, CondMask::E, L(0))", ["brcl 8,{L0}"],
                        labels="b", pre=65538, blob=False, text="je label0"))
        out.append(Case("MInst::branch(Form::Brc, CondMask::Lh, L(0))", ["brc 6,{L0}"],
                        labels="e", post=65530))
        out.append(Case("MInst::branch(Form::Brc, CondMask::Lh, L(0))", ["brcl 6,{L0}"],
                        labels="e", post=65532, blob=False, text="jlh label0"))
        out.append(Case("MInst::jump(L(0))", ["brc 15,{L0}"], labels="s"))
        # A jump to the fallthrough is dropped.
        out.append(Case("MInst::jump(L(0))", [], labels="e", fallthrough=0, text="j label0"))
    elif shape == "BranchRelLong":
        for m in (0, 7, 15):
            out.append(Case("MInst::branch(Form::Brcl, %s, L(0))" % cond_cpp(m),
                            ["brcl %d,{L0}" % m], labels="e", post=2))
        out.append(Case("MInst::branch(Form::Brcl, CondMask::E, L(0))", ["brcl 8,{L0}"],
                        labels="b", pre=100000, blob=False))
    elif shape == "Trap":
        out.append(Case("MInst::trap(ir::TrapCode::heapOutOfBounds())", ["sckpf"],
                        traps=[(0, "heap_oob")]))
        out.append(Case("MInst::trap(ir::TrapCode::user(42))", ["sckpf"], traps=[(0, "user42")]))
    else:
        raise SystemExit("gen_expected.py: no cases for shape %s (row %s)" % (shape, f))
    return out


def pseudo_cases():
    out = []
    # Memory operands: displacements beyond 20 bits, frame areas, traps on accesses.
    L = BY_FORM["L"]
    for disp, base, index in ((524288, 2, 3), (-524289, 2, None), (2**31 - 1, None, 3),
                              (-2**31, 15, 14)):
        m = mem(base, index, disp)
        out.append(Case("MInst::load(Form::L, r::r4, %s)" % m[0],
                        mem_asm(L, m, lambda mnem, mt: "%s %%r4,%s" % (mnem, mt))))
    VL = BY_FORM["Vl"]
    for disp in (4096, -1, 524288):
        m = mem(2, 3, disp)
        out.append(Case("MInst::load(Form::Vl, r::v20, %s)" % m[0],
                        mem_asm(VL, m, lambda mnem, mt: "%s %%v20,%s" % (mnem, mt))))
    MVGHI = BY_FORM["Mvghi"]
    m = mem(15, None, 4096)
    out.append(Case("MInst::storeImm(Form::Mvghi, %s, 7)" % m[0],
                    mem_asm(MVGHI, m, lambda mnem, mt: "%s %s,7" % (mnem, mt))))
    MVI = BY_FORM["Mvi"]
    m = mem(15, None, 4096)
    out.append(Case("MInst::storeImm(Form::Mvi, %s, 255)" % m[0],
                    mem_asm(MVI, m, lambda mnem, mt: "%s %s,255" % (mnem, mt))))
    out.append(Case("MInst::load(Form::Lg, r::r2, MemArg::bd(r::r3, 8).withTrap(ir::TrapCode::heapOutOfBounds()))",
                    ["lg %r2,8(%r3)"], traps=[(0, "heap_oob")]))
    out.append(Case("MInst::store(Form::St, r::r2, MemArg::bd(r::r3, 1000000).withTrap(ir::TrapCode::user(3)))",
                    ["lgfi %r1,1000000", "la %r1,0(%r1,%r3)", "st %r2,0(%r1)"],
                    traps=[(2, "user3")]))
    # Spills and moves.
    out.append(Case("MInst::genSpill(r::r7, RegClass::Int, regs::r15(), 160)", ["stg %r7,160(%r15)"]))
    out.append(Case("MInst::genReload(r::r7, RegClass::Int, regs::r15(), -8)", ["lg %r7,-8(%r15)"]))
    out.append(Case("MInst::genSpill(r::v31, RegClass::Float, regs::r15(), 4080)",
                    ["vst %v31,4080(%r15)"]))
    out.append(Case("MInst::genReload(r::v8, RegClass::Float, regs::r15(), 8192)",
                    ["lay %r1,8192(%r15)", "vl %v8,0(%r1)"]))
    out.append(Case("MInst::genMove(r::r2, r::r14, RegClass::Int)", ["lgr %r2,%r14"]))
    out.append(Case("MInst::genMove(r::v2, r::v30, RegClass::Float)", ["vlr %v2,%v30"]))
    # Calls.
    out.append(Case("MInst::callKnown(patchableCallTo(sym(\"bar\")))", ["brasl %r14,bar@PLT"]))
    # Rets: br %r14 (the epilogue comes from the ABI).
    out.append(Case("MInst::rets({{r::r2, regs::r2()}})", ["br %r14"], text="rets %r2=%r2"))
    out.append(Case("MInst::args({{r::r2, regs::r2()}, {r::v0, regs::v0()}})", [],
                    text="args %r2=%r2,%v0=%v0"))
    # Conditional branches: both targets, or one falling through.
    out.append(Case("MInst::condBranch(CondMask::E, L(0), L(1))", ["brc 8,{L0}", "brc 15,{L1}"],
                    labels="se", post=2, text="je label0; j label1"))
    out.append(Case("MInst::condBranch(CondMask::E, L(0), L(1))", ["brc 8,{L0}"],
                    labels="se", fallthrough=1, text="je label0; j label1"))
    out.append(Case("MInst::condBranch(CondMask::Nhe, L(0), L(1))", ["brc 10,{L1}"],
                    labels="es", fallthrough=0, text="jnhe label0; j label1"))
    out.append(Case("MInst::condBranch(CondMask::Always, L(0), L(1))", ["brc 15,{L0}"],
                    labels="se", fallthrough=1, text="j label0; j label1"))
    # Jump table: default label0, entries label1..label3.
    out.append(Case("MInst::jumpTableSeq(r::r5, {L(0), L(1), L(2), L(3)})",
                    ["clgfi %r5,3", "brc 10,{L0}", "sllg %r1,%r5,2", "larl %r0,{T}",
                     "agr %r1,%r0", "lgf %r1,0(%r1)", "agr %r1,%r0", "bcr 15,%r1", "{T}:",
                     ".long {L1}-{T}", ".long {L2}-{T}", ".long {L3}-{T}"],
                    labels="sees", text="jump_table %r5,[label0,label1,label2,label3]",
                    blob=False))
    # Traps.
    out.append(Case("MInst::trapIf(CondMask::E, ir::TrapCode::integerDivisionByZero())",
                    ["brc 7,.+6", "sckpf"], text="trap_if e,int_divz",
                    traps=[(1, "int_divz")]))
    out.append(Case("MInst::trapIf(CondMask::Always, ir::TrapCode::integerOverflow())",
                    ["sckpf"], text="trap_if 15,int_ovf", traps=[(0, "int_ovf")]))
    out.append(Case("MInst::trapIf(CondMask::Never, ir::TrapCode::integerOverflow())",
                    [], text="trap_if 0,int_ovf"))
    # Symbols.
    out.append(Case("MInst::loadSymbol(r::r3, SymbolRef{sym(\"g\"), 0}, ExtNameKind::PcRelative)",
                    ["larl %r3,g"]))
    out.append(Case("MInst::loadSymbol(r::r3, SymbolRef{sym(\"g\"), -8}, ExtNameKind::PcRelative)",
                    ["larl %r3,g-8"]))
    out.append(Case("MInst::loadSymbol(r::r3, SymbolRef{sym(\"g\"), 5}, ExtNameKind::PcRelative)",
                    ["larl %r3,g+4", "la %r3,1(%r3)"]))
    out.append(Case("MInst::loadSymbol(r::r13, SymbolRef{sym(\"g\"), 0}, ExtNameKind::Got)",
                    ["lgrl %r13,g"], got=True))
    out.append(Case("MInst::loadSymbol(r::r13, SymbolRef{sym(\"g\"), 100000}, ExtNameKind::Got)",
                    ["lgrl %r13,g", "lay %r13,100000(%r13)"], got=True))
    # 64-bit constants by immediates.
    for value, lines in ((0, ["lghi %r2,0"]), (-32768, ["lghi %r2,-32768"]),
                         (0xffff0000, ["llilh %r2,65535"]), (0x123400000000, ["llihl %r2,4660"]),
                         (0x12340000000000, ["llihf %r2,1192960"]),
                         (-32769, ["lgfi %r2,-32769"]), (0x80000000, ["llilh %r2,32768"]),
                         (0x80000001, ["llilf %r2,2147483649"]),
                         (0x123456789 << 32 & 0xffffffffffffffff, ["llihf %r2,591751049"]),
                         (0x0123456789abcdef, ["llihf %r2,19088743", "iilf %r2,2309737967"]),
                         (-2, ["lghi %r2,-2"]), (0xfffffffe00000001, ["llihf %r2,4294967294", "iilf %r2,1"])):
        out.append(Case("MInst::loadConst64(r::r2, %dull)" % (value & 0xffffffffffffffff), lines))
    # Constant-pool loads: the pool follows the code, aligned.
    out.append(Case("MInst::loadConstPool64(r::r4, 0x0123456789abcdefull)", ["lgrl %r4,{C0}"],
                    data=[(8, bytes.fromhex("0123456789abcdef"))],
                    text="load_const_pool64 %r4,0x123456789abcdef", blob=False))
    out.append(Case("MInst::loadFpuConst64(r::v9, 0x3ff0000000000000ull)",
                    ["larl %r1,{C0}", "ld %f9,0(%r1)"], data=[(8, bytes.fromhex("3ff0000000000000"))],
                    text="load_fpu_const64 %f9,0x3ff0000000000000", blob=False))
    out.append(Case("MInst::loadFpuConst32(r::v15, 0x3f800000u)",
                    ["larl %r1,{C0}", "le %f15,0(%r1)"], data=[(4, bytes.fromhex("3f800000"))],
                    text="load_fpu_const32 %f15,0x3f800000", blob=False))
    vec = bytes(range(1, 17))
    out.append(Case("MInst::loadVecConst(r::v25, {%s})" % ", ".join(str(b) for b in vec),
                    ["larl %r1,{C0}", "vl %v25,0(%r1)"], data=[(16, vec)],
                    text="load_vec_const %v25,0x0102030405060708090a0b0c0d0e0f10", blob=False))
    # NOPs.
    for n, lines in ((2, ["bcr 0,%r7"]), (4, ["bc 0,0"]), (6, ["brcl 0,."]),
                     (8, ["brcl 0,.", "bcr 0,%r7"]), (16, ["brcl 0,.", "brcl 0,.", "bc 0,0"])):
        texts = {"bcr 0,%r7": "nopr %r7", "bc 0,0": "nop 0", "brcl 0,.": "jgnop ."}
        out.append(Case("MInst::nop(%d)" % n, lines, text="; ".join(texts[l] for l in lines)))
    return out


# ---------------------------------------------------------------------------------------
# Assembling and reading back

def elf_sections(path):
    """{name: (offset-in-file, size, index)} and symbols {name: (section index, value)}."""
    data = open(path, "rb").read()
    assert data[:4] == b"\x7fELF" and data[5] == 2, "expected a big-endian ELF"
    (shoff,) = struct.unpack(">Q", data[0x28:0x30])
    shentsize, shnum, shstrndx = struct.unpack(">HHH", data[0x3a:0x40])
    hdrs = []
    for i in range(shnum):
        h = data[shoff + i * shentsize: shoff + (i + 1) * shentsize]
        name, typ, flags, addr, off, size, link, info, align, entsize = struct.unpack(">IIQQQQIIQQ", h)
        hdrs.append((name, typ, off, size, link, entsize))
    strtab = hdrs[shstrndx]

    def cstr(tab, o):
        start = tab[2] + o
        return data[start:data.index(b"\0", start)].decode()
    sections = {}
    for i, h in enumerate(hdrs):
        sections[cstr(strtab, h[0])] = (h[2], h[3], i)
    symbols = {}
    for h in hdrs:
        if h[1] != 2:  # SHT_SYMTAB
            continue
        names = hdrs[h[4]]
        for k in range(h[3] // h[5]):
            e = data[h[2] + k * h[5]: h[2] + (k + 1) * h[5]]
            st_name, st_info, st_other, st_shndx, st_value, st_size = struct.unpack(">IBBHQQ", e)
            if st_name:
                symbols[cstr(names, st_name)] = (st_shndx, st_value)
    return data, sections, symbols


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def assemble(cases, tmp, pads=None):
    lines = []
    for n, c in enumerate(cases):
        sub = {"{L%d}" % i: "c%d_L%d" % (n, i) for i in range(len(c.labels))}
        sub["{T}"] = "c%d_T" % n
        for k in range(len(c.data)):
            sub["{C%d}" % k] = "c%d_C%d" % (n, k)

        def s(line):
            for k, v in sub.items():
                line = line.replace(k, v)
            return line
        lines.append('.section .text.c%d,"ax",@progbits' % n)
        for i, w in enumerate(c.labels):
            if w == "b":
                lines.append("c%d_L%d:" % (n, i))
        if c.pre:
            lines.append(".skip %d,7" % c.pre)
        for i, w in enumerate(c.labels):
            if w == "s":
                lines.append("c%d_L%d:" % (n, i))
        lines.append("c%d_start:" % n)
        lines += [s(l) for l in c.asm]
        lines.append("c%d_stop:" % n)
        if c.post:
            lines.append(".skip %d,7" % c.post)
        for i, w in enumerate(c.labels):
            if w == "e":
                lines.append("c%d_L%d:" % (n, i))
        lines.append("c%d_end:" % n)
        for k, (align, blob) in enumerate(c.data):
            if pads is not None:
                lines.append(".skip %d,0" % pads[n][k])
            lines.append("c%d_C%d:" % (n, k))
            lines.append(".byte " + ",".join(str(b) for b in blob))
    src = os.path.join(tmp, "cases.s")
    obj = os.path.join(tmp, "cases.o")
    open(src, "w").write("\n".join(lines) + "\n")
    subprocess.run([LLVM_MC, "-triple=s390x", "-mcpu=z15", "-filetype=obj", src, "-o", obj],
                   check=True)
    return obj


def pool_pads(cases, symbols):
    """Zero padding before each pool constant: MachBuffer aligns from the code's start."""
    pads = []
    for n, c in enumerate(cases):
        at = symbols["c%d_end" % n][1]
        row = []
        for align, blob in c.data:
            pad = (-at) % align
            row.append(pad)
            at += pad + len(blob)
        pads.append(row)
    return pads


INSN = re.compile(r"^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t(\S+)\s*(.*)$")
RELOC = re.compile(r"^\s*([0-9a-f]+): (R_390_\S+)\s+(\S+)$")


def gnu_disassembly(obj):
    """{section: [(addr, mnemonic, operands, [(offset, type, target)])]}"""
    out, cur = {}, None
    for line in run([GNU_OBJDUMP, "-d", "-r", obj]).splitlines():
        m = re.match(r"^Disassembly of section (\S+):", line)
        if m:
            cur = out.setdefault(m.group(1), [])
            continue
        m = INSN.match(line)
        if m and cur is not None:
            cur.append([int(m.group(1), 16), m.group(3), m.group(4).strip(), []])
            continue
        m = RELOC.match(line)
        if m and cur is not None:
            cur[-1][3].append((int(m.group(1), 16), m.group(2), m.group(3)))
    return out


LLVM_INSN = re.compile(r"^\s*([0-9a-f]+): ((?:[0-9a-f]{2} )+)\s*\t(\S+)")


def llvm_disassembly(obj):
    out, cur = {}, None
    for line in run([LLVM_OBJDUMP, "-d", "--mcpu=z15", obj]).splitlines():
        m = re.match(r"^Disassembly of section (\S+):", line)
        if m:
            cur = out.setdefault(m.group(1), [])
            continue
        m = LLVM_INSN.match(line)
        if m and cur is not None:
            cur.append((int(m.group(1), 16), m.group(3)))
    return out


RELOC_KIND = {"R_390_PC32DBL": "S390xPCRel32Dbl", "R_390_PLT32DBL": "S390xPLTRel32Dbl"}


def parse_target(t):
    m = re.match(r"^([A-Za-z_.$][\w.$]*)(?:([+-])0x([0-9a-f]+))?$", t)
    assert m, t
    addend = int(m.group(3), 16) if m.group(3) else 0
    return m.group(1), -addend if m.group(2) == "-" else addend


def expected(n, c, sec, syms, gnu, llvm):
    data, sections, _ = sec
    off, size, _ = sections[".text.c%d" % n]
    start = syms["c%d_start" % n][1]
    stop = syms["c%d_stop" % n][1]
    end = syms["c%d_end" % n][1]
    body = data[off:off + size]
    hexs = body[start:stop].hex() + body[end:].hex()
    label_at = {}
    for i in range(len(c.labels)):
        label_at.setdefault(syms["c%d_L%d" % (n, i)][1], "label%d" % i)
    insns = [i for i in gnu.get(".text.c%d" % n, []) if start <= i[0] < stop]
    texts, relocs, gnu_mn = [], [], []
    for addr, mnem, ops, rels in insns:
        gnu_mn.append(mnem)
        if rels:
            assert len(rels) == 1
            roff, rtype, target = rels[0]
            name, addend = parse_target(target)
            kind = RELOC_KIND[rtype]
            if c.got:
                kind = "S390xGOTEntRel32Dbl"
                assert rtype == "R_390_PC32DBL" and addend == 2
                shown = name + "@GOTENT"
            elif rtype == "R_390_PLT32DBL":
                assert addend == 2 and name.endswith("@PLT") is False
                shown = name + "@PLT"
            else:
                a = addend - 2
                shown = name + ("+%d" % a if a > 0 else "%d" % a if a < 0 else "")
            relocs.append("%d:%s:%s:%d" % (roff - start, kind, name, addend))
            ops = re.sub(r"[0-9a-f]+ <[^>]*>$", shown, ops)
        else:
            m = re.search(r"(?:^|,)([0-9a-f]+) <[^>]*>$", ops)
            if m:
                target = int(m.group(1), 16)
                name = label_at.get(target, "." if target == addr else None)
                assert name is not None or c.text is not None, (n, c.asm, ops)
                ops = ops[:m.start(1)] + (name or "?")
        texts.append(mnem + (" " + ops if ops else ""))
    llvm_mn = [mn for a, mn in llvm.get(".text.c%d" % n, []) if start <= a < stop]
    traps = ["%d:%s" % (insns[i][0] - start, code) for i, code in c.traps]
    text = c.text if c.text is not None else "; ".join(texts)
    return hexs, text, " ".join(relocs), " ".join(traps), " ".join(gnu_mn), " ".join(llvm_mn)


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    cases = []
    for row in ROWS:
        cases += cases_for(row)
    cases += pseudo_cases()
    with tempfile.TemporaryDirectory() as tmp:
        obj = assemble(cases, tmp)
        _, _, syms = elf_sections(obj)
        obj = assemble(cases, tmp, pool_pads(cases, syms))
        sec = elf_sections(obj)
        syms = sec[2]
        gnu = gnu_disassembly(obj)
        llvm = llvm_disassembly(obj)
        out = ["// Generated by test/target/s390x/gen_expected.py from llvm-mc-19 and",
               "// s390x-linux-gnu-objdump; do not edit.",
               "// Row: {inst, hex bytes, text, prePad, postPad, label positions, fallthrough label,",
               "//       relocations, traps, GNU mnemonics, LLVM mnemonics, in the disassembly check}.",
               "// clang-format off"]
        per_fn = 200
        nfn = 0
        for base in range(0, len(cases), per_fn):
            out.append("void addRows%d(std::vector<Row> &rows) {" % nfn)
            for n in range(base, min(base + per_fn, len(cases))):
                c = cases[n]
                hexs, text, relocs, traps, gmn, lmn = expected(n, c, sec, syms, gnu, llvm)
                out.append("  rows.push_back(Row{%s, %s, %s, %d, %d, %s, %d, %s, %s, %s, %s, %s});" % (
                    c.cpp, cstr(hexs), cstr(text), c.pre, c.post, cstr(c.labels), c.fallthrough,
                    cstr(relocs), cstr(traps), cstr(gmn), cstr(lmn),
                    "true" if c.blob else "false"))
            out.append("}")
            nfn += 1
        out.append("std::vector<Row> generatedRows() {")
        out.append("  std::vector<Row> rows;")
        for k in range(nfn):
            out.append("  addRows%d(rows);" % k)
        out.append("  return rows;")
        out.append("}")
        out.append("// clang-format on")
        sys.stdout.write("\n".join(out) + "\n")
    print("gen_expected.py: %d rows" % len(cases), file=sys.stderr)


if __name__ == "__main__":
    main()
