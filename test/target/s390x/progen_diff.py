#!/usr/bin/env python3
"""progen_diff.py - differential test of irc's s390x backend on random progen programs.

For every seed and program shape, progen writes one program as CLIF and C (same result by
construction, byte-order neutral).  The C form built by the host gcc -O1 gives the expected line;
the CLIF form is compiled by `irc compile --target s390x` under each setting combination (register
allocators, the regalloc checker, preserve_frame_pointers, opt levels), linked with main.c by
s390x-linux-gnu-gcc -march=z14 and run under qemu-s390x.  Every printed line must equal the
expected one; a difference, a compile error or a crash is a failure, and the program directory is
kept (--keep DIR) to be minimized by hand.

  progen_diff.py --irc build/tools/irc/irc [--seeds 200] [--from 1] [--shapes small,big,kernels]
                 [--configs bt,sp,exp,bt-check,...] [--keep DIR] [--jobs 1]

Exits 0 when all agree, 1 on any difference, 77 (with a one-line notice) when progen, qemu-s390x,
the s390x cross compiler or a host C compiler is missing.  Standard library only.
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
DEFAULT_PROGEN = '/work/shared/tools/progen/progen.py'
CROSS_CC = 's390x-linux-gnu-gcc'
QEMU = 'qemu-s390x'
SYSROOT = '/usr/s390x-linux-gnu'

# Random-program shapes: name -> progen arguments (the seed is added).
SHAPES = {
    'small': ['--functions', '10', '--insts', '200'],
    'big': ['--functions', '1', '--insts', '3000'],
    'mid': ['--functions', '3', '--insts', '1000'],
    'many': ['--functions', '40', '--insts', '60'],
    # Other calling conventions on every signature, callees not colocated (GOT calls).
    'tail': ['--functions', '10', '--insts', '200', '--callconv', 'tail', '--no-colocated'],
    'nocc': ['--functions', '10', '--insts', '200', '--callconv', 'none', '--no-colocated'],
}
# The fixed kernels run once per config (not per seed), at these iteration counts.
KERNEL_RUN_ARGS = ['1', '37', '3001']

# Setting combinations: name -> irc --set values.
CONFIGS = {
    'bt': ['regalloc_algorithm=backtracking'],
    'sp': ['regalloc_algorithm=single_pass'],
    'exp': ['regalloc_algorithm=experimental'],
    'bt-check': ['regalloc_algorithm=backtracking', 'regalloc_checker=true'],
    'sp-check': ['regalloc_algorithm=single_pass', 'regalloc_checker=true'],
    'exp-check': ['regalloc_algorithm=experimental', 'regalloc_checker=true'],
    'bt-fp': ['regalloc_algorithm=backtracking', 'preserve_frame_pointers=true'],
    'sp-fp': ['regalloc_algorithm=single_pass', 'preserve_frame_pointers=true'],
    'exp-fp': ['regalloc_algorithm=experimental', 'preserve_frame_pointers=true'],
    'bt-speed': ['regalloc_algorithm=backtracking', 'opt_level=speed'],
    'sp-speed-fp': ['regalloc_algorithm=single_pass', 'opt_level=speed',
                    'preserve_frame_pointers=true'],
}
DEFAULT_CONFIGS = 'bt,sp,exp,bt-check,bt-fp,sp-fp'


def run(cmd, cwd, timeout=120):
    try:
        return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -1, '', 'timeout after %d s' % timeout)


def missing_tools(args):
    if not os.path.isfile(args.progen):
        return 'progen not found at %s' % args.progen
    for tool in (QEMU, CROSS_CC):
        if not shutil.which(tool):
            return '%s not on PATH' % tool
    if not os.path.isdir(SYSROOT):
        return 's390x sysroot %s missing' % SYSROOT
    if not shutil.which(args.host_cc):
        return 'host C compiler %s not on PATH' % args.host_cc
    if not (os.path.isfile(args.irc) and os.access(args.irc, os.X_OK)):
        return 'irc binary %s not found' % args.irc
    return None


def first_line(text):
    lines = text.strip().splitlines()
    return lines[0] if lines else ''


def check_program(d, label, run_args_list, configs, args):
    """Builds the program in directory d as reference + each config; returns failure strings."""
    failures = []
    p = run([args.host_cc, '-O1', '-std=c99', 'main.c', 'prog.c', '-o', 'ref.exe'], d)
    if p.returncode:
        return ['%s: host reference build failed: %s' % (label, first_line(p.stderr))]
    expected = {}
    for ra in run_args_list:
        p = run(['./ref.exe'] + ra, d)
        if p.returncode:
            return ['%s: host reference run failed (%d)' % (label, p.returncode)]
        expected[tuple(ra)] = p.stdout
    p = run([CROSS_CC, '-march=z14', '-O0', '-c', 'main.c', '-o', 'main.o'], d)
    if p.returncode:
        return ['%s: main.c cross build failed: %s' % (label, first_line(p.stderr))]
    for name in configs:
        obj, exe = 'irc-%s.o' % name, 'irc-%s.exe' % name
        cmd = [args.irc, 'compile', 'prog.clif', '--target', 's390x', '-o', obj]
        for s in CONFIGS[name]:
            cmd += ['--set', s]
        p = run(cmd, d)
        if p.returncode:
            failures.append('%s [%s]: irc failed: %s' % (label, name, first_line(p.stderr)))
            continue
        p = run([CROSS_CC, '-march=z14', 'main.o', obj, '-o', exe], d)
        if p.returncode:
            failures.append('%s [%s]: link failed: %s' % (label, name, first_line(p.stderr)))
            continue
        for ra in run_args_list:
            p = run([QEMU, '-L', SYSROOT, './' + exe] + ra, d, timeout=args.run_timeout)
            want = expected[tuple(ra)]
            if p.returncode or p.stdout != want:
                got = p.stdout.strip() or ('exit %d %s' % (p.returncode, first_line(p.stderr)))
                failures.append('%s [%s]%s: expected %s, got %s' % (
                    label, name, (' n=' + ra[0]) if ra else '', want.strip(), got))
    return failures


def keep_dir(d, label, args):
    if args.keep:
        dst = os.path.join(args.keep, label.replace(' ', '_').replace('/', '_'))
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(d, dst)
        return dst
    return None


def job_seed(shape, seed, configs, args):
    label = '%s seed %d' % (shape, seed)
    with tempfile.TemporaryDirectory(prefix='s390x-progen-') as tmp:
        d = os.path.join(tmp, 'p')
        p = run([sys.executable, args.progen, '--seed', str(seed), '--out', d, '--target', 's390x']
                + SHAPES[shape], tmp)
        if p.returncode:
            return ['%s: progen failed: %s' % (label, first_line(p.stderr))], None
        fails = check_program(d, label, [[]], configs, args)
        return fails, (keep_dir(d, label, args) if fails else None)


def job_kernels(configs, args):
    fails, kept = [], []
    with tempfile.TemporaryDirectory(prefix='s390x-progen-') as tmp:
        k = os.path.join(tmp, 'k')
        p = run([sys.executable, args.progen, '--kernels', '--out', k, '--target', 's390x'], tmp)
        if p.returncode:
            return ['kernels: progen failed: %s' % first_line(p.stderr)], None
        for name in sorted(os.listdir(k)):
            label = 'kernel %s' % name
            f = check_program(os.path.join(k, name), label, [[a] for a in KERNEL_RUN_ARGS],
                              configs, args)
            if f:
                fails += f
                kept.append(keep_dir(os.path.join(k, name), label, args))
    return fails, (', '.join(x for x in kept if x) or None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--irc', required=True, help='path of the irc binary')
    ap.add_argument('--progen', default=os.environ.get('PROGEN', DEFAULT_PROGEN))
    ap.add_argument('--host-cc', default='gcc')
    ap.add_argument('--seeds', type=int, default=200, help='seeds per random shape')
    ap.add_argument('--from', dest='first', type=int, default=1, help='first seed')
    ap.add_argument('--shapes', default='small,big,kernels',
                    help='comma list of %s and kernels' % ','.join(SHAPES))
    ap.add_argument('--configs', default=DEFAULT_CONFIGS,
                    help='comma list of %s, or all' % ','.join(CONFIGS))
    ap.add_argument('--keep', default=None, help='copy failing program directories here')
    ap.add_argument('--jobs', type=int, default=1)
    ap.add_argument('--run-timeout', type=int, default=60)
    args = ap.parse_args()
    args.irc = os.path.abspath(args.irc)
    args.progen = os.path.abspath(args.progen)

    why = missing_tools(args)
    if why:
        print('progen_diff: skipped: %s' % why)
        return SKIP
    configs = list(CONFIGS) if args.configs == 'all' else args.configs.split(',')
    shapes = args.shapes.split(',')
    for c in configs:
        if c not in CONFIGS:
            ap.error('unknown config %s' % c)
    for s in shapes:
        if s != 'kernels' and s not in SHAPES:
            ap.error('unknown shape %s' % s)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)

    jobs, programs = [], 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for shape in shapes:
            if shape == 'kernels':
                jobs.append(pool.submit(job_kernels, configs, args))
                programs += 6
                continue
            for seed in range(args.first, args.first + args.seeds):
                jobs.append(pool.submit(job_seed, shape, seed, configs, args))
                programs += 1
        failures = []
        for j in jobs:
            fails, kept = j.result()
            for f in fails:
                print('FAIL ' + f, flush=True)
            if kept:
                print('  kept in ' + kept, flush=True)
            failures += fails
    print('progen_diff: %d programs x %d configs (%s): %d failures' % (
        programs, len(configs), ','.join(configs), len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
