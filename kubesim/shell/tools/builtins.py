"""Shell builtins that change the shell itself: cd, export, unset, read, exit, break, continue,
`:`, set, source / `.`, shift, and `sh` / `bash` (a child shell for `sh -c` and scripts)."""

from __future__ import annotations

import re

from ..fs import FSError
from ..interp import ExitShell, LoopControl
from ..lexer import is_name
from ..registry import CommandRegistry, Invocation
from .options import builtin_error


def cd(ctx: Invocation) -> int:
    shell, args = ctx.shell, ctx.argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if len(args) > 1:
        return builtin_error(ctx, "too many arguments")
    target = args[0] if args else shell.vars.get("HOME", "")
    if target == "-":
        target = shell.vars.get("OLDPWD", "")
        if not target:
            return builtin_error(ctx, "OLDPWD not set")
        ctx.stdout.write(target + "\n")
    if not target:
        return 0
    node = ctx.fs.lookup(target, shell.cwd)
    if node is None or not node.is_dir:
        reason = "No such file or directory" if node is None else "Not a directory"
        return builtin_error(ctx, f"{target}: {reason}")
    shell.chdir(target)
    return 0


def export(ctx: Invocation) -> int:
    shell, status = ctx.shell, 0
    names = [a for a in ctx.argv[1:] if a != "-p"]
    if not names:
        for name in sorted(shell.exported):
            if name in shell.vars:
                value = shell.vars[name].replace("\\", "\\\\").replace('"', '\\"')
                ctx.stdout.write(f'declare -x {name}="{value}"\n')
        return 0
    for item in names:
        name, has_value, value = item.partition("=")
        if not is_name(name):
            status = builtin_error(ctx, f"`{item}': not a valid identifier")
            continue
        if has_value:
            shell.vars[name] = value
        shell.exported.add(name)
    return status


def unset(ctx: Invocation) -> int:
    for name in ctx.argv[1:]:
        if name in ("-v", "-f"):
            continue
        ctx.shell.vars.pop(name, None)
        ctx.shell.exported.discard(name)
    return 0


def read(ctx: Invocation) -> int:
    args, raw, names = ctx.argv[1:], False, []
    while args and args[0].startswith("-") and len(args[0]) > 1:
        flag = args.pop(0)
        if flag == "-r":
            raw = True
        elif flag == "-p" and args:
            args.pop(0)  # the prompt goes to a terminal, which we are not
        elif flag != "--":
            return builtin_error(ctx, f"{flag}: invalid option", 2)
        else:
            break
    names = args or ["REPLY"]
    line = ctx.stdin_stream.readline()
    if not line:
        return 1
    text = line.decode(errors="replace").rstrip("\n")
    if not raw:
        text = _unescape_read(text)
    _assign_fields(ctx, names, text)
    return 0 if line.endswith(b"\n") else 1


def _unescape_read(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i] if text[i] != "\\" else "")
            i += 1
    return "".join(out)


def _assign_fields(ctx: Invocation, names: list[str], text: str) -> None:
    if names == ["REPLY"]:
        ctx.shell.vars["REPLY"] = text
        return
    ifs = ctx.env.get("IFS", ctx.shell.vars.get("IFS", " \t\n"))
    blanks = "".join(c for c in ifs if c in " \t\n")
    others = "".join(c for c in ifs if c not in " \t\n")
    # A separator is a run of IFS blanks, or one other IFS character with blanks around it.
    # The class is built from escaped characters of ours, so stdlib re is safe (linear).
    around = f"[{re.escape(blanks)}]*" if blanks else ""
    parts = [f"{around}[{re.escape(others)}]{around}"] if others else []
    parts += [f"[{re.escape(blanks)}]+"] if blanks else []
    text = text.strip(blanks)
    pieces = re.split("|".join(parts), text, maxsplit=len(names) - 1) if parts else [text]
    for index, name in enumerate(names):
        ctx.shell.vars[name] = pieces[index] if index < len(pieces) else ""


