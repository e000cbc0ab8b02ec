"""File commands on the virtual filesystem: cat, ls, mkdir, touch, rm, cp, mv, tee, chmod.

Messages follow GNU coreutils in the C locale (`ls: cannot access 'x': No such file or
directory`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..fs import FSError, Node, basename, normpath
from ..registry import CommandRegistry, Invocation
from .options import UsageError, getopt, read_inputs, usage_error

SIX_MONTHS = 182 * 86400


def cat(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "nEAsuv", {"number": "n", "show-ends": "E"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    flags = {k for k, _ in options}
    status, line_no = 0, 0
    for name, data in read_inputs(ctx, operands):
        if isinstance(data, FSError):
            status = ctx.error(f"{name}: {data.strerror}")
            continue
        if flags & {"n", "E"}:
            data, line_no = _decorate(data, "n" in flags, "E" in flags, line_no)
        ctx.stdout.write(data)
    return status


def _decorate(data: bytes, number: bool, ends: bool, line_no: int) -> tuple[bytes, int]:
    out = []
    for line in data.splitlines(keepends=True):
        body, newline = (line[:-1], b"\n") if line.endswith(b"\n") else (line, b"")
        if number:
            line_no += 1
            body = f"{line_no:6d}\t".encode() + body
        out.append(body + (b"$" if ends and newline else b"") + newline)
    return b"".join(out), line_no


def ls(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "laA1dhrt", {"all": "a", "almost-all": "A"})
    except UsageError as exc:
        return usage_error(ctx, exc, 2)
    flags = {k for k, _ in options}
    status, files, dirs = 0, [], []
    for operand in operands or ["."]:
        node = ctx.fs.lookup(operand, ctx.cwd)
        if node is None:
            ctx.error(f"cannot access '{operand}': No such file or directory")
            status = 2
        elif node.is_dir and "d" not in flags:
            dirs.append((operand, node))
        else:
            files.append((operand, node))
    out: list[str] = []
    if files:
        out.append(_listing(ctx, files, flags, total=False))
    for operand, node in dirs:
        entries = [(name, child) for name, child in sorted(node.entries.items())
                   if _shown(name, flags)]
        if "a" in flags:
            entries = [(".", node), ("..", node)] + entries
        header = f"{operand}:\n" if len(dirs) + len(files) > 1 else ""
        out.append(header + _listing(ctx, entries, flags, total=True))
    ctx.stdout.write("\n".join(chunk for chunk in out if chunk or not files))
    return status


def _shown(name: str, flags: set[str]) -> bool:
    return not name.startswith(".") or bool(flags & {"a", "A"})


def _listing(ctx: Invocation, entries: list[tuple[str, Node]], flags: set[str],
             total: bool) -> str:
    if "t" in flags:
        entries = sorted(entries, key=lambda e: -e[1].mtime)
    if "r" in flags:
        entries = entries[::-1]
    if "l" in flags:
        return _long_listing(ctx, entries, total, "h" in flags)
    names = [name for name, _ in entries]
    if not names:
        return ""
    return "".join(name + "\n" for name in names)


def _long_listing(ctx: Invocation, entries: list[tuple[str, Node]], total: bool,
                  human: bool) -> str:
    now = ctx.shell.clock()
    rows = []
    for name, node in entries:
        links = 2 + sum(1 for c in node.entries.values() if c.is_dir) if node.is_dir else 1
        size = _human(node.size) if human else str(node.size)
        rows.append((_mode_string(node), str(links), size, _mtime(node.mtime, now), name))
    link_width = max(len(r[1]) for r in rows) if rows else 1
    size_width = max(len(r[2]) for r in rows) if rows else 1
    lines = [f"{mode} {links:>{link_width}} learner learner {size:>{size_width}} {when} {name}"
             for mode, links, size, when, name in rows]
    if total:
        blocks = sum(-(-n.size // 4096) * 4 for name, n in entries if name not in (".", ".."))
        lines.insert(0, f"total {blocks}")
    return "".join(line + "\n" for line in lines)


def _mode_string(node: Node) -> str:
    bits = "".join(flag if node.mode & (1 << (8 - i)) else "-"
                   for i, flag in enumerate("rwxrwxrwx"))
    if node.mode & 0o1000:
        bits = bits[:-1] + ("t" if node.mode & 1 else "T")
    return ("d" if node.is_dir else "-") + bits


def _mtime(moment: float, now: float) -> str:
    when = datetime.fromtimestamp(moment, UTC)
    recent = now - SIX_MONTHS < moment <= now + 3600
    tail = when.strftime("%H:%M") if recent else f" {when.year}"
    return f"{when.strftime('%b')} {when.day:2d} {tail}"


def _human(size: int) -> str:
    for unit in ("", "K", "M", "G"):
        if size < 1024 or unit == "G":
            return f"{size}{unit}" if unit == "" or size >= 10 else f"{size:.1f}{unit}"
        size = -(-size // 1024) if size >= 10 * 1024 else size / 1024
    return str(size)


def mkdir(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "pvm:", {"parents": "p"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    if not operands:
        return usage_error(ctx, UsageError("missing operand"))
    parents, status = any(k == "p" for k, _ in options), 0
    for operand in operands:
        try:
            ctx.fs.mkdir(operand, ctx.cwd, parents=parents)
        except FSError as exc:
            status = ctx.error(f"cannot create directory '{operand}': {exc.strerror}")
    return status


def touch(ctx: Invocation) -> int:
    operands = [a for a in ctx.argv[1:] if not a.startswith("-")]
    if not operands:
        return usage_error(ctx, UsageError("missing file operand"))
    status = 0
    for operand in operands:
        try:
            ctx.fs.touch(operand, ctx.cwd)
        except FSError as exc:
            status = ctx.error(f"cannot touch '{operand}': {exc.strerror}")
    return status


def rm(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "rRfiv", {"recursive": "r", "force": "f"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    flags = {k for k, _ in options}
    recursive, force, status = bool(flags & {"r", "R"}), "f" in flags, 0
    if not operands and not force:
        return usage_error(ctx, UsageError("missing operand"))
    for operand in operands:
        if recursive and normpath(operand, ctx.cwd) == "/":
            ctx.error("it is dangerous to operate recursively on '/'")
            status = ctx.error("use --no-preserve-root to override this failsafe")
            continue
        try:
            ctx.fs.remove(operand, ctx.cwd, recursive=recursive)
        except FSError as exc:
            if not (force and exc.code == "ENOENT"):
                status = ctx.error(f"cannot remove '{operand}': {exc.strerror}")
    return status


def cp(ctx: Invocation) -> int:
    return _copy_or_move(ctx, move=False)


def mv(ctx: Invocation) -> int:
    return _copy_or_move(ctx, move=True)


def _copy_or_move(ctx: Invocation, move: bool) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "rRfvanpi", {"recursive": "r", "force": "f"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    recursive = move or bool({k for k, _ in options} & {"r", "R", "a"})
    if not operands:
        return usage_error(ctx, UsageError("missing file operand"))
    if len(operands) == 1:
        return usage_error(ctx, UsageError(
            f"missing destination file operand after '{operands[0]}'"))
    *sources, dest = operands
    into_dir = ctx.fs.is_dir(dest, ctx.cwd)
    if len(sources) > 1 and not into_dir:
        return ctx.error(f"target '{dest}' is not a directory")
    status = 0
    for source in sources:
        target = f"{dest.rstrip('/')}/{basename(source)}" if into_dir else dest
        status = _transfer(ctx, source, target, move, recursive) or status
    return status


def _transfer(ctx: Invocation, source: str, target: str, move: bool, recursive: bool) -> int:
    node = ctx.fs.lookup(source, ctx.cwd)
    if node is None:
        return ctx.error(f"cannot stat '{source}': No such file or directory")
    if node.is_dir and not recursive:
        return ctx.error(f"-r not specified; omitting directory '{source}'")
    existing = ctx.fs.lookup(target, ctx.cwd)
    if existing is not None and existing.is_dir and not node.is_dir:
        return ctx.error(f"cannot overwrite directory '{target}' with non-directory")
    try:
        if move:
            ctx.fs.move(source, target, ctx.cwd)
        elif node.is_dir:
            ctx.fs.copy_node(source, target, ctx.cwd)
        else:
            ctx.fs.write(target, ctx.fs.read(source, ctx.cwd), ctx.cwd)
    except FSError as exc:
        verb = "cannot move" if move else "cannot create regular file"
        detail = f"'{source}' to '{target}'" if move else f"'{target}'"
        return ctx.error(f"{verb} {detail}: {exc.strerror}")
    return 0


def tee(ctx: Invocation) -> int:
    try:
        options, operands = getopt(ctx.argv[1:], "ai", {"append": "a"})
    except UsageError as exc:
        return usage_error(ctx, exc)
    append, status = any(k == "a" for k, _ in options), 0
    data = ctx.stdin
    for operand in operands:
        try:
            ctx.fs.write(operand, data, ctx.cwd, append=append)
        except FSError as exc:
            status = ctx.error(f"{operand}: {exc.strerror}")
    ctx.stdout.write(data)
    return status


def chmod(ctx: Invocation) -> int:
    args = [a for a in ctx.argv[1:] if a not in ("-R", "-v")]
    if len(args) < 2:
        return usage_error(ctx, UsageError("missing operand"))
    mode, status = args[0], 0
    for operand in args[1:]:
        node = ctx.fs.lookup(operand, ctx.cwd)
        if node is None:
            status = ctx.error(f"cannot access '{operand}': No such file or directory")
            continue
        new = _apply_mode(node.mode, mode)
        if new is None:
            return ctx.error(f"invalid mode: '{mode}'")
        node.mode = new
    return status


def _apply_mode(current: int, spec: str) -> int | None:
    if spec.isdigit() and set(spec) <= set("01234567"):
        return int(spec, 8)
    who, _, perms = spec.partition("+") if "+" in spec else spec.partition("-")
    op = "+" if "+" in spec else "-" if "-" in spec else None
    if op is None or set(perms) - set("rwx") or set(who) - set("ugoa"):
        return None
    bits = 0
    for scope, shift in (("u", 6), ("g", 3), ("o", 0)):
        if not who or "a" in who or scope in who:
            bits |= sum({"r": 4, "w": 2, "x": 1}[p] for p in set(perms)) << shift
    return current | bits if op == "+" else current & ~bits


def register(registry: CommandRegistry) -> None:
    for name, fn in (("cat", cat), ("ls", ls), ("mkdir", mkdir), ("touch", touch), ("rm", rm),
                     ("cp", cp), ("mv", mv), ("tee", tee), ("chmod", chmod)):
        registry.register(name, fn)
