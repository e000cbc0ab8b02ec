"""`sed`, the common subset of GNU sed, with patterns on google-re2.

Commands: `s/RE/REPLACEMENT/FLAGS` (flags g, p, i/I, a number), `p`, `d`, `q`, `=`, `y/abc/xyz/`,
`a TEXT`, `i TEXT`, `c TEXT`; addresses: a line number, `$`, `/RE/`, `FIRST,LAST` and `!`.
Options: -n, -e SCRIPT (repeatable), -E/-r, -i[SUFFIX]. No branching or hold space, so a script
runs once per line and cannot loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..fs import FSError
from ..registry import CommandRegistry, Invocation
from .options import UsageError, getopt, usage_error
from .regex import PatternError, compile_posix, posix_matches

USAGE = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"


class SedError(Exception):
    pass


@dataclass
class Address:
    line: int | None = None
    last: bool = False
    regex: object = None

    def matches(self, number: int, is_last: bool, text: str) -> bool:
        if self.regex is not None:
            return self.regex.search(text) is not None
        return is_last if self.last else number == self.line


@dataclass
class SedCommand:
    name: str
    first: Address | None = None
    second: Address | None = None
    negate: bool = False
    regex: object = None
    replacement: str = ""
    flags: str = ""
    text: str = ""
    active: bool = field(default=False)  # inside a FIRST,LAST range

    def selects(self, number: int, is_last: bool, line: str) -> bool:
        if self.first is None:
            hit = True
        elif self.second is None:
            hit = self.first.matches(number, is_last, line)
        elif self.active:
            hit = True
            if self.second.line is not None and not self.second.last:
                self.active = number < self.second.line
            else:
                self.active = not self.second.matches(number, is_last, line)
        else:
            hit = self.first.matches(number, is_last, line)
            if hit:
                ends = self.second.line is not None and self.second.line <= number
                self.active = not ends
        return hit != self.negate


class _ScriptParser:
    def __init__(self, script: str, extended: bool, index: int) -> None:
        self.s, self.pos, self.extended, self.index = script, 0, extended, index

    def fail(self, message: str) -> SedError:
        return SedError(f"-e expression #{self.index}, char {self.pos}: {message}")

    def parse(self) -> list[SedCommand]:
        commands = []
        while True:
            self.skip(" \t\n;")
            if self.pos >= len(self.s):
                return commands
            commands.append(self.command())

    def skip(self, chars: str) -> None:
        while self.pos < len(self.s) and self.s[self.pos] in chars:
            self.pos += 1

    def address(self) -> Address | None:
        s = self.s
        if self.pos < len(s) and s[self.pos].isdigit():
            start = self.pos
            while self.pos < len(s) and s[self.pos].isdigit():
                self.pos += 1
            return Address(line=int(s[start:self.pos]))
        if s[self.pos:self.pos + 1] == "$":
            self.pos += 1
            return Address(last=True)
        if s[self.pos:self.pos + 1] in ("/", "\\"):
            if s[self.pos] == "\\":
                self.pos += 1
            delimiter = s[self.pos]
            self.pos += 1
            pattern = self.until(delimiter, "unterminated address regex")
            return Address(regex=self.compile(pattern, ""))
        return None

    def until(self, delimiter: str, message: str) -> str:
        out = []
        while self.pos < len(self.s):
            c = self.s[self.pos]
            if c == "\\" and self.pos + 1 < len(self.s):
                nxt = self.s[self.pos + 1]
                out.append(nxt if nxt == delimiter else "\\" + nxt)
                self.pos += 2
                continue
            if c == delimiter:
                self.pos += 1
                return "".join(out)
            out.append(c)
            self.pos += 1
        raise self.fail(message)

    def compile(self, pattern: str, flags: str):
        try:
            return compile_posix(pattern, self.extended, ignore_case="i" in flags.lower())
        except PatternError as exc:
            raise self.fail(str(exc)) from None

    def command(self) -> SedCommand:
        first = self.address()
        second = None
        if first is not None and self.s[self.pos:self.pos + 1] == ",":
            self.pos += 1
            second = self.address()
            if second is None:
                raise self.fail("unexpected `,'")
        self.skip(" \t")
        negate = self.s[self.pos:self.pos + 1] == "!"
        if negate:
            self.pos += 1
            self.skip(" \t")
        if self.pos >= len(self.s):
            raise self.fail("missing command")
        name = self.s[self.pos]
        self.pos += 1
        command = SedCommand(name, first, second, negate)
        if name == "s":
            self.substitution(command)
        elif name == "y":
            self.transliteration(command)
        elif name in "aic":
            self.skip(" \t")
            if self.s[self.pos:self.pos + 1] == "\\":
                self.pos += 1
                self.skip("\n")
            end = self.s.find("\n", self.pos)
            end = len(self.s) if end < 0 else end
            command.text, self.pos = self.s[self.pos:end], end
        elif name not in "pdq=":
            raise self.fail(f"unknown command: `{name}'")
        return command

    def substitution(self, command: SedCommand) -> None:
        if self.pos >= len(self.s):
            raise self.fail("unterminated `s' command")
        delimiter = self.s[self.pos]
        self.pos += 1
        pattern = self.until(delimiter, "unterminated `s' command")
        command.replacement = self.until(delimiter, "unterminated `s' command")
        start = self.pos
        while self.pos < len(self.s) and (self.s[self.pos] in "gpiIe" or
                                          self.s[self.pos].isdigit()):
            self.pos += 1
        command.flags = self.s[start:self.pos]
        if self.pos < len(self.s) and self.s[self.pos] not in " \t\n;}":
            raise self.fail("unknown option to `s'")
        command.regex = self.compile(pattern, command.flags)

    def transliteration(self, command: SedCommand) -> None:
        delimiter = self.s[self.pos]
        self.pos += 1
        source = self.until(delimiter, "unterminated `y' command")
        target = self.until(delimiter, "unterminated `y' command")
        if len(source) != len(target):
            raise self.fail("strings for `y' command are different lengths")
        command.text = source + "\0" + target


def substitute(command: SedCommand, line: str) -> tuple[str, bool]:
    digits = "".join(c for c in command.flags if c.isdigit())
    nth, every = int(digits) if digits else 1, "g" in command.flags
    out, last, count, changed = [], 0, 0, False
    for match in posix_matches(command.regex, line):
        count += 1
        if count < nth:
            continue
        out.append(line[last:match.start()])
        out.append(_expand_replacement(command.replacement, match))
        last, changed = match.end(), True
        if not every:
            break
    out.append(line[last:])
    return "".join(out), changed


def _expand_replacement(template: str, match) -> str:
    out, i = [], 0
    while i < len(template):
        c = template[i]
        if c == "&":
            out.append(match.group(0))
        elif c == "\\" and i + 1 < len(template):
            nxt = template[i + 1]
            i += 1
            if nxt.isdigit():
                index = int(nxt)
                out.append((match.group(index) or "") if index <= len(match.groups()) else "")
            else:
                out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
        else:
            out.append(c)
        i += 1
    return "".join(out)


def run_script(commands: list[SedCommand], text: str, quiet: bool) -> str:
    lines = text.split("\n")
    trailing_newline = text.endswith("\n")
    if trailing_newline:
        lines.pop()
    out: list[str] = []
    for number, line in enumerate(lines, 1):
        is_last = number == len(lines)
        before, after, deleted, stop = [], [], False, False
        for command in commands:
            if not command.selects(number, is_last, line):
                continue
            name = command.name
            if name == "s":
                line, changed = substitute(command, line)
                if changed and "p" in command.flags:
                    before.append(line)
            elif name == "p":
                before.append(line)
            elif name == "d":
                deleted = True
                break
            elif name == "q":
                stop = True
                break
            elif name == "=":
                before.append(str(number))
            elif name == "y":
                source, target = command.text.split("\0")
                line = line.translate(str.maketrans(source, target))
            elif name == "i":
                before.append(command.text)
            elif name == "a":
                after.append(command.text)
            elif name == "c":
                deleted = True
                before.append(command.text)
                break
        out.extend(before)
        if not deleted and not quiet:
            out.append(line)
        out.extend(after)
        if stop:
            break
    result = "\n".join(out)
    return result + "\n" if out and trailing_newline else result


def sed(ctx: Invocation) -> int:
    try:
        options, operands = getopt(_split_inplace(ctx.argv[1:]), "ne:Erif:s", {
            "quiet": "n", "silent": "n", "expression=": "e", "regexp-extended": "E",
            "in-place": "i", "in-place=": "I", "separate": "s"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    flags = {k for k, _ in options}
    scripts = [v for k, v in options if k == "e"]
    if not scripts:
        if not operands:
            ctx.stderr.write(USAGE)
            return 1
        scripts = [operands.pop(0)]
    try:
        commands = [c for index, script in enumerate(scripts, 1)
                    for c in _ScriptParser(script, bool(flags & {"E", "r"}), index).parse()]
    except SedError as exc:
        return ctx.error(str(exc))
    if flags & {"i", "I"}:
        return _in_place(ctx, commands, operands, "n" in flags)
    status, text = 0, []
    for name in operands or ["-"]:
        try:
            data = ctx.stdin if name == "-" else ctx.fs.read(name, ctx.cwd)
        except FSError as exc:
            status = ctx.error(f"can't read {name}: {exc.strerror}", 2)
            continue
        text.append(data.decode(errors="replace"))
    ctx.stdout.write(run_script(commands, "".join(text), "n" in flags))
    return status


def _split_inplace(args: list[str]) -> list[str]:
    """`-i.bak` is -i with a backup suffix (we keep no backups), not -i -. -b -a -k."""
    return ["-i" if a.startswith("-i") and len(a) > 2 and not a[2:].isalpha() else a
            for a in args]


def _in_place(ctx: Invocation, commands: list[SedCommand], operands: list[str],
              quiet: bool) -> int:
    if not operands:
        return ctx.error("no input files", 1)
    status = 0
    for name in operands:
        try:
            data = ctx.fs.read(name, ctx.cwd).decode(errors="replace")
        except FSError as exc:
            status = ctx.error(f"can't read {name}: {exc.strerror}", 2)
            continue
        for command in commands:
            command.active = False
        ctx.fs.write(name, run_script(commands, data, quiet), ctx.cwd)
    return status


def register(registry: CommandRegistry) -> None:
    registry.register("sed", sed)
