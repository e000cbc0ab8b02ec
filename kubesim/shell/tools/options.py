"""Command-line option parsing as GNU getopt does it, with GNU's error wording.

`getopt(args, "inc:", {"count": "c"})` returns the options in order as (key, value) pairs and
the operands. Options may follow operands (GNU permutes them) until `--`. Short options can be
grouped (`-ic`) and take their value attached or as the next word (`-n5`, `-n 5`); long options
take theirs as `--name=value` or the next word, and may be abbreviated when unambiguous.
"""

from __future__ import annotations

from ..registry import Invocation


class UsageError(Exception):
    """Bad options; the message is the first line GNU prints (without the program name)."""


def getopt(args: list[str], short: str, long: dict[str, str] | None = None,
           permute: bool = True) -> tuple[list[tuple[str, str | None]], list[str]]:
    """`long` maps a long name (with a trailing `=` when it takes a value) to its key."""
    long = long or {}
    takes_value = {c for i, c in enumerate(short) if short[i + 1:i + 2] == ":"}
    options: list[tuple[str, str | None]] = []
    operands: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            operands.extend(args[index:])
            break
        if arg.startswith("--"):
            index = _long_option(arg, args, index, long, options)
        elif arg.startswith("-") and arg != "-":
            index = _short_options(arg, args, index, short, takes_value, options)
        elif permute:
            operands.append(arg)
        else:
            operands.extend(args[index - 1:])
            break
    return options, operands


def _long_option(arg, args, index, long, options) -> int:
    name, has_value, value = arg[2:].partition("=")
    candidates = [key for key in long if key.rstrip("=") == name]
    if not candidates:
        candidates = [key for key in long if key.startswith(name)]
    if not candidates:
        raise UsageError(f"unrecognized option '{arg}'")
    if len(candidates) > 1:
        raise UsageError(f"option '{arg}' is ambiguous")
    key = candidates[0]
    if key.endswith("="):
        if not has_value:
            if index >= len(args):
                raise UsageError(f"option '--{key.rstrip('=')}' requires an argument")
            value, index = args[index], index + 1
        options.append((long[key], value))
    else:
        if has_value:
            raise UsageError(f"option '--{key}' doesn't allow an argument")
        options.append((long[key], None))
    return index


def _short_options(arg, args, index, short, takes_value, options) -> int:
    position = 1
    while position < len(arg):
        char = arg[position]
        position += 1
        if char not in short or char == ":":
            raise UsageError(f"invalid option -- '{char}'")
        if char in takes_value:
            if position < len(arg):
                options.append((char, arg[position:]))
            elif index < len(args):
                options.append((char, args[index]))
                index += 1
            else:
                raise UsageError(f"option requires an argument -- '{char}'")
            return index
        options.append((char, None))
    return index


def usage_error(ctx: Invocation, error: UsageError, status: int = 1) -> int:
    ctx.stderr.write(f"{ctx.name}: {error}\nTry '{ctx.name} --help' for more information.\n")
    return status


def builtin_error(ctx: Invocation, message: str, status: int = 1) -> int:
    """Errors of bash builtins carry the shell's name: `bash: cd: x: No such file or directory`."""
    ctx.stderr.write(f"{ctx.shell.name}: {ctx.name}: {message}\n")
    return status


def read_inputs(ctx: Invocation, operands: list[str]):
    """Yield (name, bytes) for each file operand (`-` or none: standard input).

    A file that cannot be read yields (name, FSError) so the tool can word its own message.
    """
    from ..fs import FSError

    for name in operands or ["-"]:
        if name == "-":
            yield name, ctx.stdin
            continue
        try:
            yield name, ctx.fs.read(name, ctx.cwd)
        except FSError as exc:
            yield name, exc
