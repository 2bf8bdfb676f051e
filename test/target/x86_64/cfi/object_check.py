#!/usr/bin/env python3
"""Checks the objects irc writes for x86_64, file by file.

For every input (files, or folders searched for *.ir and *.clif) that `irc compile
--target x86_64` accepts: compiling twice gives the same bytes; `objdump -d` and
`llvm-objdump-19 -d` decode every instruction (no `(bad)`); `readelf --debug-dump=frames`
shows exactly one FDE per function symbol. Inputs irc rejects (unsupported opcodes,
verifier errors) are counted and skipped. Exits 77 when a tool is missing.

Usage: object_check.py IRC PATH...
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

TOOLS = ("objdump", "llvm-objdump-19", "readelf")


def inputs(paths):
    for p in paths:
        p = pathlib.Path(p)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.suffix in (".ir", ".clif"))
        elif p.exists():
            yield p


def tool(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def check(irc, src, tmp):
    a, b = os.path.join(tmp, "a.o"), os.path.join(tmp, "b.o")
    first = subprocess.run([irc, "compile", str(src), "--target", "x86_64", "-o", a],
                           capture_output=True, text=True)
    if first.returncode != 0:
        return None
    subprocess.run([irc, "compile", str(src), "--target", "x86_64", "-o", b], check=True,
                   capture_output=True)
    problems = []
    if pathlib.Path(a).read_bytes() != pathlib.Path(b).read_bytes():
        problems.append("two compilations differ")
    for disassembler in ("objdump", "llvm-objdump-19"):
        if "(bad)" in tool([disassembler, "-d", a]):
            problems.append(disassembler + " shows (bad)")
    symbols = tool(["readelf", "-sW", a])
    funcs = sum(1 for line in symbols.splitlines()
                if " FUNC " in line and " UND " not in line)
    fdes = tool(["readelf", "--debug-dump=frames", a]).count(" FDE ")
    if fdes != funcs:
        problems.append("%d FDEs for %d functions" % (fdes, funcs))
    return problems


def main():
    irc, paths = sys.argv[1], sys.argv[2:]
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        print("skipped: missing " + ", ".join(missing))
        return 77
    checked = rejected = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in inputs(paths):
            problems = check(irc, src, tmp)
            if problems is None:
                rejected += 1
                continue
            checked += 1
            if problems:
                failed += 1
                print("%s: %s" % (src, "; ".join(problems)))
    print("%d object(s) checked, %d failed, %d input(s) not compiled" %
          (checked, failed, rejected))
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
