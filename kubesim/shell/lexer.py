"""The lexer of the command language: characters to tokens, with words already split into parts.

Quoting is resolved here (a word is a tuple of `Lit`, `Param`, `CmdSub`, ... parts that remember
whether they were quoted). Here-documents are read here too: when the lexer meets `<<EOF` it
reads the body from the lines that follow the current line, and jumps over them when it reaches
that line's end, so the parser sees a here-document as one token that carries its body.

Limitation: the body is taken to start after the next newline character, so a quoted string
that spans lines after `<<EOF` on the same line is not supported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .nodes import Arith, CmdSub, Lit, Param, Part, Tilde, Word

METACHARS = frozenset(" \t\n|&;()<>")
# Longest first, so that `<<<` wins over `<<` and `<`.
OPERATORS = ("<<<", "<<-", "&>>", "<<", ">>", "&&", "||", ";;", ">&", "<&", "&>", ">|", "|&",
             "|", "&", ";", "(", ")", "<", ">")
SPECIAL_PARAMS = frozenset("?#@*$!-0")
MAX_NESTING = 64


class ShellSyntaxError(Exception):
    """A line the shell refuses to run; the message is worded as bash words it (no prefix)."""


def near(token_text: str) -> ShellSyntaxError:
    return ShellSyntaxError(f"syntax error near unexpected token `{token_text}'")


def unexpected_eof() -> ShellSyntaxError:
    return ShellSyntaxError("syntax error: unexpected end of file")


def unmatched(quote: str) -> ShellSyntaxError:
    return ShellSyntaxError(f"unexpected EOF while looking for matching `{quote}'")


def is_name(text: str) -> bool:
    return bool(text) and (text[0].isalpha() or text[0] == "_") and all(
        c.isalnum() or c == "_" for c in text) and text.isascii()


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "op", "ionum", "newline", "eof"
    text: str  # what the learner typed (used in error messages)
    word: Word | None = None


class _Parts:
    """Collects parts of a word, merging adjacent literals of the same quoting."""

    def __init__(self) -> None:
        self.parts: list[Part] = []

    def text(self, text: str, quoted: bool) -> None:
        last = self.parts[-1] if self.parts else None
        if isinstance(last, Lit) and last.quoted == quoted:
            self.parts[-1] = Lit(last.text + text, quoted)
        else:
            self.parts.append(Lit(text, quoted))

    def add(self, part: Part) -> None:
        self.parts.append(part)

    def unquoted_prefix(self) -> str | None:
        if len(self.parts) == 1 and isinstance(self.parts[0], Lit) and not self.parts[0].quoted:
            return self.parts[0].text
        return "" if not self.parts else None


class Lexer:
    def __init__(self, src: str, pos: int = 0, depth: int = 0) -> None:
        self.src = src
        self.pos = pos
        self.depth = depth
        self.heredoc_end: int | None = None  # where the pending here-document bodies end
        self.warnings: list[str] = []

    # -- tokens ---------------------------------------------------------------------------

    def next_token(self) -> Token:
        self._skip_blanks()
        src, pos = self.src, self.pos
        if pos >= len(src):
            return Token("eof", "")
        c = src[pos]
        if c == "#":
            while self.pos < len(src) and src[self.pos] != "\n":
                self.pos += 1
            return self.next_token()
        if c == "\n":
            self.pos += 1
            if self.heredoc_end is not None:
                self.pos, self.heredoc_end = self.heredoc_end, None
            return Token("newline", "newline")
        for op in OPERATORS:
            if src.startswith(op, pos):
                self.pos += len(op)
                if op in ("<<", "<<-"):
                    return Token("op", op, self._read_heredoc(strip_tabs=op == "<<-"))
                return Token("op", op)
        start = pos
        word = self.read_word()
        raw = src[start:self.pos]
        if raw.isdigit() and self.pos < len(src) and src[self.pos] in "<>":
            return Token("ionum", raw)
        return Token("word", raw, word)

    def _skip_blanks(self) -> None:
        src = self.src
        while self.pos < len(src):
            if src[self.pos] in " \t":
                self.pos += 1
            elif src.startswith("\\\n", self.pos):
                self.pos += 2
            else:
                break

    # -- words ----------------------------------------------------------------------------

    def read_word(self) -> Word:
        src = self.src
        parts = _Parts()
        while self.pos < len(src) and src[self.pos] not in METACHARS:
            c = src[self.pos]
            if c == "'":
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise unmatched("'")
                parts.text(src[self.pos + 1:end], True)
                self.pos = end + 1
            elif c == '"':
                self.pos += 1
                self._read_dquoted(parts)
            elif c == "\\":
                self._read_backslash(parts)
            elif c == "$" and src.startswith("$'", self.pos):
                parts.text(self._read_ansi_c(), True)
            elif c == "$":
                self._read_dollar(parts, quoted=False)
            elif c == "`":
                parts.add(self._read_backquote(quoted=False))
            elif c == "~" and self._tilde_allowed(parts):
                parts.add(Tilde())
                self.pos += 1
            else:
                parts.text(c, False)
                self.pos += 1
        return Word(tuple(parts.parts))

    def read_regex(self) -> Word:
        """The right side of `=~` in `[[ ]]`: up to a blank outside parentheses and quotes.
        Quoted parts match literally (their Lit parts are quoted)."""
        self._skip_blanks()
        src = self.src
        parts = _Parts()
        depth = 0
        while self.pos < len(src):
            c = src[self.pos]
            if c in " \t\n" and depth == 0:
                break
            if c == "'":
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise unmatched("'")
                parts.text(src[self.pos + 1:end], True)
                self.pos = end + 1
            elif c == '"':
                self.pos += 1
                self._read_dquoted(parts)
            elif c == "\\" and self.pos + 1 < len(src):
                parts.text(src[self.pos + 1], True)
                self.pos += 2
            elif c == "$" and src[self.pos + 1:self.pos + 2] not in ("", ")", "|", " "):
                self._read_dollar(parts, quoted=False)
            else:
                depth += (c == "(") - (c == ")")
                parts.text(c, False)
                self.pos += 1
        return Word(tuple(parts.parts))

    def _read_ansi_c(self) -> str:
        """`$'...'`: a single-quoted string with backslash escapes (`$'a\\tb'`)."""
        from .tools.formatting import unescape  # the tools import the shell; import late

        src, end = self.src, self.pos + 2
        while end < len(src) and src[end] != "'":
            end += 2 if src[end] == "\\" else 1
        if end >= len(src):
            raise unmatched("'")
        text, _ = unescape(src[self.pos + 2:end], octal_needs_zero=False)
        self.pos = end + 1
        return text

    def _tilde_allowed(self, parts: _Parts) -> bool:
        """`~` expands at a word's start or right after `NAME=` (assignments), before / or end."""
        prefix = parts.unquoted_prefix()
        at_start = prefix == "" or (
            prefix is not None and prefix.endswith("=") and is_name(prefix[:-1]))
        nxt = self.src[self.pos + 1:self.pos + 2]
        return at_start and (nxt == "" or nxt == "/" or nxt == ":" or nxt in METACHARS)

    def _read_backslash(self, parts: _Parts) -> None:
        nxt = self.src[self.pos + 1:self.pos + 2]
        if nxt == "\n":
            self.pos += 2  # line continuation
        elif nxt == "":
            parts.text("\\", False)
            self.pos += 1
        else:
            parts.text(nxt, True)
            self.pos += 2

    def _read_dquoted(self, parts: _Parts) -> None:
        src = self.src
        while True:
            if self.pos >= len(src):
                raise unmatched('"')
            c = src[self.pos]
            if c == '"':
                self.pos += 1
                if not parts.parts:
                    parts.text("", True)  # "" is an empty argument, not nothing
                return
            if c == "\\":
                nxt = src[self.pos + 1:self.pos + 2]
                if nxt in ('"', "\\", "$", "`"):
                    parts.text(nxt, True)
                    self.pos += 2
                elif nxt == "\n":
                    self.pos += 2
                else:
                    parts.text("\\", True)
                    self.pos += 1
            elif c == "$":
                self._read_dollar(parts, quoted=True)
            elif c == "`":
                parts.add(self._read_backquote(quoted=True))
            else:
                parts.text(c, True)
                self.pos += 1

    def _read_dollar(self, parts: _Parts, quoted: bool) -> None:
        src, pos = self.src, self.pos
        nxt = src[pos + 1:pos + 2]
        if src.startswith("$((", pos):
            parts.add(self._read_arith(quoted))
        elif nxt == "(":
            parts.add(CmdSub(self._parse_nested(pos + 2), quoted))
        elif nxt == "{":
            parts.add(self._read_braced(quoted))
        elif nxt and (nxt.isalpha() or nxt == "_") and nxt.isascii():
            end = pos + 1
            while end < len(src) and (src[end].isalnum() or src[end] == "_") and src[end].isascii():
                end += 1
            parts.add(Param(src[pos + 1:end], quoted))
            self.pos = end
        elif nxt.isdigit() or (nxt and nxt in SPECIAL_PARAMS):
            parts.add(Param(nxt, quoted))
            self.pos = pos + 2
        else:
            parts.text("$", quoted)
            self.pos = pos + 1

    def _parse_nested(self, start: int):
        """Parse a `$(...)` body from `start`; leaves the position after its `)`."""
        from .parser import Parser  # the parser imports the lexer; import here, not at the top

        if self.depth >= MAX_NESTING:
            raise ShellSyntaxError(f"nesting too deep (the limit is {MAX_NESTING})")
        parser = Parser(self.src, start, self.depth + 1)
        body = parser.parse_substitution()
        self.pos = parser.lexer.pos
        return body

    def _read_backquote(self, quoted: bool) -> CmdSub:
        src = self.src
        end, text = self.pos + 1, []
        while True:
            if end >= len(src):
                raise unmatched("`")
            if src[end] == "\\" and src[end + 1:end + 2] in ("`", "\\", "$"):
                text.append(src[end + 1])
                end += 2
            elif src[end] == "`":
                break
            else:
                text.append(src[end])
                end += 1
        from .parser import Parser

        if self.depth >= MAX_NESTING:
            raise ShellSyntaxError(f"nesting too deep (the limit is {MAX_NESTING})")
        body = Parser("".join(text), 0, self.depth + 1).parse_program()
        self.pos = end + 1
        return CmdSub(body, quoted)

    def _read_arith(self, quoted: bool) -> Arith:
        src, depth, end = self.src, 0, self.pos + 3
        while end < len(src):
            if src[end] == "(":
                depth += 1
            elif src[end] == ")":
                if depth == 0:
                    break
                depth -= 1
            end += 1
        if not src.startswith("))", end):
            raise unmatched(")") if end >= len(src) else near(")")
        expr = self._parse_text(src[self.pos + 3:end], escapes="$\\`")
        self.pos = end + 2
        return Arith(expr, quoted)

    def _read_braced(self, quoted: bool) -> Param:
        src = self.src
        close = self._matching_brace(self.pos + 2)
        inner = src[self.pos + 2:close]
        self.pos = close + 1
        array = re.match(r"^(#?)([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$", inner, re.DOTALL)
        if array:
            count, name, index = array.groups()
            if index in ("@", "*"):
                return Param(name, quoted, "count" if count else "all")
            if not count:
                return Param(name, quoted, "index", self._parse_text(index, escapes="$\\`\"]"))
        if inner != "#" and inner.startswith("#") and (
                is_name(inner[1:]) or inner[1:] in SPECIAL_PARAMS):
            return Param(inner[1:], quoted, "length")
        name_end = 0
        while name_end < len(inner) and (inner[name_end].isalnum() or inner[name_end] == "_"):
            name_end += 1
        if name_end == 0 and inner[:1] and inner[0] in SPECIAL_PARAMS:
            name_end = 1
        name, rest = inner[:name_end], inner[name_end:]
        if not name or not (is_name(name) or name.isdigit() or name in SPECIAL_PARAMS):
            raise ShellSyntaxError(f"${{{inner}}}: bad substitution")
        if not rest:
            return Param(name, quoted)
        if rest.startswith(":") and rest[1:2] not in ("-", "=", "+", "?"):
            return Param(name, quoted, "substring", self._parse_text(rest[1:], escapes="$\\`\"}"))
        for op in (":-", ":=", ":+", ":?", "-", "=", "+", "?", "##", "#", "%%", "%", "//", "/"):
            if rest.startswith(op):
                return Param(name, quoted, op, self._parse_text(rest[len(op):], escapes="$\\`\"}"))
        raise ShellSyntaxError(f"${{{inner}}}: bad substitution")

    def _matching_brace(self, start: int) -> int:
        src, depth, i = self.src, 0, start
        while i < len(src):
            c = src[i]
            if c == "\\":
                i += 2
                continue
            if c == "'" and depth >= 0:
                end = src.find("'", i + 1)
                i = (end if end >= 0 else len(src)) + 1
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    return i
                depth -= 1
            i += 1
        raise unmatched("}")

    def _parse_text(self, text: str, escapes: str) -> Word:
        """Parse text as a double-quoted string without the quotes (here-docs, ${x:-...})."""
        if self.depth >= MAX_NESTING:
            raise ShellSyntaxError(f"nesting too deep (the limit is {MAX_NESTING})")
        sub = Lexer(text, 0, self.depth + 1)
        parts = _Parts()
        while sub.pos < len(text):
            c = text[sub.pos]
            if c == "\\" and text[sub.pos + 1:sub.pos + 2] in escapes + "\n":
                nxt = text[sub.pos + 1]
                if nxt != "\n":
                    parts.text(nxt, True)
                sub.pos += 2
            elif c == "$":
                sub._read_dollar(parts, quoted=True)
            elif c == "`":
                parts.add(sub._read_backquote(quoted=True))
            else:
                parts.text(c, True)
                sub.pos += 1
        if not parts.parts:
            parts.text("", True)
        return Word(tuple(parts.parts))

    # -- here-documents -------------------------------------------------------------------

    def _read_heredoc(self, strip_tabs: bool) -> Word:
        self._skip_blanks()
        if self.pos >= len(self.src) or self.src[self.pos] in METACHARS:
            nxt = self.next_token()
            raise unexpected_eof() if nxt.kind == "eof" else near(nxt.text)
        delim_word = self.read_word()
        delimiter = "".join(p.text for p in delim_word.parts if isinstance(p, Lit))
        expand = all(isinstance(p, Lit) and not p.quoted for p in delim_word.parts)
        body, end = self._heredoc_body(delimiter, strip_tabs)
        self.heredoc_end = end
        if not expand:
            return Word((Lit(body, True),))
        return self._parse_text(body, escapes="$\\`")

    def _heredoc_body(self, delimiter: str, strip_tabs: bool) -> tuple[str, int]:
        src = self.src
        if self.heredoc_end is not None:
            start = self.heredoc_end
        else:
            newline = src.find("\n", self.pos)
            start = len(src) if newline < 0 else newline + 1
        lines, pos = [], start
        while pos < len(src):
            newline = src.find("\n", pos)
            end = len(src) if newline < 0 else newline
            line = src[pos:end]
            pos = end + 1
            if strip_tabs:
                line = line.lstrip("\t")
            if line == delimiter:
                return "".join(item + "\n" for item in lines), min(pos, len(src))
            lines.append(line)
        line_no = src.count("\n", 0, self.pos) + 1
        self.warnings.append(f"warning: here-document at line {line_no} delimited by "
                             f"end-of-file (wanted `{delimiter}')")
        return "".join(item + "\n" for item in lines), len(src)
