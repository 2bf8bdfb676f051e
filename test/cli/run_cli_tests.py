#!/usr/bin/env python3
"""Runs the irc binary on the cases of test/cli/cases.txt and compares, byte for byte, its
stdout, stderr and exit code with the expected ones.

    run_cli_tests.py --irc PATH [--case NAME]... [--bless]

A case is one line of cases.txt:  NAME | EXIT | ARGUMENTS [| OPTION...]
  ARGUMENTS   split like a shell would; irc runs in a scratch directory that holds
              `testdata` (a link to the repository's testdata) and `gen` (inputs made by
              the generators below, only those the case names), so every path the output
              shows is short and stable.
  OPTION      stdin=PATH    feed PATH to irc's stdin (default: empty)
              stdout=PATH   the expected stdout is the file PATH (e.g. a generated one)
Expected stdout and stderr live in testdata/cli/expected/NAME.out and NAME.err; a missing
file means "expected empty".

--bless writes the actual output into the expected files and the actual exit code into
cases.txt: review the diff before committing it.
"""
import argparse
import difflib
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = ROOT / "test/cli/cases.txt"
EXPECTED = ROOT / "testdata/cli/expected"

# --- Inputs generated at test time (too big or too odd to commit) -------------------------

SIMPLE_FUNCTION = b"""function %id(i32) -> i32 {
block0(v0: i32):
    return v0
}
"""

TWO_MB = 2 * 1024 * 1024
MANY = 200_000


def gen_nul_in_comment():
    return b"; a comment with a NUL \x00 byte in it\n" + SIMPLE_FUNCTION


def gen_nul_in_code():
    return b"function %f(i32) -> i32 {\nblock0(v0: i32):\n    v1 = iadd v0,\x00 v0\n    return v1\n}\n"


def gen_invalid_utf8_in_comment():
    return b"; bytes that are not UTF-8: \xff\xfe\xc3\x28 \xed\xa0\x80\n" + SIMPLE_FUNCTION


def gen_invalid_utf8_in_code():
    return b"function %f\xff\xfe(i32) -> i32 {\nblock0(v0: i32):\n    return v0\n}\n"


def gen_long_comment_line():
    """A 2 MB comment line before a valid function."""
    return b";" + b"x" * TWO_MB + b"\n" + SIMPLE_FUNCTION


def gen_long_line_error():
    """A 2 MB instruction line whose error is at its far end (the rendering clips it)."""
    return (b"function %f(i32) -> i32 {\nblock0(v0: i32):\n    v1 = iadd v0, v0"
            + b" " * TWO_MB + b"v0 $\n    return v1\n}\n")


def many_operands_text():
    """A jump with 200k arguments to a block with 200k parameters, in canonical form."""
    args = ", ".join(["v0"] * MANY)
    params = ", ".join(f"v{i}: i32" for i in range(1, MANY + 1))
    return (f"function %many(i32) -> i32 fast {{\nblock0(v0: i32):\n    jump block1({args})\n\n"
            f"block1({params}):\n    return v{MANY}\n}}\n").encode()


GENERATORS = {
    "nul-in-comment.clif": gen_nul_in_comment,
    "nul-in-code.clif": gen_nul_in_code,
    "invalid-utf8-in-comment.clif": gen_invalid_utf8_in_comment,
    "invalid-utf8-in-code.clif": gen_invalid_utf8_in_code,
    "long-comment-line.clif": gen_long_comment_line,
    "long-line-error.clif": gen_long_line_error,
    "many-operands.clif": many_operands_text,
}

# --- Cases --------------------------------------------------------------------------------


class Case:
    def __init__(self, line_number, name, exit_code, args, options):
        self.line_number = line_number
        self.name = name
        self.exit_code = exit_code
        self.args = args
        self.options = options


