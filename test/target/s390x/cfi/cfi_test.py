#!/usr/bin/env python3
"""s390x CFI proof: a C++ exception unwinds through irc frames under qemu.

Compiles frames.clif with irc (two functions with callee-saved GPR and FPR saves, a
stack frame, an indirect and a direct call), links it with main.cpp using
s390x-linux-gnu-g++, runs it under qemu-s390x and checks that main caught the exception
thrown below the irc frames with all its callee-saved registers intact. Also checks that
the object has one FDE per function and that s390x-linux-gnu-objdump decodes every
instruction, and that at every return (`br %r14`) the CFA rule is the entry one again
(r15+160) with every saved register restored, so an asynchronous unwinder stopped there
reads no stale save slot. Exits 77 (skipped) when the cross tools or qemu are missing.

Usage: cfi_test.py IRC
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = "plain=1\ncaught=1 registers=ok\n"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def rules_at_returns(dis, interp):
    """For each `br %r14` address: the frames-interp row in force there (CFA and the
    register columns), or None if no FDE covers it."""
    returns = [int(m.group(1), 16) for m in re.finditer(r"^\s*([0-9a-f]+):.*\bbr\s+%r14$", dis,
                                                        re.M)]
    rows = []  # (pc_lo, pc_hi, [(loc, columns)])
    for fde in interp.split(" FDE ")[1:]:
        m = re.search(r"pc=([0-9a-f]+)\.\.([0-9a-f]+)", fde)
        table = []
        for line in fde.splitlines()[2:]:
            parts = line.split()
            if len(parts) >= 2 and re.fullmatch(r"[0-9a-f]{16}", parts[0]):
                table.append((int(parts[0], 16), parts[1:]))
        rows.append((int(m.group(1), 16), int(m.group(2), 16), table))
    found = {}
    for pc in returns:
        found[pc] = None
        for lo, hi, table in rows:
            if lo <= pc < hi:
                found[pc] = [cols for loc, cols in table if loc <= pc][-1]
    return found


def main():
    irc = sys.argv[1]
    cxx = os.environ.get("IRC_S390X_CXX", "s390x-linux-gnu-g++")
    qemu = os.environ.get("IRC_QEMU_S390X", "qemu-s390x")
    tools = [cxx, qemu, "s390x-linux-gnu-objdump", "readelf"]
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        print("skipped: missing " + ", ".join(missing))
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "frames.o")
        exe = os.path.join(tmp, "cfi")
        run([irc, "compile", os.path.join(HERE, "frames.clif"), "-o", obj])
        fdes = run(["readelf", "--debug-dump=frames", obj]).stdout.count(" FDE ")
        if fdes != 2:
            print("expected 2 FDEs (one per function), found %d" % fdes)
            return 1
        dis = run(["s390x-linux-gnu-objdump", "-d", obj]).stdout
        if "(bad)" in dis:
            print("objdump could not decode:\n" + dis)
            return 1
        interp = run(["readelf", "--debug-dump=frames-interp", obj]).stdout
        at_returns = rules_at_returns(dis, interp)
        if not at_returns:
            print("no `br %r14` found in:\n" + dis)
            return 1
        for pc, cols in at_returns.items():
            if cols is None or cols[0] != "r15+160" or any(c != "u" for c in cols[1:]):
                print("at the return at 0x%x the CFI rules are %s, expected r15+160 and every "
                      "register restored:\n%s" % (pc, cols, interp))
                return 1
        run([cxx, "-O2", "-march=z14", "-static", os.path.join(HERE, "main.cpp"), obj, "-o", exe])
        out = subprocess.run([qemu, "-L", "/usr/s390x-linux-gnu", exe], capture_output=True,
                             text=True)
        if out.returncode != 0 or out.stdout != EXPECTED:
            print("exit %d\nstdout:\n%s\nstderr:\n%s\nexpected stdout:\n%s" %
                  (out.returncode, out.stdout, out.stderr, EXPECTED))
            return 1
    print("ok: exception unwound through 2 irc frames, callee-saved registers intact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
