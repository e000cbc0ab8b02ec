"""`kubectl cordon` and `kubectl uncordon`: mark a node (un)schedulable."""

from ..flags import Flag
from .base import CommandError

FLAGS = (Flag("selector", "l", default=""), Flag("dry-run", default="none"))


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    if not ctx.flags.args:
        raise CommandError(f"USAGE: kubectl {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples")
    nodes = ctx.resource("nodes")
    for name in ctx.flags.args:
        node = ctx.api.get(nodes, "", name, ctx.user)
        want = verb == "cordon"
        if bool((node.get("spec") or {}).get("unschedulable")) == want:
            ctx.out(f"node/{name} already {verb}ed\n")
            continue
        spec = {k: v for k, v in (node.get("spec") or {}).items() if k != "unschedulable"}
        if want:
            spec["unschedulable"] = True
        ctx.api.update({**node, "spec": spec}, ctx.user)
        ctx.out(f"node/{name} {verb}ed\n")
    return 0
