"""The awk grammar, as recursive descent, to a tree of tuples `(kind, ...)`.

Expressions, from loosest to tightest: assignment, `?:`, `||`, `&&`, `in`, `~ !~`, comparisons,
concatenation, `+ -`, `* / %`, unary `! - +`, `^`, `++ --`, `$`, grouping. In `print`, a `>`
is a redirection, not a comparison (as in every awk).
"""

from __future__ import annotations

from .lexer import AwkLexer, AwkSyntaxError, Tok

ASSIGN_OPS = ("=", "+=", "-=", "*=", "/=", "%=", "^=")
RELOPS = ("<", "<=", "!=", "==", ">=", ">")
CONCAT_START = frozenset({"number", "string", "regex", "name", "func"})
OPERAND_END = frozenset({"number", "string", "regex", "name"})


class AwkParser:
    def __init__(self, src: str) -> None:
        self.lexer = AwkLexer(src)
        self.last: Tok | None = None
        self.tok = self._lex()

    # -- tokens ---------------------------------------------------------------------------

    def _lex(self) -> Tok:
        last = self.last
        regex_ok = last is None or not (
            last.kind in OPERAND_END or (last.kind == "punct" and last.value in (")", "]", "$"))
            or (last.kind == "func" and last.value == "length"))
        self.last = self.lexer.next(regex_ok)
        return self.last

    def advance(self) -> Tok:
        tok, self.tok = self.tok, self._lex()
        return tok

    def at(self, value: str, kind: str = "punct") -> bool:
        return self.tok.kind == kind and self.tok.value == value

    def expect(self, value: str, kind: str = "punct") -> Tok:
        if not self.at(value, kind):
            raise self.error()
        return self.advance()

    def error(self) -> AwkSyntaxError:
        if self.tok.kind in ("eof", "newline"):
            return AwkSyntaxError("unexpected newline or end of string", self.tok.pos)
        return AwkSyntaxError("syntax error", self.tok.pos)

    def skip_newlines(self) -> None:
        while self.tok.kind == "newline":
            self.advance()

    def skip_terminators(self) -> None:
        while self.tok.kind == "newline" or self.at(";"):
            self.advance()

    # -- program --------------------------------------------------------------------------

    def program(self) -> dict:
        begin, end, rules, functions = [], [], [], {}
        self.skip_terminators()
        while self.tok.kind != "eof":
            if self.at("BEGIN", "keyword"):
                self.advance()
                begin.append(self.block())
            elif self.at("END", "keyword"):
                self.advance()
                end.append(self.block())
            elif self.at("function", "keyword"):
                name, params, body = self.function()
                functions[name] = (params, body)
            else:
                rules.append(self.rule())
            self.skip_terminators()
        return {"begin": begin, "end": end, "rules": rules, "functions": functions}

    def rule(self) -> tuple:
        pattern = second = None
        if not self.at("{"):
            pattern = self.expr()
            if self.at(","):
                self.advance()
                self.skip_newlines()
                second = self.expr()
        action = self.block() if self.at("{") else None
        return ("rule", pattern, second, action)

    def function(self) -> tuple:
        self.advance()
        name = self.advance()
        if name.kind not in ("name", "func"):
            raise self.error()
        self.expect("(")
        params = []
        while not self.at(")"):
            params.append(self.advance().value)
            if self.at(","):
                self.advance()
                self.skip_newlines()
        self.advance()
        self.skip_newlines()
        return name.value, params, self.block()

    def block(self) -> tuple:
        self.expect("{")
        statements = []
        self.skip_terminators()
        while not self.at("}"):
            if self.tok.kind == "eof":
                raise self.error()
            statements.append(self.statement())
            self.skip_terminators()
        self.advance()
        return ("block", statements)

    # -- statements -----------------------------------------------------------------------

    def statement(self) -> tuple:
        tok = self.tok
        if self.at("{"):
            return self.block()
        if tok.kind == "keyword":
            method = getattr(self, f"stmt_{tok.value}", None)
            if method is not None:
                return method()
        node = ("expr", self.expr())
        self.end_simple()
        return node

    def end_simple(self) -> None:
        if self.at(";") or self.tok.kind == "newline":
            self.advance()
        elif not (self.at("}") or self.tok.kind == "eof"):
            raise self.error()

    def body(self) -> tuple:
        self.skip_newlines()
        if self.at(";"):
            self.advance()
            return ("block", [])
        return self.statement()

    def condition(self) -> tuple:
        self.expect("(")
        cond = self.expr()
        self.expect(")")
        return cond

    def stmt_if(self) -> tuple:
        self.advance()
        cond = self.condition()
        then = self.body()
        save_pos, save_tok, save_last = self.lexer.pos, self.tok, self.last
        self.skip_terminators()
        if self.at("else", "keyword"):
            self.advance()
            return ("if", cond, then, self.body())
        self.lexer.pos, self.tok, self.last = save_pos, save_tok, save_last  # no else: rewind
        return ("if", cond, then, None)

    def stmt_while(self) -> tuple:
        self.advance()
        cond = self.condition()
        return ("while", cond, self.body())

    def stmt_do(self) -> tuple:
        self.advance()
        body = self.body()
        self.skip_terminators()
        self.expect("while", "keyword")
        cond = self.condition()
        self.end_simple()
        return ("do", body, cond)

    def stmt_for(self) -> tuple:
        self.advance()
        self.expect("(")
        if self.tok.kind == "name":
            save_pos, save_tok, save_last = self.lexer.pos, self.tok, self.last
            var = self.advance().value
            if self.at("in", "keyword"):
                self.advance()
                array = self.advance().value
                self.expect(")")
                return ("forin", var, array, self.body())
            self.lexer.pos, self.tok, self.last = save_pos, save_tok, save_last
        init = None if self.at(";") else self.expr()
        self.expect(";")
        self.skip_newlines()
        cond = None if self.at(";") else self.expr()
        self.expect(";")
        self.skip_newlines()
        step = None if self.at(")") else self.expr()
        self.expect(")")
        return ("for", init, cond, step, self.body())

    def stmt_print(self) -> tuple:
        kind = self.advance().value
        args = []
        if not self._ends_print():
            args.append(self.expr(no_gt=True))
            while self.at(","):
                self.advance()
                self.skip_newlines()
                args.append(self.expr(no_gt=True))
        if len(args) == 1 and args[0][0] == "grouping":
            args = list(args[0][1])
        redirect = None
        if self.at(">") or self.at(">>") or self.at("|"):
            op = self.advance().value
            redirect = (op, self.concat(no_gt=True))
        self.end_simple()
        return (kind, args, redirect)

    stmt_printf = stmt_print

    def _ends_print(self) -> bool:
        return self.tok.kind in ("newline", "eof") or any(
            self.at(p) for p in (";", "}", ">", ">>", "|"))

    def stmt_next(self) -> tuple:
        self.advance()
        self.end_simple()
        return ("next",)

    stmt_nextfile = stmt_next

    def stmt_exit(self) -> tuple:
        self.advance()
        value = None if self._ends_print() else self.expr()
        self.end_simple()
        return ("exit", value)

    def stmt_return(self) -> tuple:
        self.advance()
        value = None if self._ends_print() else self.expr()
        self.end_simple()
        return ("return", value)

    def stmt_break(self) -> tuple:
        self.advance()
        self.end_simple()
        return ("break",)

    def stmt_continue(self) -> tuple:
        self.advance()
        self.end_simple()
        return ("continue",)

    def stmt_delete(self) -> tuple:
        self.advance()
        name = self.advance()
        if name.kind != "name":
            raise self.error()
        keys = None
        if self.at("["):
            self.advance()
            keys = self.expr_list("]")
        self.end_simple()
        return ("delete", name.value, keys)

    # -- expressions ----------------------------------------------------------------------

    def expr(self, no_gt: bool = False) -> tuple:
        left = self.ternary(no_gt)
        if self.tok.kind == "punct" and self.tok.value in ASSIGN_OPS and is_lvalue(left):
            op = self.advance().value
            self.skip_newlines()
            return ("assign", op, left, self.expr(no_gt))
        return left

    def ternary(self, no_gt: bool) -> tuple:
        cond = self.binary_or(no_gt)
        if not self.at("?"):
            return cond
        self.advance()
        self.skip_newlines()
        yes = self.expr(no_gt)
        self.skip_newlines()
        self.expect(":")
        self.skip_newlines()
        return ("cond", cond, yes, self.expr(no_gt))

    def binary_or(self, no_gt: bool) -> tuple:
        left = self.binary_and(no_gt)
        while self.at("||"):
            self.advance()
            self.skip_newlines()
            left = ("or", left, self.binary_and(no_gt))
        return left

    def binary_and(self, no_gt: bool) -> tuple:
        left = self.membership(no_gt)
        while self.at("&&"):
            self.advance()
            self.skip_newlines()
            left = ("and", left, self.membership(no_gt))
        return left

    def membership(self, no_gt: bool) -> tuple:
        left = self.matching(no_gt)
        while self.at("in", "keyword"):
            self.advance()
            keys = list(left[1]) if left[0] == "grouping" else [left]
            left = ("in", keys, self.advance().value)
        return left

    def matching(self, no_gt: bool) -> tuple:
        left = self.comparison(no_gt)
        while self.at("~") or self.at("!~"):
            negate = self.advance().value == "!~"
            left = ("match", negate, left, self.comparison(no_gt))
        return left

    def comparison(self, no_gt: bool) -> tuple:
        left = self.concat(no_gt)
        if self.tok.kind == "punct" and self.tok.value in RELOPS and not (
                no_gt and self.tok.value == ">"):
            op = self.advance().value
            return ("cmp", op, left, self.concat(no_gt))
        return left

    def concat(self, no_gt: bool = False) -> tuple:
        left = self.additive()
        while self._starts_operand():
            left = ("concat", left, self.additive())
        return left

    def _starts_operand(self) -> bool:
        tok = self.tok
        if tok.kind in CONCAT_START:
            return True
        return tok.kind == "punct" and tok.value in ("$", "(")

    def additive(self) -> tuple:
        left = self.multiplicative()
        while self.at("+") or self.at("-"):
            op = self.advance().value
            left = ("binop", op, left, self.multiplicative())
        return left

    def multiplicative(self) -> tuple:
        left = self.unary()
        while self.at("*") or self.at("/") or self.at("%"):
            op = self.advance().value
            left = ("binop", op, left, self.unary())
        return left

    def unary(self) -> tuple:
        if self.at("!") or self.at("-") or self.at("+"):
            op = self.advance().value
            return ("unary", op, self.unary())
        return self.power()

    def power(self) -> tuple:
        base = self.postfix()
        if self.at("^"):
            self.advance()
            return ("binop", "^", base, self.unary())  # right-associative
        return base

    def postfix(self) -> tuple:
        node = self.primary()
        if (self.at("++") or self.at("--")) and is_lvalue(node):
            return ("incdec", self.advance().value, False, node)
        return node

    def primary(self) -> tuple:
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            return ("num", tok.value)
        if tok.kind == "string":
            self.advance()
            return ("str", tok.value)
        if tok.kind == "regex":
            self.advance()
            return ("regex", tok.value)
        if tok.kind == "func":
            return self.builtin_call()
        if tok.kind == "name":
            return self.name_or_call()
        if self.at("$"):
            self.advance()
            if self.at("++") or self.at("--"):
                op = self.advance().value
                return ("field", ("incdec", op, True, self.primary()))
            if self.at("-"):
                self.advance()
                return ("field", ("unary", "-", self.primary()))
            return ("field", self.primary())
        if self.at("++") or self.at("--"):
            op = self.advance().value
            target = self.primary()
            if not is_lvalue(target):
                raise self.error()
            return ("incdec", op, True, target)
        if self.at("("):
            self.advance()
            items = self.expr_list(")")
            return items[0] if len(items) == 1 else ("grouping", tuple(items))
        if self.at("-") or self.at("!") or self.at("+"):
            return self.unary()
        raise self.error()

    def name_or_call(self) -> tuple:
        name = self.advance().value
        if self.at("["):
            self.advance()
            return ("index", name, self.expr_list("]"))
        if self.at("(") and self.lexer.src[self.tok.pos - 1:self.tok.pos] not in (" ", "\t"):
            self.advance()
            return ("call", name, self.expr_list(")", allow_empty=True))
        return ("var", name)

    def builtin_call(self) -> tuple:
        name = self.advance().value
        if not self.at("("):
            if name == "length":
                return ("builtin", "length", [])
            raise self.error()
        self.advance()
        return ("builtin", name, self.expr_list(")", allow_empty=True))

    def expr_list(self, closer: str, allow_empty: bool = False) -> list:
        items = []
        self.skip_newlines()
        if self.at(closer) and allow_empty:
            self.advance()
            return items
        while True:
            items.append(self.expr())
            self.skip_newlines()
            if self.at(closer):
                self.advance()
                return items
            self.expect(",")
            self.skip_newlines()


def is_lvalue(node: tuple) -> bool:
    return node[0] in ("var", "field", "index")
