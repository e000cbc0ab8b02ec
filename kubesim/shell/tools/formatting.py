"""printf-style formatting and backslash escapes, shared by `echo -e`, `printf` and awk.

Python's `%` operator does the conversions once the C-style specification has been checked;
widths and precisions are capped so that a format cannot allocate without bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# A fixed pattern of ours, not a learner's: stdlib re is safe here and much faster than the
# re2 wrapper on short strings. Learners' patterns always go through regex.py (RE2).
SPEC = re.compile(r"%([-+ #0]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?([diouxXeEfFgGscbq%])")
MAX_WIDTH = 10_000
SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n",
                  "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"', "'": "'"}


def unescape(text: str, octal_needs_zero: bool = True) -> tuple[str, bool]:
    """Interpret backslash escapes; returns the text and whether `\\c` asked to stop output.

    `echo -e` and `%b` write octal as `\\0nnn`; a printf format writes it as `\\nnn`.
    """
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 >= len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "c":
            return "".join(out), True
        if nxt in SIMPLE_ESCAPES and not (nxt in "\"'" and octal_needs_zero):
            out.append(SIMPLE_ESCAPES[nxt])
            i += 2
        elif nxt == "x":
            digits = _take(text, i + 2, "0123456789abcdefABCDEF", 2)
            out.append(byte_char(int(digits, 16)) if digits else "\\x")
            i += 2 + len(digits)
        elif nxt in "01234567" and (nxt == "0" or not octal_needs_zero):
            start = i + 2 if octal_needs_zero else i + 1
            digits = _take(text, start, "01234567", 3)
            out.append(byte_char(int(digits or "0", 8) & 0xFF))
            i = start + len(digits)
        else:
            out.append("\\" + nxt)
            i += 2
    return "".join(out), False


def byte_char(value: int) -> str:
    """One raw byte as text: bytes over 0x7f become surrogates that encode back to themselves
    (streams encode with `surrogateescape`), so `printf '\\xff'` writes the byte 0xff."""
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def _take(text: str, start: int, allowed: str, limit: int) -> str:
    end = start
    while end < len(text) and end - start < limit and text[end] in allowed:
        end += 1
    return text[start:end]


def to_int(text: str, report: Callable[[str], None]) -> int:
    """A printf integer argument: decimal, 0x hex, 0 octal, or 'c (a character's code)."""
    stripped = text.strip()
    if stripped[:1] in ("'", '"') and len(stripped) > 1:
        return ord(stripped[1])
    try:
        if stripped.lower().lstrip("+-").startswith("0x"):
            return int(stripped, 16)
        if stripped.lstrip("+-").startswith("0") and len(stripped.lstrip("+-")) > 1:
            return int(stripped, 8)
        return int(stripped or "0")
    except ValueError:
        report(f"{text}: invalid number")
        digits = _take(stripped, 1 if stripped[:1] in "+-" else 0, "0123456789", 20)
        return int((stripped[:1] if stripped[:1] == "-" else "") + (digits or "0"))


def to_float(text: str, report: Callable[[str], None]) -> float:
    stripped = text.strip()
    if stripped[:1] in ("'", '"') and len(stripped) > 1:
        return float(ord(stripped[1]))
    try:
        return float(stripped or "0")
    except ValueError:
        report(f"{text}: invalid number")
        return 0.0


def format_one(flags: str, width: str, precision: str | None, conv: str, arg: str,
               report: Callable[[str], None]) -> tuple[str, bool]:
    """One conversion; returns the text and whether `%b`'s `\\c` asked to stop."""
    if int(width or 0) > MAX_WIDTH or int(precision or 0) > MAX_WIDTH:
        report("field width or precision too large")
        width, precision = "", None
    spec = f"%{flags}{width}" + (f".{precision}" if precision is not None else "")
    if conv in "diouxX":
        return (spec + ("d" if conv in "iu" else conv)) % to_int(arg, report), False
    if conv in "eEfFgG":
        return (spec + conv) % to_float(arg, report), False
    if conv == "c":
        return (spec + "s") % arg[:1], False
    if conv == "b":
        text, stop = unescape(arg)
        return (spec + "s") % text, stop
    if conv == "q":
        return (spec + "s") % shell_quote(arg), False
    return (spec + "s") % arg, False


def shell_quote(text: str) -> str:
    """`printf %q` as bash writes it: backslashes before special characters."""
    if not text:
        return "''"
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        body = "".join(f"\\x{ord(c):02x}" if ord(c) < 32 or ord(c) == 127 else
                       ("\\" + c if c in "'\\" else c) for c in text)
        return f"$'{body}'"
    return "".join(c if c.isalnum() or c in "@%+=:,./-_" or ord(c) > 127 else "\\" + c
                   for c in text)


def printf(fmt: str, args: list[str], report: Callable[[str], None]) -> str:
    """bash's printf: the format is reused until every argument is consumed."""
    out: list[str] = []
    args = list(args)
    while True:
        consumed_any = False
        pos = 0
        while pos < len(fmt):
            match = SPEC.search(fmt, pos)
            end = match.start() if match else len(fmt)
            text, stop = unescape(fmt[pos:end], octal_needs_zero=False)
            out.append(text)
            if stop or not match:
                if stop:
                    return "".join(out)
                break
            flags, width, precision, conv = match.groups()
            pos = match.end()
            if conv == "%":
                out.append("%")
                continue
            if width == "*":
                width = str(to_int(args.pop(0), report)) if args else ""
                consumed_any = True
            if precision == "*":
                precision = str(to_int(args.pop(0), report)) if args else ""
                consumed_any = True
            if args:
                consumed_any = True
            arg = args.pop(0) if args else ("" if conv in "sbcq" else "0")
            text, stop = format_one(flags, width, precision, conv, arg, report)
            out.append(text)
            if stop:
                return "".join(out)
        if not args or not consumed_any:
            return "".join(out)
