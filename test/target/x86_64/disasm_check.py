#!/usr/bin/env python3
"""Disassembles every x86_64 encoder test row emitted by irc and checks the mnemonics.

Usage: disasm_check.py <x86_64_emit_dump>

The dump tool prints "<hex>\t<irc text>" per row. The rows are concatenated into one blob,
wrapped into an ELF object with llvm-mc-19 (`.byte` directives), and disassembled with
llvm-objdump-19 -d and GNU objdump -d. Both must decode the blob into exactly the
instructions irc printed (`;`-separated texts are several instructions), never `(bad)` or
`<unknown>`, and with the same mnemonic: llvm-objdump's must equal irc's; GNU objdump's
must equal irc's up to the AT&T size suffix GNU leaves off when a register shows the size
(and the few spellings listed in GNU_SPELLINGS). Exit 77 (skip) if a tool is missing.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

LLVM_MC = "llvm-mc-19"
LLVM_OBJDUMP = "llvm-objdump-19"
GNU_OBJDUMP = "objdump"

# irc (llvm) mnemonic -> what GNU objdump may print instead for the same bytes: movabs
# without suffix; the 2-byte NOP 66 90 as "xchg %ax,%ax".
GNU_SPELLINGS = {
    "movabsq": {"movabs"},
    "nop": {"xchg"},
}


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def decoded(objdump, obj):
    """(offset, mnemonic, full line) per decoded instruction."""
    out = []
    for line in run([objdump, "-d", "--no-show-raw-insn", obj]).splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(.*)$", line)
        if not m:
            continue
        text = m.group(2).strip()
        if not text:
            continue
        out.append((int(m.group(1), 16), text.split()[0], text))
    return out


def mnemonics_of(text):
    return [t.strip().split()[0] for t in text.split(";") if t.strip()]


def gnu_matches(irc, gnu):
    if irc == gnu or gnu in GNU_SPELLINGS.get(irc, set()):
        return True
    # GNU drops the size suffix when a register operand implies it.
    return irc[:-1] == gnu and irc[-1] in "bwlq"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: disasm_check.py <x86_64_emit_dump>")
    for tool in (LLVM_MC, LLVM_OBJDUMP, GNU_OBJDUMP):
        if shutil.which(tool) is None:
            print(f"skipped: {tool} not found")
            sys.exit(77)
    rows = [line.split("\t", 1) for line in run([sys.argv[1]]).splitlines() if line]
    expected = []  # (irc mnemonic, row index)
    blob = bytearray()
    for i, (hexbytes, text) in enumerate(rows):
        blob += bytes.fromhex(hexbytes)
        expected += [(m, i) for m in mnemonics_of(text)]
    with tempfile.TemporaryDirectory() as tmp:
        src, obj = os.path.join(tmp, "blob.s"), os.path.join(tmp, "blob.o")
        with open(src, "w") as f:
            f.write(".text\n")
            for at in range(0, len(blob), 32):
                f.write(".byte " + ",".join(str(b) for b in blob[at:at + 32]) + "\n")
        run([LLVM_MC, "-triple=x86_64", "-filetype=obj", src, "-o", obj])
        results = {"llvm-objdump": decoded(LLVM_OBJDUMP, obj), "objdump": decoded(GNU_OBJDUMP, obj)}
    errors = []
    for tool, insts in results.items():
        for off, mnem, line in insts:
            if "(bad)" in line or "<unknown>" in line:
                errors.append(f"{tool}: undecodable bytes at {off:#x}: {line}")
        if len(insts) != len(expected):
            errors.append(f"{tool}: decoded {len(insts)} instructions, irc emitted {len(expected)}")
        for (off, mnem, line), (want, row) in zip(insts, expected):
            ok = mnem == want if tool == "llvm-objdump" else gnu_matches(want, mnem)
            if not ok:
                errors.append(f"{tool}: row {row} ({rows[row][1]!r}, {rows[row][0]}): "
                              f"decoded {line!r} at {off:#x}")
                break  # later rows are out of step
    for e in errors[:40]:
        print(e)
    print(f"{len(rows)} rows, {len(expected)} instructions, {len(blob)} bytes: "
          f"{'FAILED' if errors else 'ok'} with llvm-objdump-19 and objdump")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