def read_cases():
    cases = []
    for number, line in enumerate(CASES.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) < 3:
            sys.exit(f"{CASES}:{number}: expected NAME | EXIT | ARGUMENTS [| OPTION...]")
        options = {}
        for option in fields[3:]:
            key, _, value = option.partition("=")
            if key not in ("stdin", "stdout") or not value:
                sys.exit(f"{CASES}:{number}: unknown option '{option}'")
            options[key] = value
        cases.append(Case(number, fields[0], int(fields[1]), shlex.split(fields[2]), options))
    names = [c.name for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit(f"{CASES}: duplicate case names: {', '.join(sorted(duplicates))}")
    return cases


def prepare_scratch(case, scratch):
    (scratch / "testdata").symlink_to(ROOT / "testdata")
    (scratch / "gen").mkdir()
    wanted = " ".join(case.args + list(case.options.values()))
    for name, generate in GENERATORS.items():
        if "gen/" + name in wanted:
            (scratch / "gen" / name).write_bytes(generate())


def show_diff(what, expected, actual):
    if len(expected) + len(actual) > 1_000_000:
        return (f"  {what} differs ({len(expected)} bytes expected, {len(actual)} actual; "
                f"first difference at byte "
                f"{next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b), min(len(expected), len(actual)))})\n")
    lines = difflib.unified_diff(
        expected.decode("utf-8", "backslashreplace").splitlines(keepends=True),
        actual.decode("utf-8", "backslashreplace").splitlines(keepends=True),
        f"expected {what}", f"actual {what}")
    text = "".join(list(lines)[:200])
    if expected.rstrip(b"\n") == actual.rstrip(b"\n"):
        text += "  (only the trailing newlines differ)\n"
    return text


def bless_exit_code(case, exit_code):
    lines = CASES.read_text().splitlines(keepends=True)
    fields = lines[case.line_number - 1].split("|")
    width = len(fields[1])
    fields[1] = f" {exit_code}".ljust(width)
    lines[case.line_number - 1] = "|".join(fields)
    CASES.write_text("".join(lines))


def write_expected(path, data):
    if data:
        path.write_bytes(data)
    elif path.exists():
        path.unlink()


def run_case(irc, case, bless):
    with tempfile.TemporaryDirectory(prefix="irc-cli-") as tmp:
        scratch = pathlib.Path(tmp)
        prepare_scratch(case, scratch)
        stdin = (scratch / case.options["stdin"]).read_bytes() if "stdin" in case.options else b""
        env = dict(os.environ, LC_ALL="C", COLUMNS="80")
        try:
            result = subprocess.run([irc] + case.args, cwd=scratch, input=stdin,
                                    capture_output=True, env=env, timeout=120)
        except subprocess.TimeoutExpired:
            return f"{case.name}: irc did not finish within 120 s\n"
        out_path = EXPECTED / f"{case.name}.out"
        err_path = EXPECTED / f"{case.name}.err"
        if "stdout" in case.options:
            expected_out = (scratch / case.options["stdout"]).read_bytes()
        else:
            expected_out = out_path.read_bytes() if out_path.exists() else b""
        expected_err = err_path.read_bytes() if err_path.exists() else b""

    if bless:
        EXPECTED.mkdir(parents=True, exist_ok=True)
        if "stdout" not in case.options:
            write_expected(out_path, result.stdout)
        write_expected(err_path, result.stderr)
        if result.returncode != case.exit_code:
            bless_exit_code(case, result.returncode)
        return ""

    report = ""
    if result.returncode != case.exit_code:
        report += f"  exit code {result.returncode}, expected {case.exit_code}\n"
    if result.stdout != expected_out:
        report += show_diff("stdout", expected_out, result.stdout)
    if result.stderr != expected_err:
        report += show_diff("stderr", expected_err, result.stderr)
    if report:
        command = shlex.join(["irc"] + case.args)
        report = f"{case.name} ({CASES.name}:{case.line_number}): {command}\n" + report
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--irc", required=True, help="the irc binary")
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument("--bless", action="store_true", help="rewrite the expected output")
    parser.add_argument("--list", action="store_true", help="print the case names")
    options = parser.parse_args()

    cases = read_cases()
    if options.list:
        print("\n".join(c.name for c in cases))
        return 0
    if options.case:
        known = {c.name for c in cases}
        unknown = [n for n in options.case if n not in known]
        if unknown:
            sys.exit(f"unknown case(s): {', '.join(unknown)}")
        cases = [c for c in cases if c.name in options.case]

    irc = str(pathlib.Path(options.irc).resolve())
    failures = 0
    for case in cases:
        report = run_case(irc, case, options.bless)
        if report:
            failures += 1
            sys.stdout.write(report)
    if not options.bless:
        print(f"{len(cases) - failures} of {len(cases)} CLI test(s) passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
