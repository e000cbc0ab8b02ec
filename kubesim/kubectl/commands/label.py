"""`kubectl label` and `kubectl annotate`: `key=value` adds or changes, `key-` removes."""

from ..flags import Flag
from . import targets
from .base import CommandError

FLAGS = (
    Flag("overwrite", kind="bool", default=False),
    Flag("all", kind="bool", default=False),
    Flag("selector", "l", default=""),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("list", kind="bool", default=False),
    Flag("dry-run", default="none"),
    Flag("output", "o", default=""),
    Flag("resource-version", default=""),
)


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    field = "labels" if verb == "label" else "annotations"
    args = ctx.flags.args
    resource_args = [a for a in args if "=" not in a and not a.endswith("-")]
    changes = [a for a in args if "=" in a or (a.endswith("-") and a not in resource_args)]
    if not resource_args:
        raise CommandError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    chosen = targets.parse(ctx, resource_args)
    if not changes and not ctx.flags["list"]:
        raise CommandError(f"at least one {field[:-1]} update is required")
    adds, removes = _parse_changes(changes, field)
    for target in chosen:
        for obj in targets.select(ctx, target, ctx.flags["all-namespaces"], ctx.flags["selector"], ""):
            if ctx.flags["list"]:
                for k, v in sorted((obj["metadata"].get(field) or {}).items()):
                    ctx.out(f"{k}={v}\n")
                continue
            ctx.out(_change(ctx, target.resource, obj, field, adds, removes, verb) + "\n")
    return 0


def _parse_changes(changes: list[str], field: str) -> tuple[dict, list[str]]:
    adds, removes = {}, []
    for item in changes:
        if "=" in item:
            key, _, value = item.partition("=")
            adds[key] = value
        else:
            removes.append(item[:-1])
    both = sorted(set(adds) & set(removes))
    if both:
        raise CommandError(f"can not both modify and remove the following {field[:-1]}(s) in the same command: "
                           f"{', '.join(both)}")
    return adds, removes


def _change(ctx, r, obj: dict, field: str, adds: dict, removes: list[str], verb: str) -> str:
    meta = obj["metadata"]
    old = dict(meta.get(field) or {})
    if not ctx.flags["overwrite"]:
        for key, value in adds.items():
            if key in old and old[key] != value:
                raise CommandError(f"'{key}' already has a value ({old[key]}), and --overwrite is false")
    new = {**old, **adds}
    for key in removes:
        new.pop(key, None)
    name = f"{r.qualified}/{meta['name']}"
    if new != old and ctx.flags["dry-run"] in ("none", "server"):
        updated = {**obj, "metadata": {**meta, field: new}}
        ctx.api.update(updated, ctx.user, dry_run=ctx.flags["dry-run"] == "server")
    if verb == "annotate":
        return f"{name} annotated"
    if new == old:
        return f"{name} not labeled"
    if not ctx.flags["overwrite"] and len(new) < len(old):
        return f"{name} unlabeled"
    return f"{name} labeled"
