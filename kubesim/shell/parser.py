"""The parser of the command language: a line of text to a `Sequence` (see nodes.py).

Recursive descent over the lexer's tokens, following the shell grammar of POSIX as bash
implements it: lists (`;` `&` newline), and-or lists (`&&` `||`), pipelines (`|`, `!`), simple
commands with assignments and redirections, and the compound commands `if`, `while`, `until`,
`for`, `{ ...; }` and `( ... )`. Reserved words are recognised only where a command starts.
Errors are `ShellSyntaxError`s worded as bash words them.
"""

from __future__ import annotations

from .lexer import (
    MAX_NESTING,
    Lexer,
    ShellSyntaxError,
    Token,
    is_name,
    near,
    unexpected_eof,
)
from .nodes import (
    AndOr,
    Assign,
    Command,
    Cond,
    For,
    Group,
    If,
    Lit,
    Pipeline,
    Redirect,
    Sequence,
    SimpleCommand,
    Subshell,
    While,
    Word,
)

MAX_LINE = 10_000
REDIRECT_OPS = frozenset({"<", ">", ">>", ">|", ">&", "<&", "&>", "&>>", "<<<", "<<", "<<-"})
# Words that end a list: they close the compound command the list belongs to.
CLOSERS = frozenset({"then", "elif", "else", "fi", "do", "done", "}"})


def parse(line: str) -> Sequence:
    """Parse one command line (it may hold several lines: here-documents, loops)."""
    if len(line) > MAX_LINE:
        raise ShellSyntaxError(
            f"command line too long: {len(line):,} characters (the limit is {MAX_LINE:,})")
    return Parser(line).parse_program()


