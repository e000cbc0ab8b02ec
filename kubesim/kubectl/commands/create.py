"""`kubectl create -f FILE`, `kubectl create KIND NAME ...` and `kubectl run`."""

from . import apply, generators
from .base import CommandError


def flags_for(verb: str) -> tuple:
    if verb == "run":
        return generators._OUT + generators.RUN_FLAGS
    return generators.all_flags()


def run(verb: str, ctx) -> int:
    if verb == "run":
        if ctx.flags["stdin"] and ctx.flags["tty"] and not getattr(ctx.inv.shell, "interactive", False):
            raise CommandError("Unable to use a TTY - input is not a terminal or the right kind of file")
        return generators.send(ctx, generators.pod_for_run(ctx, ctx.flags.args))
    if ctx.flags["filename"]:
        return apply.run("create", ctx)
    if not ctx.flags.args:
        raise CommandError("must specify one of -f and -k")
    return generators.send(ctx, generators.create(ctx, ctx.flags.args[0], ctx.flags.args[1:]))