def exit_(ctx: Invocation) -> int:
    args = ctx.argv[1:]
    if not args:
        raise ExitShell(ctx.shell.status)
    if not args[0].lstrip("-").isdigit():
        builtin_error(ctx, f"{args[0]}: numeric argument required")
        raise ExitShell(2)
    raise ExitShell(int(args[0]) & 0xFF)


def loop_control(ctx: Invocation) -> int:
    levels = ctx.argv[1] if len(ctx.argv) > 1 else "1"
    if not levels.isdigit() or int(levels) < 1:
        return builtin_error(ctx, f"{levels}: loop count out of range")
    raise LoopControl(ctx.name, int(levels))


def colon(ctx: Invocation) -> int:
    return 0


def set_(ctx: Invocation) -> int:
    """Only `set -- ARGS` (positional parameters); options like -e are accepted and ignored."""
    args = ctx.argv[1:]
    if "--" in args:
        ctx.shell.positional = args[args.index("--") + 1:]
    elif not args:
        for name, value in sorted(ctx.shell.vars.items()):
            ctx.stdout.write(f"{name}={value}\n")
    return 0


def shift(ctx: Invocation) -> int:
    count = int(ctx.argv[1]) if len(ctx.argv) > 1 and ctx.argv[1].isdigit() else 1
    if count > len(ctx.shell.positional):
        return 1
    ctx.shell.positional = ctx.shell.positional[count:]
    return 0


def source(ctx: Invocation) -> int:
    if len(ctx.argv) < 2:
        return builtin_error(ctx, "filename argument required", 2)
    try:
        text = ctx.fs.read(ctx.argv[1], ctx.cwd).decode(errors="replace")
    except FSError as exc:
        return builtin_error(ctx, f"{ctx.argv[1]}: {exc.strerror}")
    streams = _streams(ctx)
    return ctx.shell.run_text(text, streams, catch_limits=False)


def sh(ctx: Invocation) -> int:
    """`sh -c 'LINE' [NAME [ARG...]]`, `sh FILE [ARG...]`, or a script on standard input."""
    args = ctx.argv[1:]
    child = ctx.shell.subshell()
    child.name = ctx.name
    if args and args[0] == "-c":
        if len(args) < 2:
            ctx.stderr.write(f"{ctx.name}: -c: option requires an argument\n")
            return 2
        text = args[1]
        child.name = args[2] if len(args) > 2 else ctx.name
        child.positional = args[3:]
    elif args:
        try:
            text = ctx.fs.read(args[0], ctx.cwd).decode(errors="replace")
        except FSError as exc:
            ctx.stderr.write(f"{ctx.name}: {args[0]}: {exc.strerror}\n")
            return 127
        child.positional = args[1:]
    else:
        text = ctx.stdin.decode(errors="replace")
    child.vars.update(ctx.env)
    return child.run_text(text, _streams(ctx), catch_limits=False)


def _streams(ctx: Invocation):
    from ..registry import Streams

    return Streams(ctx.stdin_stream, ctx.stdout, ctx.stderr)


def exec_(ctx: Invocation) -> int:
    """`exec CMD ARGS`: the command replaces the shell, so the shell ends with its status.
    (Without a command, `exec` only applies its redirections: nothing to do here.)"""
    args = ctx.argv[1:]
    if not args:
        return 0
    from ..registry import Streams

    raise ExitShell(ctx.shell.call(args, Streams(ctx.stdin_stream, ctx.stdout, ctx.stderr)))


def register(registry: CommandRegistry) -> None:
    for name, fn in (("cd", cd), ("export", export), ("unset", unset), ("read", read),
                     ("exit", exit_), ("break", loop_control), ("continue", loop_control),
                     (":", colon), ("set", set_), ("shift", shift), ("source", source),
                     (".", source), ("exec", exec_)):
        registry.register(name, fn, builtin=True)
    registry.register("sh", sh, path="/bin/sh")
    registry.register("bash", sh, path="/bin/bash")
