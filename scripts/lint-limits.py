#!/usr/bin/env python3
"""The size limits of STYLE.md, checked: no Swift file over 400 lines, no line over 120
characters, no function (func, init, deinit, subscript, accessor, closure-bodied var) over 60
lines. A function may exceed the limit only when a comment `// lint: long (reason)` on its
declaration line or in the comment lines right above it says why (table-driven state machines, tables of data).

Usage: scripts/lint-limits.py [paths...] (default: Sources Tests). Exit status 1 on a violation.
The scanner skips comments and string literals (including multi-line and raw strings and
interpolations) so that braces inside them do not count."""

import re
import sys
from pathlib import Path

MAX_FILE, MAX_LINE, MAX_FUNC = 400, 120, 60
DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|open|static|class|final|"
                  r"override|mutating|nonmutating|convenience|required|nonisolated|@inlinable|@discardableResult)\s+)*"
                  r"(func\s+[^\s(<]+|init[?!]?\s*[(<]|deinit\b|subscript\s*[(<])")


def code_mask(text):
    """For each character: True if it is code (not in a comment or a string literal's text)."""
    mask = [True] * len(text)
    i, n = 0, len(text)
    # Stack of contexts: ("code", parens) for interpolations, ("str", hashes, multiline).
    stack = []
    while i < n:
        c = text[i]
        top = stack[-1] if stack else None
        if top is None or top[0] == "code":
            if text.startswith("//", i):
                j = text.find("\n", i)
                j = n if j < 0 else j
                for k in range(i, j): mask[k] = False
                i = j
                continue
            if text.startswith("/*", i):
                depth, j = 1, i + 2
                while j < n and depth:
                    if text.startswith("/*", j): depth += 1; j += 2
                    elif text.startswith("*/", j): depth -= 1; j += 2
                    else: j += 1
                for k in range(i, j): mask[k] = False
                i = j
                continue
            m = re.compile(r'(#*)("""|")').match(text, i)
            if m and (c == '"' or c == "#"):
                stack.append(["str", len(m.group(1)), m.group(2) == '"""'])
                i = m.end()
                continue
            if top is not None:
                if c == "(": top[1] += 1
                elif c == ")":
                    if top[1] == 0:
                        stack.pop(); i += 1; continue
                    top[1] -= 1
            i += 1
            continue
        # Inside a string literal.
        _, hashes, multi = top
        close = ('"""' if multi else '"') + "#" * hashes
        if text.startswith("\\" + "#" * hashes + "(", i):
            for k in range(i, i + 2 + hashes): mask[k] = False
            stack.append(["code", 0])
            i += 2 + hashes
            continue
        if c == "\\" and hashes == 0:
            mask[i] = False
            if i + 1 < n: mask[i + 1] = False
            i += 2
            continue
        if text.startswith(close, i):
            stack.pop()
            i += len(close)
            continue
        mask[i] = False
        i += 1
    return mask


def long_functions(text):
    mask = code_mask(text)
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    found = []
    for ln, line in enumerate(lines):
        m = DECL.match(line)
        if not m or not mask[starts[ln] + m.start(1)]:
            continue
        # The body starts at the first code `{` at or after the declaration, before any `;`/blank end.
        p = starts[ln] + m.end(1)
        depth, body_start, end_line = 0, None, None
        while p < len(text):
            ch = text[p]
            if mask[p]:
                if ch == "{":
                    depth += 1
                    if body_start is None: body_start = p
                elif ch == "}":
                    depth -= 1
                    if depth == 0 and body_start is not None:
                        end_line = text.count("\n", 0, p)
                        break
                elif body_start is None and ch == "\n" and DECL.match(text[p + 1:text.find("\n", p + 1)] or ""):
                    break  # a protocol requirement: no body
            p += 1
        if body_start is None or end_line is None:
            continue
        length = end_line - ln + 1
        if length > MAX_FUNC:
            # The excuse: on the declaration line, or in the comment lines right above it.
            above = ln - 1
            excuse = "lint: long" in line
            while not excuse and above >= 0 and lines[above].lstrip().startswith("//"):
                excuse = "lint: long" in lines[above]
                above -= 1
            if not excuse:
                found.append((ln + 1, length, m.group(1).strip()))
    return found


def main(paths):
    problems = []
    files = []
    for p in paths:
        p = Path(p)
        files += sorted(p.rglob("*.swift")) if p.is_dir() else [p]
    for f in files:
        text = f.read_text(encoding="utf-8")
        lines = text.split("\n")
        if len(lines) - (1 if text.endswith("\n") else 0) > MAX_FILE:
            problems.append(f"{f}: {len(lines) - 1} lines (at most {MAX_FILE})")
        for i, line in enumerate(lines):
            if len(line) > MAX_LINE:
                problems.append(f"{f}:{i + 1}: line of {len(line)} characters (at most {MAX_LINE})")
        for ln, length, name in long_functions(text):
            problems.append(f"{f}:{ln}: {name} is {length} lines (at most {MAX_FUNC}; or say why with '// lint: long (reason)')")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["Sources", "Tests"]))
