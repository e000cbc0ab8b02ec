"""`grep`, as GNU grep behaves, with patterns compiled by google-re2 (see regex.py).

Supported: -E -F -G -i -v -c -n -o -w -x -q -s -l -L -h -H -r/-R, -e PATTERN (repeatable),
-A/-B/-C NUM context (with GNU's `--` between groups and `-` after context line prefixes),
-m NUM, and --color (accepted, ignored). Exit status 0 when a line is selected, 1 when none, 2 on error.
"""

from __future__ import annotations

import re2

from ..fs import FSError
from ..registry import CommandRegistry, Invocation
from .options import UsageError, getopt
from .regex import PatternError, compile_re, translate

USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
LONG = {"extended-regexp": "E", "fixed-strings": "F", "basic-regexp": "G", "ignore-case": "i",
        "invert-match": "v", "count": "c", "line-number": "n", "only-matching": "o",
        "word-regexp": "w", "line-regexp": "x", "quiet": "q", "silent": "q",
        "no-messages": "s", "files-with-matches": "l", "files-without-match": "L",
        "no-filename": "h", "with-filename": "H", "recursive": "r", "regexp=": "e",
        "after-context=": "A", "before-context=": "B", "context=": "C", "max-count=": "m",
        "color": "color", "colour": "color", "color=": "color", "colour=": "color"}


def grep(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "EFGivcnowxqslLhHrRe:A:B:C:m:", LONG)
        numbers = _numbers(options)
    except UsageError as exc:
        ctx.stderr.write(f"grep: {exc}\n{USAGE}")
        return 2
    flags = {k for k, _ in options if k not in numbers}
    patterns = [v for k, v in options if k == "e"]
    if not patterns:
        if not operands:
            ctx.stderr.write(USAGE)
            return 2
        patterns = [operands.pop(0)]
    try:
        regex = _compile(patterns, flags)
    except PatternError as exc:
        ctx.stderr.write(f"grep: {exc}\n")
        return 2
    return _Search(ctx, regex, flags, numbers).run(operands)


def _numbers(options) -> dict[str, int]:
    """-A/-B/-C/-m values; -C sets both sides unless -A or -B say otherwise."""
    found = {}
    for key, value in options:
        if key in "ABCm" and value is not None:
            if not value.isdigit():
                kind = "context length" if key in "ABC" else "max count"
                raise UsageError(f"{value}: invalid {kind} argument")
            found[key] = int(value)
    if "C" in found:
        found.setdefault("A", found["C"])
        found.setdefault("B", found["C"])
    return found


def _compile(patterns: list[str], flags: set[str]):
    pieces = [p for pattern in patterns for p in pattern.split("\n")]
    if "F" in flags:
        alternatives = [re2.escape(p) for p in pieces]
    else:
        alternatives = [translate(p, extended="E" in flags) for p in pieces]
    body = "|".join(f"(?:{a})" for a in alternatives)
    if "x" in flags:
        body = f"^(?:{body})$"
    elif "w" in flags:
        body = rf"(?:^|\b)(?:{body})(?:\b|$)"
    return compile_re(body, ignore_case="i" in flags)


