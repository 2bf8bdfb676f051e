#!/usr/bin/env python3
"""Runs `irc test` for a ctest and judges its result.

  --expect FILE          stdout must equal FILE (relative to --repo) and the exit code
                         must be --exit-code (default 0)
  --corpus-dir NAME      run on NAME under Cranelift's filetests ($IRC_CLIF_CORPUS, else
                         <repo>/../shared/clif-corpus); absent corpus: one line, pass
  --allow-failures FILE  with --corpus-dir: FAIL lines are allowed for the files FILE
                         lists (one path relative to the corpus per line, '#' comments);
                         any other FAIL fails the test

Arguments after `--` go to `irc test` (paths, --target ...). The command runs in --repo.
"""
import argparse
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--irc", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--expect")
    parser.add_argument("--exit-code", type=int, default=0)
    parser.add_argument("--corpus-dir")
    parser.add_argument("--allow-failures")
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args()

    command = [args.irc, "test"]
    corpus = None
    if args.corpus_dir:
        corpus = os.environ.get("IRC_CLIF_CORPUS") or os.path.join(
            args.repo, "..", "shared", "clif-corpus")
        target = os.path.join(corpus, args.corpus_dir)
        if not os.path.isdir(target):
            print(f"CLIF corpus not found at {target} (set IRC_CLIF_CORPUS); skipped")
            return 0
        command.append(target)
    command += args.rest
    result = subprocess.run(command, cwd=args.repo, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, errors="replace")
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)

    if args.expect:
        with open(os.path.join(args.repo, args.expect), encoding="utf-8") as f:
            expected = f.read()
        ok = True
        if result.stdout != expected:
            print(f"error: stdout differs from {args.expect}")
            ok = False
        if result.returncode != args.exit_code:
            print(f"error: exit code {result.returncode}, expected {args.exit_code}")
            ok = False
        return 0 if ok else 1

    if args.allow_failures:
        allowed = set()
        with open(args.allow_failures, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    allowed.add(line)
        unexpected = []
        for line in result.stdout.splitlines():
            if not line.startswith("FAIL "):
                continue
            path = line[5:].split(" [", 1)[0].split(": ", 1)[0]
            relative = os.path.relpath(path, corpus) if corpus else path
            if relative not in allowed:
                unexpected.append(line)
        for line in unexpected:
            print(f"error: unexpected failure: {line}")
        return 1 if unexpected else 0

    if result.returncode != args.exit_code:
        print(f"error: exit code {result.returncode}, expected {args.exit_code}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