class Parser:
    def __init__(self, src: str, pos: int = 0, depth: int = 0) -> None:
        self.lexer = Lexer(src, pos, depth)
        self.depth = depth
        self._peeked: Token | None = None

    # -- token helpers --------------------------------------------------------------------

    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = self.lexer.next_token()
        return self._peeked

    def next(self) -> Token:
        token = self.peek()
        self._peeked = None
        return token

    def reserved(self, token: Token) -> str | None:
        return token.word.literal() if token.kind == "word" and token.word else None

    def skip_newlines(self) -> None:
        while self.peek().kind == "newline":
            self.next()

    def fail(self, token: Token) -> ShellSyntaxError:
        return unexpected_eof() if token.kind == "eof" else near(token.text)

    def expect(self, word: str) -> None:
        token = self.next()
        if self.reserved(token) != word:
            raise self.fail(token)

    # -- entry points ---------------------------------------------------------------------

    def parse_program(self) -> Sequence:
        body = self.parse_list(closers=frozenset(), in_parens=False)
        token = self.peek()
        if token.kind != "eof":
            raise self.fail(token)
        return Sequence(body.items, tuple(self.lexer.warnings))

    def parse_substitution(self) -> Sequence:
        """The body of `$(...)`: a list up to the closing parenthesis, which is consumed."""
        body = self.parse_list(closers=frozenset(), in_parens=True)
        token = self.next()
        if token.kind == "eof":
            raise ShellSyntaxError("unexpected EOF while looking for matching `)'")
        if token.text != ")":
            raise self.fail(token)
        return body

    # -- grammar --------------------------------------------------------------------------

    def parse_list(self, closers: frozenset[str], in_parens: bool) -> Sequence:
        items: list[Command] = []
        self.skip_newlines()
        while True:
            token = self.peek()
            if token.kind == "eof" or self.reserved(token) in closers:
                break
            if token.kind == "op" and token.text == ")" and in_parens:
                break
            items.append(self.parse_and_or())
            token = self.peek()
            if token.kind == "op" and token.text in (";", "&"):
                self.next()
            elif token.kind != "newline":
                break
            self.skip_newlines()
        return Sequence(tuple(items))

    def parse_body(self, closers: frozenset[str], in_parens: bool = False) -> Sequence:
        """A list that must not be empty (bash refuses `if true; then fi`)."""
        body = self.parse_list(closers, in_parens)
        if not body.items:
            raise self.fail(self.peek())
        return body

    def parse_and_or(self) -> Command:
        first = self.parse_pipeline()
        rest = []
        while self.peek().kind == "op" and self.peek().text in ("&&", "||"):
            op = self.next().text
            self.skip_newlines()
            rest.append((op, self.parse_pipeline()))
        return AndOr(first, tuple(rest)) if rest else first

    def parse_pipeline(self) -> Command:
        negate = False
        while self.reserved(self.peek()) == "!":
            self.next()
            negate = not negate
        commands = [self.parse_command()]
        while self.peek().kind == "op" and self.peek().text in ("|", "|&"):
            self.next()
            self.skip_newlines()
            commands.append(self.parse_command())
        if len(commands) == 1 and not negate:
            return commands[0]
        return Pipeline(tuple(commands), negate)

    def parse_command(self) -> Command:
        token = self.peek()
        word = self.reserved(token)
        if token.kind == "op" and token.text == "(":
            return self.nested(self.parse_subshell)
        if word == "[[":
            return self.nested(self.parse_cond)
        if word in ("if", "while", "until", "for", "{"):
            method = {"if": self.parse_if, "while": self.parse_while, "until": self.parse_while,
                      "for": self.parse_for, "{": self.parse_group}[word]
            return self.nested(method)
        if word in CLOSERS:
            raise self.fail(token)
        return self.parse_simple()

    def nested(self, method) -> Command:
        if self.depth >= MAX_NESTING:
            raise ShellSyntaxError(f"nesting too deep (the limit is {MAX_NESTING})")
        self.depth += 1
        try:
            return method()
        finally:
            self.depth -= 1

    def parse_simple(self) -> SimpleCommand:
        assigns: list[Assign] = []
        words: list[Word] = []
        redirects: list[Redirect] = []
        while True:
            token = self.peek()
            if token.kind == "word":
                self.next()
                assign = None if words else as_assignment(token.word)
                if assign and token.text.endswith("=") and self.lexer.src.startswith("(", self.lexer.pos):
                    assign = Assign(assign.name, assign.value, self.parse_array())
                if assign:
                    assigns.append(assign)
                else:
                    words.append(token.word)
            elif token.kind == "ionum" or (token.kind == "op" and token.text in REDIRECT_OPS):
                redirects.append(self.parse_redirect())
            else:
                break
        if not (assigns or words or redirects):
            raise self.fail(self.peek())
        return SimpleCommand(tuple(assigns), tuple(words), tuple(redirects))

    def parse_array(self) -> tuple[Word, ...]:
        """The elements of `NAME=(a b c)`, up to the closing parenthesis."""
        self.next()  # (
        items: list[Word] = []
        while True:
            token = self.next()
            if token.kind == "newline":
                continue
            if token.kind == "op" and token.text == ")":
                return tuple(items)
            if token.kind != "word":
                raise self.fail(token)
            items.append(token.word)

    def parse_cond(self) -> Cond:
        """`[[ EXPR ]]`: words and the operators of conditional expressions; the right side
        of `=~` is read as written (parentheses and `|` belong to the regular expression)."""
        self.next()  # [[
        items: list[tuple[str, object]] = []
        while True:
            token = self.next()
            if token.kind == "eof":
                raise unexpected_eof()
            if token.kind == "newline":
                continue
            if token.kind == "word" and self.reserved(token) == "]]":
                break
            if token.kind == "op" and token.text in ("&&", "||", "(", ")", "<", ">"):
                items.append(("op", token.text))
            elif token.kind == "word" and self.reserved(token) == "!":
                items.append(("op", "!"))
            elif token.kind == "word":
                items.append(("word", token.word))
                if self.reserved(token) == "=~":
                    items.append(("regex", self.lexer.read_regex()))
            else:
                raise self.fail(token)
        if not items:
            raise near("]]")
        return Cond(tuple(items), self.parse_redirects())

    def parse_redirect(self) -> Redirect:
        token = self.next()
        fd = None
        if token.kind == "ionum":
            fd = int(token.text)
            token = self.next()
        op = token.text
        if op in ("<<", "<<-"):
            return Redirect(0 if fd is None else fd, "<<", token.word)
        target = self.next()
        if target.kind == "eof":
            raise near("newline")  # bash reads the end of the line as a newline token here
        if target.kind != "word":
            raise self.fail(target)
        op = ">" if op == ">|" else op
        default_fd = 0 if op.startswith("<") else 1
        return Redirect(default_fd if fd is None else fd, op, target.word)

    def parse_redirects(self) -> tuple[Redirect, ...]:
        redirects = []
        while self.peek().kind == "ionum" or (
                self.peek().kind == "op" and self.peek().text in REDIRECT_OPS):
            redirects.append(self.parse_redirect())
        return tuple(redirects)

    def parse_subshell(self) -> Subshell:
        self.next()
        body = self.parse_body(frozenset(), in_parens=True)
        token = self.next()
        if token.text != ")" or token.kind != "op":
            raise self.fail(token)
        return Subshell(body, self.parse_redirects())

    def parse_group(self) -> Group:
        self.next()
        body = self.parse_body(frozenset({"}"}))
        self.expect("}")
        return Group(body, self.parse_redirects())

    def parse_if(self) -> If:
        self.next()
        clauses = []
        while True:
            cond = self.parse_body(frozenset({"then"}))
            self.expect("then")
            body = self.parse_body(frozenset({"elif", "else", "fi"}))
            clauses.append((cond, body))
            token = self.next()
            keyword = self.reserved(token)
            if keyword not in ("elif", "else", "fi"):
                raise self.fail(token)
            if keyword == "elif":
                continue
            orelse = None
            if keyword == "else":
                orelse = self.parse_body(frozenset({"fi"}))
                self.expect("fi")
            return If(tuple(clauses), orelse, self.parse_redirects())

    def parse_while(self) -> While:
        until = self.reserved(self.next()) == "until"
        cond = self.parse_body(frozenset({"do"}))
        self.expect("do")
        body = self.parse_body(frozenset({"done"}))
        self.expect("done")
        return While(cond, body, until, self.parse_redirects())

    def parse_for(self) -> For:
        self.next()
        token = self.next()
        name = self.reserved(token)
        if token.kind != "word" or not is_name(name or ""):
            raise self.fail(token) if token.kind != "word" else ShellSyntaxError(
                f"`{token.text}': not a valid identifier")
        self.skip_newlines()
        items = None
        if self.reserved(self.peek()) == "in":
            self.next()
            items = []
            while self.peek().kind == "word":
                items.append(self.next().word)
            items = tuple(items)
            token = self.next()
            if token.kind != "newline" and token.text != ";":
                raise self.fail(token)
        elif self.peek().kind == "op" and self.peek().text == ";":
            self.next()
        self.skip_newlines()
        self.expect("do")
        body = self.parse_body(frozenset({"done"}))
        self.expect("done")
        return For(name, items, body, self.parse_redirects())


def as_assignment(word: Word) -> Assign | None:
    """`NAME=value` as an assignment, or None when the word is an ordinary argument."""
    first = word.parts[0] if word.parts else None
    if not isinstance(first, Lit) or first.quoted or "=" not in first.text:
        return None
    name, _, rest = first.text.partition("=")
    if not is_name(name):
        return None
    tail = ((Lit(rest),) if rest else ()) + word.parts[1:]
    return Assign(name, Word(tail))
