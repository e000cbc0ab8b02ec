"""POSIX regular expressions (basic and extended) on google-re2, a linear-time engine.

Every pattern a learner supplies to grep, sed or awk goes through `compile_posix`, so no
pattern can hang a worker (DESIGN.md, "Limits"). Basic syntax (`\\(`, `\\{n\\}`, `\\|`, literal
`+ ? ( ) { } |`) is translated to RE2's syntax; matching is leftmost-longest as POSIX wants.
RE2 has no back-references (`\\1` inside a pattern): such patterns are refused with a message.
"""

from __future__ import annotations

import re2

CLASS_NAMES = ("alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "print",
               "graph", "cntrl", "xdigit")


class PatternError(Exception):
    pass


def options(ignore_case: bool = False) -> re2.Options:
    opts = re2.Options()
    opts.log_errors = False
    opts.longest_match = True
    opts.case_sensitive = not ignore_case
    return opts


def compile_re(pattern: str, ignore_case: bool = False):
    """Compile RE2 syntax; errors become `PatternError` with RE2's explanation."""
    try:
        return re2.compile(pattern, options(ignore_case))
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        detail = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
        if "invalid escape sequence: \\" in detail and detail[-1:].isdigit():
            detail = "back-references are not supported (patterns run on a linear-time engine)"
        raise PatternError(detail) from None


def compile_posix(pattern: str, extended: bool, ignore_case: bool = False,
                  escapes_in_brackets: bool = False):
    return compile_re(translate(pattern, extended, escapes_in_brackets), ignore_case)


def translate(pattern: str, extended: bool, escapes_in_brackets: bool = False) -> str:
    """POSIX BRE/ERE text to RE2 syntax."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "[":
            text, i = _bracket(pattern, i, escapes_in_brackets)
            out.append(text)
            continue
        if c == "\\" and i + 1 < len(pattern):
            out.append(_escaped(pattern[i + 1], extended))
            i += 2
            continue
        out.append(_plain(c, extended, out))
        i += 1
    return "".join(out)


def _escaped(char: str, extended: bool) -> str:
    if char in "<>":
        return r"\b"
    if not extended and char in "(){}|+?":
        return char  # \( in a basic pattern is a group
    if char.isdigit() and char != "0":
        raise PatternError("back-references are not supported "
                           "(patterns run on a linear-time engine)")
    if char in "wWsSbB":
        return "\\" + char
    if char == "n":
        return r"\n"
    if char == "t":
        return r"\t"
    return re2.escape(char)


def _plain(char: str, extended: bool, out: list[str]) -> str:
    if not extended and char in "(){}|+?":
        return "\\" + char  # literal in a basic pattern
    if char == "*" and (not out or out[-1] in ("^", "(", "|")):
        return r"\*"  # a leading star is literal in POSIX
    if char == "{" and extended:
        return "{"
    return char


def _bracket(pattern: str, start: int, escapes: bool) -> tuple[str, int]:
    """A bracket expression, copied with RE2's escaping; `]` first is a member."""
    i = start + 1
    out = ["["]
    if pattern[i:i + 1] == "^":
        out.append("^")
        i += 1
    first = True
    while i < len(pattern):
        c = pattern[i]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), i + 1
        if c == "[" and pattern[i + 1:i + 2] in (":", ".", "="):
            close = pattern.find(pattern[i + 1] + "]", i + 2)
            if close < 0:
                raise PatternError("unterminated character class")
            name = pattern[i + 2:close]
            if pattern[i + 1] == ":" and name not in CLASS_NAMES:
                raise PatternError("invalid character class")
            out.append(pattern[i:close + 2] if pattern[i + 1] == ":" else re2.escape(name))
            i = close + 2
        elif c == "\\" and escapes and i + 1 < len(pattern):
            out.append("\\" + pattern[i + 1] if pattern[i + 1] in "nt]\\-^" else
                       re2.escape(pattern[i + 1]))
            i += 2
        else:
            out.append("\\" + c if c in "\\[]" else c)
            i += 1
        first = False
    raise PatternError("brackets ([ ]) not balanced" if not escapes else
                       "unterminated [ in regular expression")


def posix_matches(regex, text: str):
    """Matches for a global substitution as sed and awk find them: an empty match right after
    the previous match is skipped (`s/a*/x/g` on `baaac` gives `xbxcx`)."""
    previous_end = -1
    for match in regex.finditer(text):
        if match.start() == match.end() == previous_end:
            continue
        previous_end = match.end()
        yield match
