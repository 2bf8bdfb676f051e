#!/usr/bin/env python3
"""Compile-speed benchmark: irc at opt_level=none against llc-19 -O0 on the same programs.

progen (../shared/tools/progen, or $IRC_PROGEN) writes one random program as CLIF and as
LLVM IR; this script compiles both forms to an object file and prints wall time and peak
memory of each compiler and their ratios. Shapes: many small functions, and one function of
10k and of 100k instructions (the pair shows whether compile time grows linearly).
Each object is linked with progen's main.c and run, and the outputs must agree, so a fast
but wrong compiler does not pass unnoticed.

    bench/compile_speed.py [--irc build/tools/irc/irc] [--runs 3] [--target x86_64]

This is a measurement, not a test: it never fails on a ratio, only on wrong results.
"""
import argparse
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHAPES = [
    # name, progen arguments
    ("200 functions x 200 insts", ["--seed", "9001", "--functions", "200", "--insts", "200"]),
    ("1 function x 10k insts", ["--seed", "9003", "--functions", "1", "--insts", "10000"]),
    ("1 function x 100k insts", ["--seed", "9002", "--functions", "1", "--insts", "100000"]),
]


def find_progen(explicit):
    candidates = [explicit, os.environ.get("IRC_PROGEN"),
                  str(ROOT.parent / "shared" / "tools" / "progen" / "progen.py")]
    for c in candidates:
        if c and pathlib.Path(c).is_file():
            return c
    sys.exit("compile_speed.py: progen.py not found (set $IRC_PROGEN or --progen)")


def measure(cmd):
    """Runs cmd; returns (seconds, peak RSS in MB) of that one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"compile_speed.py: {' '.join(map(str, cmd))} failed:\n{err}")
    return elapsed, usage.ru_maxrss / 1024.0


def best_of(runs, cmd):
    results = [measure(cmd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def count_instructions(clif):
    """Instruction lines of a CLIF file: indented lines inside function bodies."""
    return sum(1 for line in clif.open()
               if line.startswith("    ") and not line.lstrip().startswith(";"))


def run_program(obj, main_c, work, name):
    exe = work / name
    subprocess.run(["cc", str(main_c), str(obj), "-o", str(exe)], check=True)
    return subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--irc", default=str(ROOT / "build" / "tools" / "irc" / "irc"))
    ap.add_argument("--llc", default="llc-19")
    ap.add_argument("--progen")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--target", default="x86_64", choices=["x86_64"],
                    help="the host target (results are run natively)")
    ap.add_argument("--regalloc", default=None,
                    help="regalloc_algorithm for irc (default: irc's default)")
    args = ap.parse_args()
    progen = find_progen(args.progen)
    if not shutil.which(args.llc):
        sys.exit(f"compile_speed.py: {args.llc} not found")

    rows = []
    with tempfile.TemporaryDirectory(prefix="irc-bench-") as tmp:
        work = pathlib.Path(tmp)
        for name, gen_args in SHAPES:
            d = work / f"shape{len(rows)}"
            subprocess.run([sys.executable, progen, *gen_args, "--target", args.target,
                            "--out", str(d)], check=True, stdout=subprocess.DEVNULL)
            clif, ll, main_c = d / "prog.clif", d / "prog.ll", d / "main.c"
            insts = count_instructions(clif)
            irc_obj, llc_obj = d / "irc.o", d / "llc.o"
            irc_cmd = [args.irc, "compile", str(clif), "--target", args.target,
                       "--set", "opt_level=none", "-o", str(irc_obj)]
            if args.regalloc:
                irc_cmd += ["--set", f"regalloc_algorithm={args.regalloc}"]
            llc_cmd = [args.llc, "-O0", "-filetype=obj", str(ll), "-o", str(llc_obj)]
            irc_t, irc_m = best_of(args.runs, irc_cmd)
            llc_t, llc_m = best_of(args.runs, llc_cmd)
            out_irc = run_program(irc_obj, main_c, d, "irc.exe")
            out_llc = run_program(llc_obj, main_c, d, "llc.exe")
            if out_irc != out_llc:
                sys.exit(f"compile_speed.py: {name}: irc printed {out_irc.strip()!r}, "
                         f"llc {out_llc.strip()!r}")
            rows.append((name, insts, irc_t, irc_m, llc_t, llc_m))

    print(f"irc opt_level=none vs {args.llc} -O0 -filetype=obj ({args.target}, "
          f"min of {args.runs} runs, peak RSS)")
    print("| shape | CLIF insts | irc | llc -O0 | time ratio llc/irc | memory ratio llc/irc |")
    print("|---|---|---|---|---|---|")
    for name, insts, it, im, lt, lm in rows:
        print(f"| {name} | {insts} | {it:.3f} s / {im:.0f} MB | {lt:.3f} s / {lm:.0f} MB "
              f"| {lt / it:.2f}x | {lm / im:.2f}x |")
    small = {r[0]: r for r in rows}
    a, b = small.get("1 function x 10k insts"), small.get("1 function x 100k insts")
    if a and b:
        print(f"irc growth 10k -> 100k: {b[2] / a[2]:.1f}x time for {b[1] / a[1]:.1f}x instructions "
              f"(linear is about {b[1] / a[1]:.0f}x)")


if __name__ == "__main__":
    main()
