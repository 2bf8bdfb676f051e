#!/usr/bin/env python3
"""Disassembles every s390x encoder test row emitted by irc and checks the mnemonics.

Usage: disasm_check.py <s390x_emit_dump>

The dump tool prints "<hex>\t<GNU mnemonics>\t<LLVM mnemonics>\t<irc text>" per row (the
mnemonic lists come from gen_expected.py, which ran both disassemblers on llvm-mc's bytes).
The rows' bytes, as irc emitted them, are concatenated into one blob, wrapped into an ELF
object with llvm-mc-19 (`.byte` directives) and disassembled with
`llvm-objdump-19 -d --mcpu=z15` and `s390x-linux-gnu-objdump -d`. Each must decode the blob
into exactly the listed instructions, in order, never into `(bad)`, `<unknown>` or a data
directive; and irc's printed text must name the same mnemonics as GNU objdump for rows
printed as instructions (the dump prints "-" for irc's own syntax, such as `rets`). Exit 77
(skip) if a tool is missing.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

LLVM_MC = os.environ.get("LLVM_MC", "llvm-mc-19")
LLVM_OBJDUMP = os.environ.get("LLVM_OBJDUMP", "llvm-objdump-19")
GNU_OBJDUMP = os.environ.get("S390X_OBJDUMP", "s390x-linux-gnu-objdump")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def decoded(cmd):
    """(offset, mnemonic, line) per decoded instruction."""
    out = []
    for line in run(cmd).splitlines():
        m = re.match(r"^\s*([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(.*)$", line)
        if not m:
            continue
        text = m.group(3).strip()
        out.append((int(m.group(1), 16), text.split()[0] if text else "", line))
    return out


def check(name, got, expected):
    bad = [l for _, mn, l in got if mn in ("(bad)", "<unknown>", ".long", ".short", ".byte", "")]
    if bad:
        print(f"{name}: undecodable bytes:\n  " + "\n  ".join(bad[:20]))
        return False
    if len(got) != len(expected):
        print(f"{name}: decoded {len(got)} instructions, expected {len(expected)}")
    for k, ((_, mn, line), (want, row)) in enumerate(zip(got, expected)):
        if mn != want:
            print(f"{name}: instruction {k} (row {row}): got `{line.strip()}`, expected {want}")
            return False
    return len(got) == len(expected)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: disasm_check.py <s390x_emit_dump>")
    for tool in (LLVM_MC, LLVM_OBJDUMP, GNU_OBJDUMP):
        if shutil.which(tool) is None:
            print(f"skipped: {tool} not found")
            sys.exit(77)
    rows = [line.split("\t") for line in run([sys.argv[1]]).splitlines() if line]
    blob = bytearray()
    gnu_expected, llvm_expected = [], []
    ok = True
    for i, (hexbytes, gnu, llvm, text) in enumerate(rows):
        blob += bytes.fromhex(hexbytes)
        gnu_expected += [(m, i) for m in gnu.split()]
        llvm_expected += [(m, i) for m in llvm.split()]
        if text != "-":
            irc = [t.strip().split()[0] for t in text.split(";") if t.strip()]
            if irc != gnu.split():
                print(f"row {i}: irc prints `{text}`, GNU objdump decodes {gnu}")
                ok = False
    with tempfile.TemporaryDirectory() as tmp:
        src, obj = os.path.join(tmp, "blob.s"), os.path.join(tmp, "blob.o")
        with open(src, "w") as f:
            f.write(".text\n")
            for at in range(0, len(blob), 32):
                f.write(".byte " + ",".join(str(b) for b in blob[at:at + 32]) + "\n")
        subprocess.run([LLVM_MC, "-triple=s390x", "-filetype=obj", src, "-o", obj], check=True)
        ok &= check("s390x-linux-gnu-objdump", decoded([GNU_OBJDUMP, "-d", obj]), gnu_expected)
        ok &= check("llvm-objdump-19",
                    decoded([LLVM_OBJDUMP, "-d", "--mcpu=z15", obj]), llvm_expected)
    print(f"{len(rows)} rows, {len(blob)} bytes, {len(gnu_expected)} instructions: "
          + ("ok" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
