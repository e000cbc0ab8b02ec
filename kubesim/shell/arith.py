"""Shell arithmetic, `$(( ... ))`: 64-bit signed integers, as bash computes them.

Supports numbers (decimal, 0x hex, leading-0 octal), variable names, parentheses, unary
`+ - ! ~`, binary `** * / % + - << >> < <= > >= == != & ^ | && ||`, the conditional `?:`,
and assignments `= += -= *= /= %=`. A precedence-climbing parser over a token list.
"""

from __future__ import annotations

import re

from .lexer import is_name

# A fixed pattern of ours, not a learner's: stdlib re is linear on it and fast.
TOKEN = re.compile(r"\s*([0-9]+#[0-9A-Za-z]+|0[xX][0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|"
                    r"!=|&&|\|\||[-+*/%]=|[-+*/%()<>!~&^|?:=])")
BINARY = {  # operator: precedence (higher binds tighter)
    "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, "<=": 7, ">": 7,
    ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10, "**": 11,
}
ASSIGN = ("=", "+=", "-=", "*=", "/=", "%=")


class ArithError(Exception):
    pass


def wrap(value: int) -> int:
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def evaluate(expr: str, variables: dict[str, str]) -> int:
    tokens = tokenize(expr)
    if not tokens:
        return 0
    parser = _Parser(tokens, variables, expr)
    try:
        value = parser.ternary()
    except RecursionError:
        raise ArithError(f"{expr}: expression nested too deeply") from None
    if parser.pos != len(tokens):
        raise ArithError(f"{expr}: syntax error in expression (error token is "
                         f"\"{' '.join(tokens[parser.pos:])}\")")
    return value


def tokenize(expr: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        match = TOKEN.match(expr, pos)
        if not match:
            raise ArithError(f"{expr}: syntax error: invalid arithmetic operator "
                             f"(error token is \"{expr[pos:].strip()}\")")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str], variables: dict[str, str], expr: str) -> None:
        self.tokens, self.variables, self.expr, self.pos = tokens, variables, expr, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ArithError(f"{self.expr}: syntax error: operand expected (error token is \"\")")
        self.pos += 1
        return token

    def ternary(self) -> int:
        if self.pos + 1 < len(self.tokens) and is_name(self.tokens[self.pos]) and \
                self.tokens[self.pos + 1] in ASSIGN:
            return self.assignment()
        cond = self.binary(1)
        if self.peek() != "?":
            return cond
        self.take()
        yes = self.ternary()
        if self.take() != ":":
            raise ArithError(f"{self.expr}: expected `:'")
        no = self.ternary()
        return yes if cond else no

    def assignment(self) -> int:
        name, op = self.take(), self.take()
        value = self.ternary()
        if op != "=":
            value = self.apply(op[0], self.variable(name), value)
        self.variables[name] = str(value)
        return value

    def binary(self, min_prec: int) -> int:
        left = self.unary()
        while (op := self.peek()) in BINARY and BINARY[op] >= min_prec:
            self.take()
            # ** is right-associative; the others are left-associative.
            right = self.binary(BINARY[op] + (0 if op == "**" else 1))
            left = self.apply(op, left, right)
        return left

    def unary(self) -> int:
        token = self.take()
        if token in ("-", "+", "!", "~"):
            value = self.unary()
            return {"-": -value, "+": value, "!": int(not value), "~": ~value}[token]
        if token == "(":
            value = self.ternary()
            if self.take() != ")":
                raise ArithError(f"{self.expr}: missing `)'")
            return value
        if is_name(token):
            return self.variable(token)
        if token[0].isdigit() and "#" in token:
            base, _, digits = token.partition("#")
            try:
                return wrap(int(digits, int(base)))
            except ValueError:
                raise ArithError(f"{token}: value too great for base (error token is "
                                 f"\"{token}\")") from None
        if token[0].isdigit():
            return wrap(int(token, 16 if token[:2].lower() == "0x" else
                            8 if len(token) > 1 and token[0] == "0" else 10))
        raise ArithError(f"{self.expr}: syntax error: operand expected (error token is "
                         f"\"{' '.join(self.tokens[self.pos - 1:])}\")")

    def variable(self, name: str) -> int:
        text = self.variables.get(name, "").strip()
        if not text:
            return 0
        try:
            return wrap(int(text, 0) if not text.lstrip("-").startswith("0") else int(text))
        except ValueError:
            raise ArithError(f"{text}: syntax error in expression") from None

    def apply(self, op: str, left: int, right: int) -> int:
        if op in ("/", "%") and right == 0:
            raise ArithError(f"{self.expr}: division by 0 (error token is \"{right}\")")
        if op == "**":
            if right < 0:
                raise ArithError(f"{self.expr}: exponent less than 0")
            return wrap(pow(left, right, 1 << 64))
        if op == "/":
            return wrap(abs(left) // abs(right) * (1 if (left < 0) == (right < 0) else -1))
        if op == "%":
            return wrap(abs(left) % abs(right) * (1 if left >= 0 else -1))
        if op in ("<<", ">>"):
            return wrap(left << (right & 63) if op == "<<" else left >> (right & 63))
        return wrap({
            "+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right,
            "<": lambda: int(left < right), "<=": lambda: int(left <= right),
            ">": lambda: int(left > right), ">=": lambda: int(left >= right),
            "==": lambda: int(left == right), "!=": lambda: int(left != right),
            "&": lambda: left & right, "|": lambda: left | right, "^": lambda: left ^ right,
            "&&": lambda: int(bool(left) and bool(right)),
            "||": lambda: int(bool(left) or bool(right)),
        }[op]())
