#!/usr/bin/env python3
"""x86_64 CFI proof: a C++ exception and backtrace() go through irc frames at run time.

Compiles frames.clif with irc (two functions: callee-saved register saves, stack slots,
a direct and an indirect call), links it with main.cpp using g++ -rdynamic and runs it:
main's catch must see the exception thrown below the irc frames with its callee-saved
registers intact, and backtrace() inside the thrower must name every frame. Also checks
that the object has one FDE per function. Exits 77 (skipped) when g++ or readelf is
missing.

Usage: cfi_test.py IRC
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = ("plain=1\n"
            "caught=1 registers=ok\n"
            "backtrace: thrower <- irc_middle <- irc_outer <- run <- main\n")


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True)


def main():
    irc = sys.argv[1]
    cxx = os.environ.get("CXX", "g++")
    missing = [t for t in (cxx, "readelf") if shutil.which(t) is None]
    if missing:
        print("skipped: missing " + ", ".join(missing))
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "frames.o")
        exe = os.path.join(tmp, "cfi")
        run([irc, "compile", os.path.join(HERE, "frames.clif"), "--target", "x86_64", "-o", obj])
        fdes = run(["readelf", "--debug-dump=frames", obj]).stdout.count(" FDE ")
        if fdes != 2:
            print("expected 2 FDEs (one per function), found %d" % fdes)
            return 1
        run([cxx, "-O2", "-rdynamic", os.path.join(HERE, "main.cpp"), obj, "-o", exe])
        out = subprocess.run([exe], capture_output=True, text=True)
        if out.returncode != 0 or out.stdout != EXPECTED:
            print("exit %d\nstdout:\n%s\nstderr:\n%s\nexpected stdout:\n%s" %
                  (out.returncode, out.stdout, out.stderr, EXPECTED))
            return 1
    print("ok: exception and backtrace went through 2 irc frames, callee-saved registers intact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
