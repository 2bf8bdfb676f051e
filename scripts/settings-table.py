#!/usr/bin/env python3
"""Markdown tables of irc's settings and ISA flags, generated from the .def files.

    scripts/settings-table.py                  print the tables
    scripts/settings-table.py --update FILE    rewrite the tables between the markers in FILE
    scripts/settings-table.py --check FILE     fail if FILE's tables differ (a ctest runs this)

The markers are `<!-- generated: NAME -->` ... `<!-- end generated: NAME -->`, with NAME
one of settings, x86_64-flags, s390x-flags.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def macro_calls(text, names):
    """(name, [args]) for each call of one of `names`, args split at top-level commas."""
    pattern = re.compile(r"^\s*(%s)\(" % "|".join(names), re.M)
    for match in pattern.finditer(text):
        i, depth, args, current, in_string = match.end(), 1, [], "", False
        while depth:
            c = text[i]
            if in_string:
                current += c
                if c == "\\":
                    current += text[i + 1]
                    i += 1
                elif c == '"':
                    in_string = False
            elif c == '"':
                in_string = True
                current += c
            elif c == "(":
                depth += 1
                current += c
            elif c == ")":
                depth -= 1
                if depth:
                    current += c
            elif c == "," and depth == 1:
                args.append(current.strip())
                current = ""
            else:
                current += c
            i += 1
        args.append(current.strip())
        yield match.group(1), args


def unquote(s):
    return " ".join(part[1:-1] for part in re.findall(r'"(?:[^"\\]|\\.)*"', s))


def settings_table():
    text = (ROOT / "lib/codegen/Settings.def").read_text()
    enums = {}
    for _, (type_name, values) in macro_calls(text, ["ENUM_TYPE"]):
        enums[type_name] = [(e, t) for e, t in re.findall(r'VALUE\((\w+), "(\w+)"\)', values)]
    rows = ["| Setting | Values | Default | Meaning |", "|---|---|---|---|"]
    for kind, args in macro_calls(text, ["BOOL_SETTING", "ENUM_SETTING", "NUM_SETTING"]):
        name = args[0]
        if kind == "BOOL_SETTING":
            values, default, doc = "true, false", args[2], args[3]
        elif kind == "ENUM_SETTING":
            pairs = enums[args[2]]
            values = ", ".join(t for _, t in pairs)
            default = dict(pairs)[args[3]]
            doc = args[4]
        else:
            values, default, doc = f"{args[3]} to {args[4]}", args[2], args[5]
        rows.append(f"| `{name}` | {values} | `{default}` | {unquote(doc)} |")
    return "\n".join(rows)


def flags_table(isa):
    text = (ROOT / f"lib/target/{isa}/IsaFlags.def").read_text()
    rows = ["| Flag or preset | Meaning |", "|---|---|"]
    flag_names = {}
    for _, args in macro_calls(text, ["ISA_FLAG"]):
        flag_names[args[0]] = unquote(args[1])
        rows.append(f"| `{unquote(args[1])}` | {unquote(args[2])} |")
    presets = {"NoPreset": []}
    for _, args in macro_calls(text, ["ISA_PRESET"]):
        ident, name, base, flags, doc = args
        added = [flag_names[f] for f in re.findall(r"F\((\w+)\)", flags)]
        presets[ident] = presets[base] + [f for f in added if f not in presets[base]]
        members = ", ".join(presets[ident]) or "no flags"
        rows.append(f"| `{unquote(name)}` (preset) | {unquote(doc)} Sets: {members}. |")
    return "\n".join(rows)


def tables():
    return {
        "settings": settings_table(),
        "x86_64-flags": flags_table("x86_64"),
        "s390x-flags": flags_table("s390x"),
    }


def replaced(doc, generated):
    for name, table in generated.items():
        pattern = re.compile(
            r"(<!-- generated: %s -->\n).*?(<!-- end generated: %s -->)" % (name, name), re.S)
        if not pattern.search(doc):
            sys.exit(f"settings-table.py: no '<!-- generated: {name} -->' markers")
        doc = pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), doc)
    return doc


def main(argv):
    generated = tables()
    if len(argv) == 1:
        print("\n\n".join(generated.values()))
        return 0
    if len(argv) == 3 and argv[1] in ("--update", "--check"):
        path = pathlib.Path(argv[2])
        doc = path.read_text()
        new = replaced(doc, generated)
        if argv[1] == "--update":
            path.write_text(new)
            return 0
        if new != doc:
            print(f"{path}: the generated tables are out of date; run "
                  f"scripts/settings-table.py --update {path}", file=sys.stderr)
            return 1
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
