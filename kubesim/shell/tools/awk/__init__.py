"""`awk`: a real subset of POSIX awk with gawk's messages.

Patterns (`/re/`, expressions, ranges, BEGIN, END), actions with if/while/do/for/for-in,
print/printf (with `>`, `>>` and `|` redirections), next, exit, arrays, user functions, the
usual variables (NR, NF, FNR, FS, OFS, ORS, FILENAME, ENVIRON, ...) and built-ins. Options:
-F FS, -v NAME=VALUE, -f PROGFILE. No getline. Regular expressions run on google-re2.
"""

from __future__ import annotations

from ...fs import FSError
from ...registry import CommandRegistry, Invocation
from ..options import UsageError, getopt
from .evaluate import AwkFatal
from .lexer import AwkSyntaxError
from .parser import AwkParser
from .runtime import AwkRuntime, _is_assignment, _unescape
from .values import StrNum

USAGE = ("Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\n"
         "Usage: awk [POSIX or GNU style options] [--] 'program' file ...\n")


def awk(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "F:v:f:", {
            "field-separator=": "F", "assign=": "v", "file=": "f"}, permute=False)
    except UsageError as exc:
        ctx.stderr.write(f"awk: {exc}\n{USAGE}")
        return 2
    sources = [v for k, v in options if k == "f"]
    if sources:
        try:
            source = "\n".join(ctx.fs.read(s, ctx.cwd).decode(errors="replace")
                               for s in sources)
        except FSError as exc:
            return ctx.error(f"fatal: can't open source file `{exc.path}' for reading: "
                             f"{exc.strerror}", 2)
    elif operands:
        source = operands.pop(0)
    else:
        ctx.stderr.write(USAGE)
        return 2
    try:
        program = AwkParser(source).program()
    except AwkSyntaxError as exc:
        ctx.stderr.write(_syntax_message(source, exc))
        return 1  # gawk's status for a syntax error; fatal run-time errors give 2
    except RecursionError:
        return ctx.error("cmd. line:1: fatal: program nested too deeply", 2)
    runtime = AwkRuntime(program, ctx)
    for key, value in options:
        if key == "F":
            runtime.vars["FS"] = "\t" if value == "t" else _unescape(value)
        elif key == "v":
            if not _is_assignment(value):
                return ctx.error(f"fatal: `{value}' is not a legal variable name", 2)
            name, _, text = value.partition("=")
            runtime.vars[name] = StrNum(_unescape(text))
    try:
        return runtime.run(operands)
    except RecursionError:
        return ctx.error("cmd. line:1: fatal: expression nested too deeply", 2)
    except AwkFatal as exc:
        if not exc.located:
            return ctx.error(f"fatal: {exc}", 2)
        where = "" if not runtime.vars.get("NR") else (
            f"(FILENAME={runtime.vars['FILENAME'] or '-'} FNR={int(runtime.vars['FNR'])}) ")
        return ctx.error(f"cmd. line:1: {where}fatal: {exc}", 2)


def _syntax_message(source: str, error: AwkSyntaxError) -> str:
    """gawk shows the line and a caret under the offending token."""
    pos = min(error.pos, len(source))
    line_no = source.count("\n", 0, pos) + 1
    start = source.rfind("\n", 0, pos) + 1
    end = source.find("\n", pos)
    line = source[start:end if end >= 0 else len(source)]
    prefix = f"awk: cmd. line:{line_no}: "
    caret = " " * (pos - start) + "^ " + str(error)
    return f"{prefix}{line}\n{prefix}{caret}\n"


def register(registry: CommandRegistry) -> None:
    registry.register("awk", awk)
    registry.register("gawk", awk)