class _Search:
    def __init__(self, ctx: Invocation, regex, flags: set[str], numbers: dict[str, int] | None = None) -> None:
        self.ctx, self.regex, self.flags = ctx, regex, flags
        self.after, self.before = (numbers or {}).get("A", 0), (numbers or {}).get("B", 0)
        self.max_count = (numbers or {}).get("m")
        self.error = False
        self.selected = False

    def run(self, operands: list[str]) -> int:
        recursive = bool(self.flags & {"r", "R"})
        implicit = recursive and not operands  # `grep -r x` names files without ./
        files = list(self._files(operands or (["."] if recursive else []), recursive, implicit))
        show_names = "H" in self.flags or (
            "h" not in self.flags and (len(files) > 1 or recursive))
        for name in files:
            if self._search(name, show_names) and "q" in self.flags:
                return 0
        if self.error and not ("q" in self.flags and self.selected):
            return 2
        return 0 if self.selected else 1

    def _files(self, operands: list[str], recursive: bool, implicit: bool):
        for operand in operands or ["-"]:
            if recursive and operand != "-" and self.ctx.fs.is_dir(operand, self.ctx.cwd):
                root = self.ctx.path(operand)
                for path in self.ctx.fs.walk_files(root):
                    yield _display(None if implicit else operand, path, root)
            else:
                yield operand

    def _read(self, name: str) -> bytes | None:
        if name == "-":
            return self.ctx.stdin
        try:
            return self.ctx.fs.read(name, self.ctx.cwd)
        except FSError as exc:
            if "s" not in self.flags:
                self.ctx.stderr.write(f"grep: {name}: {exc.strerror}\n")
            self.error = True
            return None

    def _context_line(self, prefix: str, number: int, line: str, last_shown: int) -> int:
        """A context line: `-` where a selected line has `:` (GNU grep)."""
        if last_shown and number > last_shown + 1:
            self.ctx.stdout.write("--\n")
        shown = prefix[:-1] + "-" if prefix else ""
        self.ctx.stdout.write(f"{shown}{number}-{line}\n" if "n" in self.flags else f"{shown}{line}\n")
        return number

    def _search(self, name: str, show_names: bool) -> bool:
        data = self._read(name)
        if data is None:
            return False
        shown = "(standard input)" if name == "-" else name
        prefix = f"{shown}:" if show_names else ""
        count, out = 0, self.ctx.stdout
        invert, quiet = "v" in self.flags, bool(self.flags & {"q", "l", "L"})
        text = data.decode(errors="replace")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        context = (self.after or self.before) and not quiet and "c" not in self.flags and "o" not in self.flags
        last_shown, pending_after = 0, 0
        for number, line in enumerate(lines, 1):
            if self.max_count is not None and count >= self.max_count:
                if context and pending_after:
                    last_shown = self._context_line(prefix, number, line, last_shown)
                    pending_after -= 1
                    continue
                break
            if (self.regex.search(line) is not None) == invert:
                if context and pending_after:
                    last_shown = self._context_line(prefix, number, line, last_shown)
                    pending_after -= 1
                continue
            count += 1
            if quiet or "c" in self.flags:
                if "q" in self.flags:
                    break
                continue
            if context:
                first = max(last_shown + 1, number - self.before)
                if last_shown and first > last_shown + 1:
                    out.write("--\n")
                for before in range(first, number):
                    self._context_line(prefix, before, lines[before - 1], before - 1)
                pending_after = self.after
                last_shown = number
            line_prefix = prefix + (f"{number}:" if "n" in self.flags else "")
            if "o" in self.flags and not invert:
                for match in self.regex.finditer(line):
                    if match.group(0):
                        out.write(f"{line_prefix}{match.group(0)}\n")
            elif "o" not in self.flags:
                out.write(f"{line_prefix}{line}\n")
        self.selected = self.selected or count > 0
        if "c" in self.flags and not self.flags & {"q", "l", "L"}:
            out.write(f"{prefix}{count}\n")
        if "l" in self.flags and count:
            out.write(f"{shown}\n")
        if "L" in self.flags and not count:
            out.write(f"{shown}\n")
        return count > 0


def _display(operand: str | None, path: str, root: str) -> str:
    """How grep -r names a file: under the operand as the learner wrote it."""
    relative = path[len(root):].lstrip("/")
    if operand is None:
        return relative
    return f"{operand.rstrip('/')}/{relative}"


def register(registry: CommandRegistry) -> None:
    registry.register("grep", grep, path="/usr/bin/grep")
    registry.register("egrep", lambda ctx: grep(_with_flag(ctx, "-E")))
    registry.register("fgrep", lambda ctx: grep(_with_flag(ctx, "-F")))


def _with_flag(ctx: Invocation, flag: str) -> Invocation:
    ctx.argv = ["grep", flag] + ctx.argv[1:]
    return ctx
