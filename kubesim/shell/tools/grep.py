"""`grep`, as GNU grep behaves, with patterns compiled by google-re2 (see regex.py).

Supported: -E -F -G -i -v -c -n -o -w -x -q -s -l -L -h -H -r/-R, -e PATTERN (repeatable), and
--color (accepted, ignored). Exit status 0 when a line is selected, 1 when none, 2 on error.
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
        "color": "color", "colour": "color", "color=": "color", "colour=": "color"}


def grep(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "EFGivcnowxqslLhHrRe:", LONG)
    except UsageError as exc:
        ctx.stderr.write(f"grep: {exc}\n{USAGE}")
        return 2
    flags = {k for k, _ in options}
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
    return _Search(ctx, regex, flags).run(operands)


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
    def __init__(self, ctx: Invocation, regex, flags: set[str]) -> None:
        self.ctx, self.regex, self.flags = ctx, regex, flags
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
        for number, line in enumerate(lines, 1):
            if (self.regex.search(line) is not None) == invert:
                continue
            count += 1
            if quiet or "c" in self.flags:
                if "q" in self.flags:
                    break
                continue
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
