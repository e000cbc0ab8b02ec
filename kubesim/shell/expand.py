"""Word expansion: parameters, `~`, `$(...)`, `$((...))`, field splitting and globbing.

`expand_words` turns a command's words into its argv as bash does: unquoted expansions are split
on blanks and newlines (IFS), words with unquoted `*`, `?` or `[` are matched against the virtual
filesystem (left as they are when nothing matches), and unquoted empty expansions vanish.
`expand_word` gives one string with no splitting or globbing (assignments, redirections,
here-documents).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re2

from .arith import ArithError, evaluate
from .nodes import Arith, CmdSub, Lit, Param, Tilde, Word
from .registry import ShellLimit

if TYPE_CHECKING:
    from .interp import Shell
    from .registry import Streams

IFS = " \t\n"
GLOB_CHARS = frozenset("*?[")
# What one command's words may expand to: `x=$x$x` in a loop must not exhaust memory.
MAX_EXPANSION = 4 * 1024 * 1024


class ExpansionError(Exception):
    """An expansion that fails the command (`${x:?}`, a bad arithmetic expression)."""


# A field is a list of (text, active) segments; active text is unquoted, so globbing applies.
Field = list[tuple[str, bool]]


def expand_word(shell: Shell, word: Word, io: Streams) -> str:
    values, total = [], 0
    for part in word.parts:
        values.append(_part_value(shell, part, io))
        total = _measure(total, values[-1])
    return "".join(values)


def _measure(total: int, value: str) -> int:
    total += len(value)
    if total > MAX_EXPANSION:
        raise ShellLimit(f"expansion too large: a command's words may hold at most "
                         f"{MAX_EXPANSION:,} characters")
    return total


def expand_words(shell: Shell, words: tuple[Word, ...], io: Streams) -> list[str]:
    argv: list[str] = []
    total = 0
    for word in words:
        for field, keep in _fields(shell, word, io):
            total = _measure(total, "".join(text for text, _ in field))
            if not field and not keep:
                continue
            argv.extend(_glob(shell, field))
    return argv


def _fields(shell: Shell, word: Word, io: Streams) -> list[tuple[Field, bool]]:
    """The fields of one word; `keep` marks fields that exist even when empty ("" or '')."""
    fields: list[tuple[Field, bool]] = [([], False)]
    total = 0
    for part in word.parts:
        if isinstance(part, Param) and part.quoted and part.name == "@" and not part.op:
            _append_positional(shell, fields)
            continue
        value = _part_value(shell, part, io)
        total = _measure(total, value)
        current, keep = fields[-1]
        if part.quoted or isinstance(part, (Lit, Tilde)):
            fields[-1] = (current + [(value, isinstance(part, Lit) and not part.quoted)],
                          keep or part.quoted or isinstance(part, Tilde))
            continue
        _append_split(fields, value)
    return fields


def _append_split(fields: list[tuple[Field, bool]], value: str) -> None:
    """Add an unquoted expansion's value, starting a new field at each run of blanks."""
    pieces = _split_ifs(value)
    if not pieces:
        if value:  # only blanks: ends the current field
            fields.append(([], False))
        return
    leading, trailing = value[0] in IFS, value[-1] in IFS
    current, keep = fields[-1]
    if leading and (current or keep):
        fields.append(([], False))
        current, keep = fields[-1]
    fields[-1] = (current + [(pieces[0], True)], keep)
    for piece in pieces[1:]:
        fields.append(([(piece, True)], False))
    if trailing:
        fields.append(([], False))


def _append_positional(shell: Shell, fields: list[tuple[Field, bool]]) -> None:
    """"$@": one field per positional parameter, joined to the text around it."""
    params = shell.positional
    if not params:
        return
    current, _ = fields[-1]
    fields[-1] = (current + [(params[0], False)], True)
    for param in params[1:]:
        fields.append(([(param, False)], True))


def _split_ifs(value: str) -> list[str]:
    return value.split()


def _part_value(shell: Shell, part, io: Streams) -> str:
    if isinstance(part, Lit):
        return part.text
    if isinstance(part, Tilde):
        return shell.vars.get("HOME", shell.fs.home)
    if isinstance(part, Param):
        return _param_value(shell, part, io)
    if isinstance(part, CmdSub):
        return shell.substitute(part.body, io)
    if isinstance(part, Arith):
        text = expand_word(shell, part.expr, io)
        try:
            return str(evaluate(text, shell.vars))
        except ArithError as exc:
            raise ExpansionError(str(exc)) from None
    raise TypeError(part)


def _param_value(shell: Shell, part: Param, io: Streams) -> str:
    value = shell.lookup_param(part.name)
    if part.op == "#":
        return str(len(value or ""))
    if not part.op:
        return value or ""
    unset = value is None or (part.op.startswith(":") and value == "")
    op = part.op.lstrip(":")
    if op == "-":
        return expand_word(shell, part.arg, io) if unset else value
    if op == "=":
        if unset:
            value = expand_word(shell, part.arg, io)
            shell.vars[part.name] = value
        return value
    if op == "+":
        return "" if unset else expand_word(shell, part.arg, io)
    if op == "?" and unset:
        message = expand_word(shell, part.arg, io) or "parameter null or not set"
        raise ExpansionError(f"{part.name}: {message}")
    return value or ""


# -- globbing -----------------------------------------------------------------------------

def _glob(shell: Shell, field: Field) -> list[str]:
    text = "".join(t for t, _ in field)
    if not any(active and GLOB_CHARS & set(t) for t, active in field):
        return [text]
    pattern = "".join(_glob_regex(t) if active else re2.escape(t) for t, active in field)
    matches = _match_path(shell, text, pattern)
    return matches or [text]


def _glob_regex(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and "]" in text[i + 2:] or c == "[" and text[i + 1:i + 2] == "]":
            end = text.index("]", i + 2) if "]" in text[i + 2:] else text.index("]", i + 1)
            body = text[i + 1:end]
            negate = body[:1] in ("!", "^")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re2.escape(c))
        i += 1
    return "".join(out)


def _match_path(shell: Shell, text: str, pattern: str) -> list[str]:
    """Paths matching a pattern (regex over the whole path), walking only the needed depth."""
    absolute = text.startswith("/")
    depth = text.strip("/").count("/") + 1
    base = "/" if absolute else shell.cwd
    try:
        regex = re2.compile(pattern)
    except re2.error:
        return []
    hidden_ok = [seg.startswith(".") for seg in text.strip("/").split("/")]
    found: list[str] = []
    frontier = [("/" if absolute else "", base)]
    for level in range(depth):
        next_frontier = []
        for shown, real in frontier:
            if not shell.fs.is_dir(real):
                continue
            for name in shell.fs.listdir(real):
                if name.startswith(".") and not hidden_ok[level]:
                    continue
                shown_child = f"{shown}{name}" if shown in ("", "/") else f"{shown}/{name}"
                next_frontier.append((shown_child, f"{real.rstrip('/')}/{name}"))
        frontier = next_frontier
    for shown, _ in frontier:
        if regex.fullmatch(shown):
            found.append(shown)
    return sorted(found)
