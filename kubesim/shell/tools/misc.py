"""`base64` (GNU coreutils) and `xargs` (GNU findutils, the common options)."""

from __future__ import annotations

import base64 as b64
import binascii
import shlex

from ..fs import FSError
from ..registry import CommandRegistry, Invocation, Streams
from .options import UsageError, getopt, read_inputs, usage_error


def base64(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "diw:", {
            "decode": "d", "ignore-garbage": "i", "wrap=": "w"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    opts = dict(options)
    if len(operands) > 1:
        return usage_error(ctx, UsageError(f"extra operand '{operands[1]}'"))
    name, data = next(read_inputs(ctx, operands))
    if isinstance(data, FSError):
        return ctx.error(f"{name}: {data.strerror}")
    if "d" in opts:
        return _decode(ctx, data, "i" in opts)
    wrap = opts.get("w", "76")
    if not wrap.isdigit():
        return ctx.error(f"invalid wrap size: '{wrap}'")
    encoded = b64.b64encode(data).decode("ascii")
    width = int(wrap)
    if width and encoded:
        encoded = "\n".join(encoded[i:i + width] for i in range(0, len(encoded), width))
    ctx.stdout.write(encoded + ("\n" if encoded and width else ""))
    return 0


ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _decode(ctx: Invocation, data: bytes, ignore_garbage: bool) -> int:
    """GNU decodes what it can up to the first invalid byte, prints it, then complains."""
    text = bytes(c for c in data if c not in b"\r\n" and (not ignore_garbage or c in ALPHABET))
    bad = next((i for i, c in enumerate(text) if c not in ALPHABET), len(text))
    good = text[:bad]
    complete = len(good) // 4 * 4
    try:
        decoded = b64.b64decode(good[:complete], validate=True)
        tail = good[complete:]
        if len(tail.rstrip(b"=")) > 1:
            decoded += b64.b64decode(tail.rstrip(b"=") + b"=" * (-len(tail.rstrip(b"=")) % 4))
    except binascii.Error:
        return ctx.error("invalid input")
    ctx.stdout.write(decoded)
    if bad < len(text) or complete < len(good):
        return ctx.error("invalid input")
    return 0


def xargs(ctx: Invocation) -> int:
    try:
        options, command = getopt(ctx.argv[1:], "n:I:r0td:", {
            "max-args=": "n", "no-run-if-empty": "r", "null": "0", "verbose": "t",
            "delimiter=": "d"}, permute=False)
    except UsageError as exc:
        return usage_error(ctx, exc)
    opts = dict(options)
    command = command or ["echo"]
    items = _items(ctx.stdin.decode(errors="replace"), opts)
    if items is None:
        return ctx.error("unmatched quote; by default quotes are special to xargs unless "
                         "you use the -0 option")
    if "I" in opts:
        batches = [[part.replace(opts["I"], item) for part in command] for item in items]
    else:
        size = int(opts["n"]) if opts.get("n", "").isdigit() and int(opts["n"]) > 0 else 0
        groups = [items[i:i + size] for i in range(0, len(items), size)] if size else [items]
        batches = [command + group for group in groups if group or "r" not in opts]
    status = 0
    for argv in batches:
        ctx.shell.tick()
        if "t" in opts:
            ctx.stderr.write(" ".join(argv) + "\n")
        code = ctx.shell.call(argv, Streams(_empty(), ctx.stdout, ctx.stderr))
        if code == 127:
            return 127
        status = 123 if code else status
    return status


def _items(text: str, opts: dict) -> list[str] | None:
    if "0" in opts:
        return [item for item in text.split("\0") if item]
    if "d" in opts:
        return [item for item in text.split(opts["d"][:1] or "\n") if item]
    if "I" in opts:
        return [line.strip() for line in text.splitlines() if line.strip()]
    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return None


def _empty():
    from ..registry import Input

    return Input(b"")


def register(registry: CommandRegistry) -> None:
    registry.register("base64", base64)
    registry.register("xargs", xargs)
