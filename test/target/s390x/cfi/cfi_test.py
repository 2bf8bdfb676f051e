#!/usr/bin/env python3
"""s390x CFI proof: a C++ exception unwinds through irc frames under qemu.

Compiles frames.clif with irc (two functions with callee-saved GPR and FPR saves, a
stack frame, an indirect and a direct call), links it with main.cpp using
s390x-linux-gnu-g++, runs it under qemu-s390x and checks that main caught the exception
thrown below the irc frames with all its callee-saved registers intact. Also checks that
the object has one FDE per function and that s390x-linux-gnu-objdump decodes every
instruction. Exits 77 (skipped) when the cross tools or qemu are missing.

Usage: cfi_test.py IRC
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = "plain=1\ncaught=1 registers=ok\n"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


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
