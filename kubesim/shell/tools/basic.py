"""Small everyday commands: echo, printf, true, false, pwd, env, which, clear, seq."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..registry import CommandRegistry, Invocation
from .formatting import printf as format_printf
from .formatting import unescape
from .options import UsageError, builtin_error, getopt, usage_error

MAX_SEQ = 1_000_000


def echo(ctx: Invocation) -> int:
    """bash's builtin echo: leading words made only of n, e, E are options."""
    args, newline, escapes = ctx.argv[1:], True, False
    while args and len(args[0]) > 1 and args[0][0] == "-" and set(args[0][1:]) <= set("neE"):
        for flag in args.pop(0)[1:]:
            newline = newline and flag != "n"
            escapes = flag == "e" if flag in "eE" else escapes
    text = " ".join(args)
    if escapes:
        text, stop = unescape(text)
        if stop:
            ctx.stdout.write(text)
            return 0
    ctx.stdout.write(text + ("\n" if newline else ""))
    return 0


def printf(ctx: Invocation) -> int:
    args = ctx.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        ctx.stderr.write(f"{ctx.shell.name}: printf: usage: printf [-v var] format [arguments]\n")
        return 2
    errors: list[str] = []
    text = format_printf(args[0], args[1:], errors.append)
    ctx.stdout.write(text)
    for message in errors:
        builtin_error(ctx, message)
    return 1 if errors else 0


def true(ctx: Invocation) -> int:
    return 0


def false(ctx: Invocation) -> int:
    return 1


def pwd(ctx: Invocation) -> int:
    ctx.stdout.write(ctx.cwd + "\n")
    return 0


def env(ctx: Invocation) -> int:
    """`env` prints the environment; `env NAME=value... COMMAND` runs a command with it."""
    args, extra = ctx.argv[1:], {}
    while args and "=" in args[0] and not args[0].startswith("="):
        name, _, value = args.pop(0).partition("=")
        extra[name] = value
    if args:
        return ctx.shell.call(args, _streams(ctx), extra)
    for name, value in sorted({**ctx.env, **extra}.items()):
        ctx.stdout.write(f"{name}={value}\n")
    return 0


def _streams(ctx: Invocation):
    from ..registry import Streams

    return Streams(ctx.stdin_stream, ctx.stdout, ctx.stderr)


def which(ctx: Invocation) -> int:
    status = 0
    names = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if not names:
        return 1
    for name in names:
        command = ctx.shell.commands.lookup(name)
        if command is None or command.path is None:
            status = 1
        else:
            ctx.stdout.write(command.path + "\n")
    return status


def clear(ctx: Invocation) -> int:
    ctx.stdout.write("\x1b[H\x1b[2J\x1b[3J")
    return 0


def seq(ctx: Invocation) -> int:
    args = ctx.argv[1:]
    # Negative numbers are operands, not options.
    numeric = [i for i, a in enumerate(args) if a.startswith("-") and _is_number(a)]
    shielded = [("\0" + a if i in numeric else a) for i, a in enumerate(args)]
    try:
        options, operands = getopt(shielded, "s:w", {"separator=": "s", "equal-width": "w"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    operands = [a.lstrip("\0") for a in operands]
    separator = next((v for k, v in options if k == "s"), "\n")
    equal_width = any(k == "w" for k, _ in options)
    if not 1 <= len(operands) <= 3:
        message = "missing operand" if not operands else f"extra operand '{operands[3]}'"
        return usage_error(ctx, UsageError(message))
    try:
        numbers = [Decimal(a) for a in operands]
    except InvalidOperation:
        bad = next(a for a in operands if not _is_number(a))
        return usage_error(ctx, UsageError(f"invalid floating point argument: '{bad}'"))
    first, step, last = (Decimal(1), Decimal(1), numbers[0]) if len(numbers) == 1 else (
        (numbers[0], Decimal(1), numbers[1]) if len(numbers) == 2 else numbers)
    if step == 0:
        return usage_error(ctx, UsageError(f"invalid Zero increment value: '{operands[1]}'"))
    count = int((last - first) / step) + 1 if (last - first) * step >= 0 else 0
    if count > MAX_SEQ:
        return ctx.error(f"too many numbers: {count:,} (the limit is {MAX_SEQ:,})")
    places = max(_decimals(a) for a in operands)
    values = [_format_number(first + step * i, places) for i in range(count)]
    if equal_width and values:
        width = max(len(v) for v in values)
        values = [v.zfill(width) if not v.startswith("-") else "-" + v[1:].zfill(width - 1)
                  for v in values]
    if values:
        ctx.stdout.write(separator.join(values) + "\n")
    return 0


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
        return True
    except InvalidOperation:
        return False


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _format_number(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}"


def register(registry: CommandRegistry) -> None:
    for name, fn in (("echo", echo), ("printf", printf), ("true", true), ("false", false),
                     ("pwd", pwd), ("env", env), ("which", which), ("clear", clear),
                     ("seq", seq)):
        registry.register(name, fn)
