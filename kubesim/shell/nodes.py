"""The syntax tree of the command language, as plain frozen data.

A parsed line is a `Sequence`. Every node is a frozen dataclass of strings, ints, tuples and other
nodes (no closures), so a tree can be compared, hashed, stored and replayed.

Words are kept unexpanded: a `Word` is a tuple of parts (literal text, parameters, command
substitutions, ...) and each part remembers whether it was quoted, because quoting decides field
splitting and globbing when the word is expanded at run time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lit:
    """Literal text; `quoted` when it came from quotes or a backslash escape."""

    text: str
    quoted: bool = False


@dataclass(frozen=True)
class Param:
    """`$NAME`, `${NAME}`, `$?`, `$1`, and `${NAME<op><arg>}`.

    `op` is "" or one of ":-" "-" ":=" "=" ":+" "+" ":?" "?" (defaults), "#" "##" "%" "%%"
    (remove a matching prefix or suffix), "/" "//" (replace; `arg` holds `pattern/replacement`),
    "substring" for `${NAME:offset:length}` (`arg` holds `offset:length`), "length" for
    `${#NAME}`; for arrays "index" (`${NAME[i]}`, `arg` holds i), "all" (`${NAME[@]}`) and
    "count" (`${#NAME[@]}`).
    """

    name: str
    quoted: bool = False
    op: str = ""
    arg: Word | None = None


@dataclass(frozen=True)
class CmdSub:
    """`$(...)` or backquotes: the output of a nested command list."""

    body: Sequence
    quoted: bool = False


@dataclass(frozen=True)
class Arith:
    """`$((...))`: an integer expression, itself a word expanded before evaluation."""

    expr: Word
    quoted: bool = False


@dataclass(frozen=True)
class Tilde:
    """A leading `~` meaning $HOME."""

    quoted: bool = False


Part = Lit | Param | CmdSub | Arith | Tilde


@dataclass(frozen=True)
class Word:
    parts: tuple[Part, ...]

    def literal(self) -> str | None:
        """The word's text when it is a single unquoted literal (reserved words, names)."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Lit) and not self.parts[0].quoted:
            return self.parts[0].text
        return None


@dataclass(frozen=True)
class Assign:
    name: str
    value: Word
    array: tuple[Word, ...] | None = None   # `NAME=(a b c)`: a bash array


@dataclass(frozen=True)
class Redirect:
    """`fd op target`. Ops: < > >> >& <& &> &>> <<< <<.

    For here-documents (`<<`) the target is the body, already parsed as a word (quoted literal
    when the delimiter was quoted, so nothing in it expands).
    """

    fd: int
    op: str
    target: Word


@dataclass(frozen=True)
class SimpleCommand:
    assigns: tuple[Assign, ...]
    words: tuple[Word, ...]
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True)
class Pipeline:
    commands: tuple[Command, ...]
    negate: bool = False


@dataclass(frozen=True)
class AndOr:
    """`first && a || b ...`: each (op, command) runs or not after the status so far.

    Kept flat rather than nested, so a long chain cannot exhaust Python's recursion limit.
    """

    first: Command
    rest: tuple[tuple[str, Command], ...]


@dataclass(frozen=True)
class Sequence:
    """Commands run one after another (`;`, `&` or newlines between them)."""

    items: tuple[Command, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class If:
    clauses: tuple[tuple[Sequence, Sequence], ...]
    orelse: Sequence | None = None
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True)
class While:
    cond: Sequence
    body: Sequence
    until: bool = False
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True)
class For:
    var: str
    items: tuple[Word, ...] | None
    body: Sequence
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True)
class Group:
    """`{ ...; }`: runs in the current shell."""

    body: Sequence
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True)
class Subshell:
    """`( ... )`: runs in a copy of the shell's variables and working directory."""

    body: Sequence
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True)
class Cond:
    """`[[ EXPR ]]` (bash): `items` are ("word", Word), ("op", text) for `&&` `||` `!` `(` `)`
    `<` `>`, and ("regex", Word) for the right side of `=~`."""

    items: tuple[tuple[str, object], ...]
    redirects: tuple[Redirect, ...] = ()


Command = SimpleCommand | Pipeline | AndOr | Sequence | If | While | For | Group | Subshell | Cond
