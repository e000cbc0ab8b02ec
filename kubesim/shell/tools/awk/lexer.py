"""Tokens of the awk language. A `/` starts a regular expression where an operand is expected
and is division elsewhere, which is why the lexer asks the parser (`regex_allowed`)."""

from __future__ import annotations

from dataclasses import dataclass

KEYWORDS = frozenset({"BEGIN", "END", "if", "else", "while", "for", "do", "break", "continue",
                      "next", "exit", "print", "printf", "in", "delete", "function", "return",
                      "getline", "nextfile"})
BUILTINS = frozenset({"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf",
                      "tolower", "toupper", "int", "sqrt", "exp", "log", "sin", "cos", "atan2",
                      "rand", "srand", "system", "close", "fflush"})
PUNCT = ("+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "++", "--", "&&", "||",
         ">>", "!~", "**", "{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^",
         "!", ">", "<", "|", "?", ":", "~", "$", "=")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a",
           "b": "\b", "f": "\f", "v": "\v"}


class AwkSyntaxError(Exception):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


@dataclass(frozen=True)
class Tok:
    kind: str  # number, string, regex, name, func, keyword, punct, newline, eof
    value: object
    pos: int


class AwkLexer:
    def __init__(self, src: str) -> None:
        self.src, self.pos = src, 0

    def next(self, regex_allowed: bool) -> Tok:
        self._skip()
        src, start = self.src, self.pos
        if start >= len(src):
            return Tok("eof", None, start)
        c = src[start]
        if c == "\n":
            self.pos += 1
            return Tok("newline", "\n", start)
        if c == '"':
            return Tok("string", self._string(), start)
        if c == "/" and regex_allowed:
            return Tok("regex", self._regex(), start)
        if c.isdigit() or (c == "." and src[start + 1:start + 2].isdigit()):
            return Tok("number", self._number(), start)
        if c.isalpha() or c == "_":
            end = start
            while end < len(src) and (src[end].isalnum() or src[end] == "_"):
                end += 1
            word, self.pos = src[start:end], end
            kind = "keyword" if word in KEYWORDS else "func" if word in BUILTINS else "name"
            return Tok(kind, word, start)
        for op in PUNCT:
            if src.startswith(op, start):
                self.pos += len(op)
                return Tok("punct", "^" if op == "**" else op, start)
        raise AwkSyntaxError("invalid char '" + c + "' in expression", start)

    def _skip(self) -> None:
        src = self.src
        while self.pos < len(src):
            c = src[self.pos]
            if c in " \t\r":
                self.pos += 1
            elif c == "\\" and src[self.pos + 1:self.pos + 2] == "\n":
                self.pos += 2
            elif c == "#":
                while self.pos < len(src) and src[self.pos] != "\n":
                    self.pos += 1
            else:
                break

    def _string(self) -> str:
        out, i, src = [], self.pos + 1, self.src
        while i < len(src) and src[i] != '"':
            if src[i] == "\\" and i + 1 < len(src):
                nxt = src[i + 1]
                if nxt in "01234567":
                    end = i + 1
                    while end < len(src) and end < i + 4 and src[end] in "01234567":
                        end += 1
                    out.append(chr(int(src[i + 1:end], 8)))
                    i = end
                    continue
                out.append(ESCAPES.get(nxt, "\\" + nxt))
                i += 2
            elif src[i] == "\n":
                raise AwkSyntaxError("unterminated string", self.pos)
            else:
                out.append(src[i])
                i += 1
        if i >= len(src):
            raise AwkSyntaxError("unterminated string", self.pos)
        self.pos = i + 1
        return "".join(out)

    def _regex(self) -> str:
        out, i, src, in_bracket = [], self.pos + 1, self.src, False
        while i < len(src) and (src[i] != "/" or in_bracket):
            if src[i] == "\n":
                break
            if src[i] == "\\" and i + 1 < len(src):
                out.append(src[i:i + 2] if src[i + 1] != "/" else "/")
                i += 2
                continue
            if src[i] == "[" and not in_bracket:
                in_bracket = True
                if src[i + 1:i + 2] == "]" or src[i + 1:i + 3] == "^]":
                    out.append(src[i:i + 2 + (src[i + 1] == "^")])
                    i += 2 + (src[i + 1] == "^")
                    continue
            elif src[i] == "]":
                in_bracket = False
            out.append(src[i])
            i += 1
        if i >= len(src) or src[i] != "/":
            raise AwkSyntaxError("unterminated regexp", self.pos)
        self.pos = i + 1
        return "".join(out)

    def _number(self) -> float:
        src, end = self.src, self.pos
        if src.startswith(("0x", "0X"), end):
            end += 2
            while end < len(src) and src[end] in "0123456789abcdefABCDEF":
                end += 1
            value = float(int(src[self.pos:end], 16))
            self.pos = end
            return value
        while end < len(src) and (src[end].isdigit() or src[end] == "."):
            end += 1
        if src[end:end + 1] in ("e", "E") and (src[end + 1:end + 2].isdigit() or (
                src[end + 1:end + 2] in ("+", "-") and src[end + 2:end + 3].isdigit())):
            end += 2
            while end < len(src) and src[end].isdigit():
                end += 1
        text = src[self.pos:end]
        self.pos = end
        try:
            return float(text)
        except ValueError:
            raise AwkSyntaxError("invalid number", self.pos) from None
