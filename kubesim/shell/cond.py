"""`[[ EXPR ]]`, bash's conditional command, and bash arrays' storage.

Words are expanded without field splitting or globbing. Operators: `!`, `&&`, `||`,
parentheses; the unary tests and `-eq`-style comparisons of `test`; `==`/`=`/`!=` with a shell
pattern on the right (quoted parts match literally); `<`/`>` comparing strings; `=~` with a
POSIX extended regular expression (run on RE2 like every learner pattern), whose match and
groups go to the array BASH_REMATCH.

Arrays live among the shell's variables, so subshells and snapshots carry them: element i of
NAME is the variable `NAME[i]`, their number `NAME[#]`, and `$NAME` is element 0.
"""

from __future__ import annotations

import re2

from .expand import ExpansionError, _compile_glob, _part_value, expand_word
from .nodes import Cond, Lit, Word
from .registry import Invocation, Streams

BINARY_TESTS = ("-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef")


# -- arrays --------------------------------------------------------------------------------------

def set_array(shell, name: str, values: list[str]) -> None:
    prefix = name + "["
    for key in [k for k in shell.vars if k.startswith(prefix)]:
        del shell.vars[key]
    for i, value in enumerate(values):
        shell.vars[f"{name}[{i}]"] = value
    shell.vars[f"{name}[#]"] = str(len(values))
    if values:
        shell.vars[name] = values[0]
    else:
        shell.vars.pop(name, None)


def array_values(shell, name: str) -> list[str]:
    count = shell.vars.get(f"{name}[#]")
    if count is None:
        value = shell.vars.get(name)
        return [] if value is None else [value]
    return [shell.vars.get(f"{name}[{i}]", "") for i in range(int(count))]


def element(shell, name: str, index: int) -> str:
    values = array_values(shell, name)
    if index < 0:
        index += len(values)
    return values[index] if 0 <= index < len(values) else ""


# -- [[ ]] ---------------------------------------------------------------------------------------

def evaluate(shell, node: Cond, io: Streams) -> int:
    parser = _Eval(shell, list(node.items), io)
    result = parser.or_expr()
    if parser.pos != len(parser.items):
        io.stderr.write(f"{shell.name}: syntax error in conditional expression\n")
        return 2
    return 0 if result else 1


class _Eval:
    def __init__(self, shell, items, io) -> None:
        self.shell, self.items, self.io, self.pos = shell, items, io, 0
        self.live = True  # False while skipping the side `&&`/`||` does not evaluate

    def peek(self):
        return self.items[self.pos] if self.pos < len(self.items) else (None, None)

    def take(self):
        item = self.peek()
        self.pos += 1
        return item

    def is_op(self, text: str) -> bool:
        kind, value = self.peek()
        return kind == "op" and value == text

    def or_expr(self) -> bool:
        result = self.and_expr()
        while self.is_op("||"):
            self.take()
            result = self.skipping(result, self.and_expr) or result
        return result

    def and_expr(self) -> bool:
        result = self.not_expr()
        while self.is_op("&&"):
            self.take()
            result = self.skipping(not result, self.not_expr) and result
        return result

    def skipping(self, skip: bool, parse) -> bool:
        """Parse the right side of `&&`/`||`; evaluate it only when it decides the result."""
        live, self.live = self.live, self.live and not skip
        try:
            return parse()
        finally:
            self.live = live

    def not_expr(self) -> bool:
        if self.is_op("!"):
            self.take()
            return not self.not_expr()
        if self.is_op("("):
            self.take()
            result = self.or_expr()
            if self.is_op(")"):
                self.take()
            return result
        return self.primary()

    def text(self, word: Word) -> str:
        return expand_word(self.shell, word, self.io) if self.live else ""

    def primary(self) -> bool:
        kind, first = self.take()
        if kind != "word":
            raise ExpansionError("syntax error in conditional expression")
        op_kind, op = self.peek()
        literal = first.literal()
        if op_kind == "op" and op in ("<", ">"):
            self.take()
            left, right = self.text(first), self.text(self.take()[1])
            return left < right if op == "<" else left > right
        op_text = op.literal() if op_kind == "word" else None
        if op_text in ("==", "=", "!=", "=~") or op_text in BINARY_TESTS:
            self.take()
            _, right = self.take()
            left = self.text(first)
            if op_text == "=~":
                return self.regex(left, right)
            if op_text in BINARY_TESTS:
                return self.test([left, op_text, self.text(right)])
            matched = self.pattern(left, right)
            return matched if op_text != "!=" else not matched
        if literal and literal.startswith("-") and len(literal) == 2 and op_kind == "word":
            self.take()
            return self.test([literal, self.text(op)])
        return self.text(first) != ""

    def test(self, args: list[str]) -> bool:
        from .tools.conditions import test

        if not self.live:
            return False
        return test(Invocation(["test", *args], self.io, self.shell.env(), self.shell)) == 0

    def pattern(self, left: str, word: Word) -> bool:
        if any(isinstance(p, Lit) and p.quoted for p in word.parts):
            return left == self.text(word)
        regex = _compile_glob(self.text(word))
        return regex is not None and regex.fullmatch(left) is not None

    def regex(self, left: str, word: Word) -> bool:
        if not self.live:
            return False
        pieces = []
        for part in word.parts:
            value = _part_value(self.shell, part, self.io)
            pieces.append(re2.escape(value) if isinstance(part, Lit) and part.quoted else value)
        from .tools.regex import PatternError, compile_posix  # the tools import the shell

        try:
            compiled = compile_posix("".join(pieces), extended=True)
        except PatternError:
            return False  # bash: status 2, "invalid regular expression"
        match = compiled.search(left)
        if match is None:
            set_array(self.shell, "BASH_REMATCH", [])
            return False
        set_array(self.shell, "BASH_REMATCH", [match.group(0)] + [g or "" for g in match.groups()])
        return True
