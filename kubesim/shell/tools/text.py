"""Line and column tools: head, tail, cut, wc, sort, uniq, tr (GNU behaviour, C locale)."""

from __future__ import annotations

from ..fs import FSError
from ..registry import CommandRegistry, Invocation
from .options import UsageError, getopt, read_inputs, usage_error


def _numeric_shortcut(args: list[str]) -> list[str]:
    """`head -5` (the first argument only, as GNU) means `head -n 5`."""
    if args and args[0][:1] == "-" and args[0][1:].isdigit():
        return [f"-n{args[0][1:]}"] + args[1:]
    return args


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def head(ctx: Invocation) -> int:
    return _head_or_tail(ctx, tail=False)


def tail(ctx: Invocation) -> int:
    return _head_or_tail(ctx, tail=True)


def _head_or_tail(ctx: Invocation, tail: bool) -> int:
    try:
        options, operands = getopt(_numeric_shortcut(ctx.argv[1:]), "n:c:qvf",
                                   {"lines=": "n", "bytes=": "c", "quiet": "q", "follow": "f"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    unit, count = "n", "10"
    for key, value in options:
        if key in "nc":
            unit, count = key, value
    what = "lines" if unit == "n" else "bytes"
    text = count.lstrip("+-")
    if not text.isdigit():
        return ctx.error(f"invalid number of {what}: '{count}'")
    number, from_start = int(text), count.startswith("+") or (count.startswith("-") and not tail)
    status, many = 0, len(operands) > 1
    for index, (name, data) in enumerate(read_inputs(ctx, operands)):
        if isinstance(data, FSError):
            status = ctx.error(f"cannot open '{name}' for reading: {data.strerror}")
            continue
        if many:
            shown = "standard input" if name == "-" else name
            ctx.stdout.write(("\n" if index else "") + f"==> {shown} <==\n")
        items = _lines(data) if unit == "n" else [bytes([b]) for b in data]
        ctx.stdout.write(b"".join(_select(items, number, tail, from_start)))
    return status


def _select(items: list[bytes], number: int, tail: bool, from_start: bool) -> list[bytes]:
    if tail:
        return items[max(number - 1, 0):] if from_start else (items[-number:] if number else [])
    return items[:-number] if from_start and number else ([] if from_start else items[:number])


def cut(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "d:f:c:b:s", {
            "delimiter=": "d", "fields=": "f", "characters=": "c", "bytes=": "b",
            "only-delimited": "s"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    opts = dict(options)
    modes = [k for k in "fcb" if k in opts]
    if not modes:
        return usage_error(ctx, UsageError(
            "you must specify a list of bytes, characters, or fields"))
    if len(modes) > 1:
        return usage_error(ctx, UsageError("only one list may be specified"))
    delimiter = opts.get("d", "\t")
    if len(delimiter) != 1:
        return usage_error(ctx, UsageError("the delimiter must be a single character"))
    ranges = _parse_list(opts[modes[0]])
    if ranges is None:
        return usage_error(ctx, UsageError(f"invalid field value '{opts[modes[0]]}'"))
    ranges = _merge(ranges)
    status = 0
    for name, data in read_inputs(ctx, operands):
        if isinstance(data, FSError):
            status = ctx.error(f"{name}: {data.strerror}")
            continue
        for line in data.decode(errors="replace").splitlines():
            out = _cut_line(line, modes[0], ranges, delimiter, "s" in opts)
            if out is not None:
                ctx.stdout.write(out + "\n")
    return status


def _parse_list(spec: str) -> list[tuple[int, int]] | None:
    ranges = []
    for piece in spec.split(","):
        start, dash, end = piece.partition("-")
        try:
            low = int(start) if start else 1
            high = int(end) if end else (10**9 if dash else low)
        except ValueError:
            return None
        if low < 1 or high < low:
            return None
        ranges.append((low, high))
    return ranges


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges: cut prints each selected item once, in input order."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _cut_line(line: str, mode: str, ranges, delimiter: str, only_delimited: bool):
    if mode in "cb":
        return "".join(line[low - 1:high] for low, high in ranges)
    if delimiter not in line:
        return None if only_delimited else line
    fields = line.split(delimiter)
    return delimiter.join(f for low, high in ranges for f in fields[low - 1:high])


def wc(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "lwcm", {
            "lines": "l", "words": "w", "bytes": "c", "chars": "m"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    flags = [k for k in "lwmc" if any(key == k for key, _ in options)] or ["l", "w", "c"]
    rows, status = [], 0
    for name, data in read_inputs(ctx, operands):
        if isinstance(data, FSError):
            status = ctx.error(f"{name}: {data.strerror}")
            continue
        counts = {"l": data.count(b"\n"), "w": len(data.split()), "c": len(data),
                  "m": len(data.decode(errors="replace"))}
        rows.append(([counts[f] for f in flags], "" if name == "-" else name))
    if len(rows) > 1:
        rows.append(([sum(r[0][i] for r in rows) for i in range(len(flags))], "total"))
    width = 1 if len(flags) == 1 and len(rows) == 1 else max(
        [len(str(n)) for r in rows for n in r[0]] + [1 if operands else 7])
    for numbers, name in rows:
        line = " ".join(f"{n:>{width}}" for n in numbers)
        ctx.stdout.write(line + (f" {name}" if name else "") + "\n")
    return status


def sort(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "nrufk:t:hV", {
            "numeric-sort": "n", "reverse": "r", "unique": "u", "key=": "k",
            "field-separator=": "t", "ignore-case": "f"})
    except UsageError as exc:
        return usage_error(ctx, exc, 2)
    flags = {k for k, _ in options}
    keys = [v for k, v in options if k == "k"]
    separator = next((v for k, v in options if k == "t"), None)
    lines, status = [], 0
    for name, data in read_inputs(ctx, operands):
        if isinstance(data, FSError):
            status = ctx.error(f"cannot read: {name}: {data.strerror}", 2)
            continue
        lines.extend(data.decode(errors="replace").splitlines())

    def key(line: str):
        text = _sort_field(line, keys[0], separator) if keys else line
        text = text.lower() if "f" in flags else text
        return (_leading_number(text), line) if flags & {"n", "h"} else (text, line)

    result = sorted(lines, key=key, reverse="r" in flags)
    if "u" in flags:
        seen, unique = set(), []
        for line in result:
            k = key(line)[0]
            if k not in seen:
                seen.add(k)
                unique.append(line)
        result = unique
    ctx.stdout.write("".join(line + "\n" for line in result))
    return status


def _sort_field(line: str, spec: str, separator: str | None) -> str:
    start, _, end = spec.partition(",")
    first = int("".join(c for c in start.split(".")[0] if c.isdigit()) or 1)
    last = int("".join(c for c in end.split(".")[0] if c.isdigit()) or 0) if end else 0
    fields = line.split(separator) if separator else line.split()
    chosen = fields[first - 1:last if last else None]
    return (separator or " ").join(chosen)


def _leading_number(text: str) -> float:
    text = text.strip()
    end = 0
    while end < len(text) and (text[end].isdigit() or text[end] in ".-" and end == 0 or
                               text[end] == "." and "." not in text[:end]):
        end += 1
    try:
        return float(text[:end])
    except ValueError:
        return 0.0


def uniq(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "cdui", {"count": "c"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    flags = {k for k, _ in options}
    name, data = next(read_inputs(ctx, operands[:1]))
    if isinstance(data, FSError):
        return ctx.error(f"{name}: {data.strerror}")
    groups: list[list[str]] = []
    for line in data.decode(errors="replace").splitlines():
        same = groups and (groups[-1][0].lower() == line.lower() if "i" in flags
                           else groups[-1][0] == line)
        if same:
            groups[-1].append(line)
        else:
            groups.append([line])
    for group in groups:
        if ("d" in flags and len(group) < 2) or ("u" in flags and len(group) > 1):
            continue
        prefix = f"{len(group):7d} " if "c" in flags else ""
        ctx.stdout.write(prefix + group[0] + "\n")
    return 0


CLASSES = {
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "lower": "abcdefghijklmnopqrstuvwxyz",
    "digit": "0123456789", "space": " \t\n\r\f\v", "blank": " \t",
    "punct": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
}
CLASSES["alpha"] = CLASSES["upper"] + CLASSES["lower"]
CLASSES["alnum"] = CLASSES["alpha"] + CLASSES["digit"]
TR_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "a": "\a", "b": "\b", "f": "\f",
              "v": "\v"}


def expand_set(spec: str) -> str | None:
    out, i = [], 0
    while i < len(spec):
        if spec.startswith("[:", i) and ":]" in spec[i + 2:]:
            end = spec.index(":]", i + 2)
            name = spec[i + 2:end]
            if name not in CLASSES:
                return None
            out.append(CLASSES[name])
            i = end + 2
            continue
        char, i = _tr_char(spec, i)
        if spec[i:i + 1] == "-" and i + 1 < len(spec):
            last, i = _tr_char(spec, i + 1)
            if ord(last) < ord(char):
                return None
            out.append("".join(chr(c) for c in range(ord(char), ord(last) + 1)))
        else:
            out.append(char)
    return "".join(out)


def _tr_char(spec: str, i: int) -> tuple[str, int]:
    if spec[i] == "\\" and i + 1 < len(spec):
        nxt = spec[i + 1]
        if nxt in "01234567":
            end = i + 1
            while end < len(spec) and end < i + 4 and spec[end] in "01234567":
                end += 1
            return chr(int(spec[i + 1:end], 8)), end
        return TR_ESCAPES.get(nxt, nxt), i + 2
    return spec[i], i + 1


def tr(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "dscC", {"delete": "d", "squeeze-repeats": "s",
                                                           "complement": "c"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    flags = {k for k, _ in options}
    delete, squeeze = "d" in flags, "s" in flags
    needed = 1 if delete or (squeeze and len(operands) == 1) else 2
    if len(operands) < needed:
        what = "missing operand" if not operands else f"missing operand after '{operands[0]}'"
        return usage_error(ctx, UsageError(what))
    sets = [expand_set(s) for s in operands[:2]]
    if any(s is None for s in sets):
        return ctx.error("invalid character class or range")
    text = ctx.stdin.decode("latin-1")
    first = sets[0]
    if flags & {"c", "C"}:
        first = "".join(chr(c) for c in range(256) if chr(c) not in first)
    if delete:
        text = "".join(c for c in text if c not in first)
        squeeze_set = sets[1] if len(sets) > 1 else ""
    elif len(sets) > 1:
        second = sets[1] or ""
        second = second + second[-1:] * max(0, len(first) - len(second))
        table = {ord(a): b for a, b in zip(first, second)}
        text = text.translate(table)
        squeeze_set = sets[1]
    else:
        squeeze_set = first
    if squeeze:
        text = _squeeze(text, squeeze_set)
    ctx.stdout.write(text.encode("latin-1", errors="replace"))
    return 0


def _squeeze(text: str, chars: str) -> str:
    out: list[str] = []
    for c in text:
        if out and out[-1] == c and c in chars:
            continue
        out.append(c)
    return "".join(out)


def register(registry: CommandRegistry) -> None:
    for name, fn in (("head", head), ("tail", tail), ("cut", cut), ("wc", wc),
                     ("sort", sort), ("uniq", uniq), ("tr", tr)):
        registry.register(name, fn)
