"""`test` and `[`: file tests, string and integer comparisons, `!`, `-a`, `-o` and parentheses,
with bash's messages (`bash: [: missing `]'`, `integer expression expected`)."""

from __future__ import annotations

from ..registry import CommandRegistry, Invocation
from .options import builtin_error

UNARY_FILE = frozenset("efdsrwxLhp")
BINARY_INT = {"-eq": int.__eq__, "-ne": int.__ne__, "-lt": int.__lt__, "-le": int.__le__,
              "-gt": int.__gt__, "-ge": int.__ge__}
BINARY_STR = {"=": str.__eq__, "==": str.__eq__, "!=": str.__ne__, "<": str.__lt__,
              ">": str.__gt__}


class TestError(Exception):
    pass


def test(ctx: Invocation) -> int:
    args = ctx.argv[1:]
    if ctx.name == "[":
        if not args or args[-1] != "]":
            return builtin_error(ctx, "missing `]'", 2)
        args = args[:-1]
    try:
        return 0 if _Evaluator(ctx, args).result() else 1
    except TestError as exc:
        return builtin_error(ctx, str(exc), 2)


class _Evaluator:
    """Recursive descent over the words: or-expression > and-expression > term."""

    def __init__(self, ctx: Invocation, args: list[str]) -> None:
        self.ctx, self.args, self.pos = ctx, args, 0

    def result(self) -> bool:
        return self.by_count(self.args)

    def by_count(self, args: list[str]) -> bool:
        """POSIX decides by the number of arguments first; bash's messages follow from it."""
        count = len(args)
        if count == 0:
            return False
        if count == 1:
            return args[0] != ""
        if count == 2:
            if args[0] == "!":
                return args[1] == ""
            if _is_unary(args[0]):
                return self.unary(args[0][1], args[1])
            raise TestError(f"{args[0]}: unary operator expected")
        if count == 3:
            if args[1] in BINARY_INT or args[1] in BINARY_STR:
                return self.binary(*args)
            if args[0] == "!":
                return not self.by_count(args[1:])
            if args[0] == "(" and args[2] == ")":
                return args[1] != ""
            if args[1] not in ("-a", "-o"):
                raise TestError(f"{args[1]}: binary operator expected")
        if count == 4 and args[0] == "!":
            return not self.by_count(args[1:])
        if count == 4 and args[0] == "(" and args[3] == ")":
            return self.by_count(args[1:3])
        value = self.or_expr()
        if self.pos != len(self.args):
            raise TestError("too many arguments")
        return value

    def take(self) -> str:
        if self.pos >= len(self.args):
            raise TestError("argument expected")
        self.pos += 1
        return self.args[self.pos - 1]

    def peek(self, offset: int = 0) -> str | None:
        index = self.pos + offset
        return self.args[index] if index < len(self.args) else None

    def or_expr(self) -> bool:
        value = self.and_expr()
        while self.peek() == "-o":
            self.take()
            value = self.and_expr() or value
        return value

    def and_expr(self) -> bool:
        value = self.term()
        while self.peek() == "-a":
            self.take()
            value = self.term() and value
        return value

    def term(self) -> bool:
        remaining = len(self.args) - self.pos
        if self.peek() == "!" and remaining > 1:
            self.take()
            return not self.term()
        if self.peek() == "(" and remaining > 2:
            self.take()
            value = self.or_expr()
            if self.take() != ")":
                raise TestError("`)' expected")
            return value
        if remaining >= 3 and self.peek(1) in {**BINARY_INT, **BINARY_STR}:
            return self.binary(self.take(), self.take(), self.take())
        word = self.take()
        if word.startswith("-") and len(word) == 2 and self.peek() is not None and \
                word[1] in UNARY_FILE | {"z", "n"}:
            return self.unary(word[1], self.take())
        return word != ""

    def binary(self, left: str, op: str, right: str) -> bool:
        if op in BINARY_STR:
            return BINARY_STR[op](left, right)
        return BINARY_INT[op](self.integer(left), self.integer(right))

    def integer(self, text: str) -> int:
        try:
            return int(text.strip())
        except ValueError:
            raise TestError(f"{text}: integer expression expected") from None

    def unary(self, flag: str, operand: str) -> bool:
        if flag == "z":
            return operand == ""
        if flag == "n":
            return operand != ""
        node = self.ctx.fs.lookup(operand, self.ctx.cwd) if operand else None
        if node is None:
            return False
        checks = {"e": True, "f": not node.is_dir, "d": node.is_dir,
                  "s": node.size > 0 and not node.is_dir, "r": True, "w": True,
                  "x": bool(node.mode & 0o111), "L": False, "h": False, "p": False}
        return checks[flag]


def _is_unary(word: str) -> bool:
    return len(word) == 2 and word[0] == "-" and word[1] in UNARY_FILE | {"z", "n"}


def register(registry: CommandRegistry) -> None:
    registry.register("test", test)
    registry.register("[", test)
