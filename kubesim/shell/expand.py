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
from .braces import brace_expand
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
    for word in (w for typed in words for w in brace_expand(typed)):
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
    if part.op in ("index", "all", "count"):
        from . import cond

        if part.op == "all":
            return " ".join(cond.array_values(shell, part.name))
        if part.op == "count":
            return str(len(cond.array_values(shell, part.name)))
        try:
            index = evaluate(expand_word(shell, part.arg, io) or "0", shell.vars)
        except ArithError as exc:
            raise ExpansionError(str(exc)) from None
        return cond.element(shell, part.name, index)
    value = shell.lookup_param(part.name)
    if part.op == "length":
        return str(len(value or ""))
    if not part.op:
        return value or ""
    if part.op[0] in "#%/":
        return _pattern_op(part.op, value or "", expand_word(shell, part.arg, io))
    if part.op == "substring":
        return _substring(shell, value or "", expand_word(shell, part.arg, io))
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


# -- ${x#pattern}, ${x%pattern}, ${x/pattern/replacement} -----------------------------------

MAX_PATTERN_SUBJECT = 65_536


def _pattern_op(op: str, value: str, arg: str) -> str:
    if len(value) > MAX_PATTERN_SUBJECT:
        raise ExpansionError(f"value too long for a pattern operation "
                             f"(the limit is {MAX_PATTERN_SUBJECT:,} characters)")
    pattern, replacement = _split_replacement(arg) if op[0] == "/" else (arg, "")
    regex = _compile_glob(pattern)
    if regex is None:
        return value
    if op[0] == "/":
        count = 0 if op == "//" else 1
        return regex.sub(lambda _: replacement, value, count=count) if pattern else value
    cuts = range(len(value) + 1)
    if op == "#":
        return next((value[i:] for i in cuts if regex.fullmatch(value[:i])), value)
    if op == "##":
        return next((value[i:] for i in reversed(cuts) if regex.fullmatch(value[:i])), value)
    if op == "%":
        return next((value[:i] for i in reversed(cuts) if regex.fullmatch(value[i:])), value)
    return next((value[:i] for i in cuts if regex.fullmatch(value[i:])), value)


def _substring(shell: Shell, value: str, arg: str) -> str:
    """`${x:offset}` and `${x:offset:length}`; negative numbers count from the end."""
    offset_text, has_length, length_text = arg.partition(":")
    try:
        offset = evaluate(offset_text, shell.vars)
        length = evaluate(length_text, shell.vars) if has_length else len(value)
    except ArithError as exc:
        raise ExpansionError(str(exc)) from None
    start = max(len(value) + offset, 0) if offset < 0 else offset
    if length < 0:
        end = len(value) + length
        if end < start:
            raise ExpansionError(f"{length_text.strip()}: substring expression < 0")
        return value[start:end]
    return value[start:start + length]


def _split_replacement(arg: str) -> tuple[str, str]:
    """`pattern/replacement`, where `\\/` is a slash inside the pattern."""
    i = 0
    while i < len(arg):
        if arg[i] == "\\" and arg[i + 1:i + 2] == "/":
            arg = arg[:i] + arg[i + 1:]
        elif arg[i] == "/":
            return arg[:i], arg[i + 1:]
        i += 1
    return arg, ""


def _compile_glob(pattern: str):
    """A shell pattern (where `*` also matches `/`) as a leftmost-longest RE2 regex."""
    opts = re2.Options()
    opts.log_errors = False
    opts.longest_match = True
    try:
        return re2.compile(_glob_regex(pattern, slash=True), opts)
    except re2.error:
        return None


# -- globbing -----------------------------------------------------------------------------

def _glob(shell: Shell, field: Field) -> list[str]:
    text = "".join(t for t, _ in field)
    if not any(active and GLOB_CHARS & set(t) for t, active in field):
        return [text]
    pattern = "".join(_glob_regex(t) if active else re2.escape(t) for t, active in field)
    matches = _match_path(shell, text, pattern)
    return matches or [text]


def _glob_regex(text: str, slash: bool = False) -> str:
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "*":
            out.append(".*" if slash else "[^/]*")
        elif c == "?":
            out.append("." if slash else "[^/]")
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
