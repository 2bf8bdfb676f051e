#!/usr/bin/env python3
"""Register-allocator measurement: for each allocator, the moves, spills and reloads it
inserts and its time per instruction, on Cranelift's corpus and on large generated functions.

    bench/regalloc_stats.py [--irc build/tools/irc/irc] [--targets x86_64,s390x]

Every compile runs with regalloc_checker=true (a wrong allocation fails the benchmark) except
the timing runs, which measure the allocator alone. Corpus files a target cannot compile
(unsupported opcodes, other targets' syntax) are skipped, the same set for every allocator.
Output: a markdown table (docs/regalloc.md keeps the latest one).
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALLOCATORS = ["single_pass", "backtracking", "experimental"]
LINE = re.compile(r"regalloc \S+: functions=(\d+) insts=(\d+) moves=(\d+) spills=(\d+) "
                  r"reloads=(\d+) remats=(\d+) stack_moves=(\d+) ns=(\d+)")
FIELDS = 8  # the numbers of one LINE


def corpus_dir():
    env = os.environ.get("IRC_CLIF_CORPUS")
    for c in [env, ROOT.parent / "shared" / "clif-corpus"]:
        if c and pathlib.Path(c).is_dir():
            return pathlib.Path(c)
    return None


def compile_stats(irc, path, target, alloc, check):
    cmd = [irc, "compile", str(path), "--target", target, "-o", os.devnull, "--regalloc-stats",
           "--set", f"regalloc_algorithm={alloc}", "--set", f"regalloc_checker={str(check).lower()}",
           "--log-level", "off"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr
    m = LINE.search(r.stderr)
    if not m:
        sys.exit(f"regalloc_stats.py: no stats line from {' '.join(cmd)}")
    return [int(x) for x in m.groups()], ""


def add(a, b):
    return [x + y for x, y in zip(a, b)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--irc", default=str(ROOT / "build" / "tools" / "irc" / "irc"))
    ap.add_argument("--targets", default="x86_64,s390x")
    ap.add_argument("--progen", default=str(ROOT.parent / "shared" / "tools" / "progen" / "progen.py"))
    args = ap.parse_args()

    rows = []
    corpus = corpus_dir()
    with tempfile.TemporaryDirectory(prefix="irc-ra-") as tmp:
        inputs = []
        if corpus:
            inputs.append(("corpus", sorted(corpus.rglob("*.clif"))))
        else:
            print("regalloc_stats.py: corpus not found; measuring generated functions only")
        for n in (10000, 100000):
            d = pathlib.Path(tmp) / f"gen{n}"
            subprocess.run([sys.executable, args.progen, "--seed", "4242", "--functions", "1",
                            "--insts", str(n), "--out", str(d)], check=True,
                           stdout=subprocess.DEVNULL)
            inputs.append((f"1 function x {n // 1000}k", [d / "prog.clif"]))

        for target in args.targets.split(","):
            for name, files in inputs:
                # The files every allocator compiles (a failure of one allocator where the
                # others succeed is a bug and stops the benchmark).
                totals = {}
                usable = []
                for f in files:
                    results = {a: compile_stats(args.irc, f, target, a, check=True)
                               for a in ALLOCATORS}
                    ok = [a for a in ALLOCATORS if results[a][0] is not None]
                    if len(ok) == len(ALLOCATORS):
                        usable.append(f)
                        for a in ALLOCATORS:
                            totals[a] = add(totals.get(a, [0] * FIELDS), results[a][0])
                    elif ok:
                        bad = [a for a in ALLOCATORS if a not in ok][0]
                        sys.exit(f"regalloc_stats.py: {f} ({target}) fails only with {bad}:\n"
                                 f"{results[bad][1]}")
                if not usable:
                    continue
                for a in ALLOCATORS:
                    # Time without the checker, best of 3.
                    ns = None
                    for _ in range(3):
                        t = [0] * FIELDS
                        for f in usable:
                            t = add(t, compile_stats(args.irc, f, target, a, check=False)[0])
                        ns = t[7] if ns is None else min(ns, t[7])
                    fn, insts, mv, sp, rl, rm, sm, _ = totals[a]
                    rows.append((target, name, len(usable), a, insts, mv, sp, rl, rm, sm, ns))

    print("| target | input | files | allocator | insts | moves | spills | reloads | remats | "
          "stack moves | total edits | ns/inst |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for target, name, nfiles, a, insts, mv, sp, rl, rm, sm, ns in rows:
        print(f"| {target} | {name} | {nfiles} | {a} | {insts} | {mv} | {sp} | {rl} | {rm} | {sm} | "
              f"{mv + sp + rl + rm} | {ns / max(insts, 1):.0f} |")
    by = {(r[0], r[1], r[3]): r for r in rows}
    for target in args.targets.split(","):
        for alloc in ALLOCATORS:
            a, b = by.get((target, "1 function x 10k", alloc)), \
                by.get((target, "1 function x 100k", alloc))
            if a and b:
                print(f"{target} {alloc}: allocation time 10k -> 100k: {b[10] / a[10]:.1f}x for "
                      f"{b[4] / a[4]:.1f}x instructions")


if __name__ == "__main__":
    main()
