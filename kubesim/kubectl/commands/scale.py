"""`kubectl scale`: set spec.replicas of a Deployment, ReplicaSet, StatefulSet or RC."""

from ..flags import Flag
from . import targets
from .base import CommandError

FLAGS = (
    Flag("replicas", kind="int", default=None),
    Flag("current-replicas", kind="int", default=-1),
    Flag("selector", "l", default=""),
    Flag("all", kind="bool", default=False),
    Flag("filename", "f", kind="list", default=()),
    Flag("timeout", default="0s"),
    Flag("dry-run", default="none"),
    Flag("output", "o", default=""),
)
SCALABLE = ("deployments", "replicasets", "statefulsets", "replicationcontrollers")


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    if "replicas" not in ctx.flags.given:
        raise CommandError('required flag(s) "replicas" not set')
    replicas = ctx.flags["replicas"]
    if replicas < 0:
        raise CommandError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    chosen = targets.parse(ctx, ctx.flags.args)
    if not chosen:
        raise CommandError("resource(s) were provided, but no name was specified")
    for target in chosen:
        for obj in targets.select(ctx, target, False, ctx.flags["selector"], ""):
            ctx.out(_scale(ctx, target.resource, obj, replicas) + "\n")
    return 0


def _scale(ctx, r, obj: dict, replicas: int) -> str:
    name = f"{r.qualified}/{obj['metadata']['name']}"
    if r.plural not in SCALABLE:
        raise CommandError(f"cannot scale {r.plural}: no scale subresource")
    expected = ctx.flags["current-replicas"]
    current = (obj.get("spec") or {}).get("replicas", 1)
    if expected >= 0 and expected != current:
        raise CommandError(f"Expected replicas to be {expected}, was {current}")
    if ctx.flags["dry-run"] == "client":
        return f"{name} scaled (dry run)"
    ctx.api.update({**obj, "spec": {**obj["spec"], "replicas": replicas}}, ctx.user)
    return f"{name} scaled"
