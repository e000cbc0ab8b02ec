"""`sleep` and `date`, both on the shell's virtual clock (UTC)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from ..registry import CommandRegistry, Invocation
from .options import UsageError, getopt, usage_error

UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_FORMAT = "%a %b %e %H:%M:%S %Z %Y"


def parse_duration(text: str) -> float | None:
    """`30`, `45s`, `2m`, `1h`, `0.5`, `1.5d` as seconds; None when not a duration."""
    unit = text[-1:] if text[-1:] in UNITS and text[-1:] else ""
    number = text[:-1] if unit else text
    try:
        value = float(number)
    except ValueError:
        return None
    if not math.isfinite(value) or value < 0 or not number.strip():
        return None
    return value * UNITS[unit]


def sleep(ctx: Invocation) -> int:
    args = [a for a in ctx.argv[1:] if a != "--"]
    if not args:
        return usage_error(ctx, UsageError("missing operand"))
    total = 0.0
    for arg in args:
        seconds = parse_duration(arg)
        if seconds is None:
            return usage_error(ctx, UsageError(f"invalid time interval '{arg}'"))
        total += seconds
    ctx.shell.sleep(total)
    return 0


def date(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "uRId:", {
            "utc": "u", "universal": "u", "rfc-2822": "R", "iso-8601": "I", "date=": "d"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    moment = ctx.shell.clock()
    fmt = DEFAULT_FORMAT
    for key, value in options:
        if key == "R":
            fmt = "%a, %d %b %Y %H:%M:%S +0000"
        elif key == "I":
            fmt = "%Y-%m-%d"
        elif key == "d":
            if not value.startswith("@"):
                return ctx.error(f"invalid date '{value}'")
            try:
                moment = float(value[1:])
            except ValueError:
                return ctx.error(f"invalid date '{value}'")
    for operand in operands:
        if not operand.startswith("+"):
            return ctx.error(f"invalid date '{operand}'")
        fmt = operand[1:]
    ctx.stdout.write(format_time(moment, fmt) + "\n")
    return 0


def format_time(moment: float, fmt: str) -> str:
    when = datetime.fromtimestamp(moment, UTC)
    # Python's strftime lacks %N and %s, and %e is not portable: fill them in first.
    fmt = fmt.replace("%N", f"{round(moment % 1 * 1e9):09d}").replace(
        "%s", str(int(moment))).replace("%e", f"{when.day:2d}")
    return when.strftime(fmt)


def register(registry: CommandRegistry) -> None:
    registry.register("sleep", sleep)
    registry.register("date", date)
