"""`kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`."""

from ..flags import Flag
from ..patching.errors import PatchError
from ..patching.kubectl_patch import patch_object, patch_result_text
from . import targets
from .base import CommandError

FLAGS = (
    Flag("patch", "p", default=""),
    Flag("patch-file", default=""),
    Flag("type", default="strategic"),
    Flag("filename", "f", kind="list", default=()),
    Flag("dry-run", default="none"),
    Flag("output", "o", default=""),
    Flag("subresource", default=""),
    Flag("local", kind="bool", default=False),
)


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    chosen = targets.parse(ctx, ctx.flags.args)
    if not chosen or any(t.name is None for t in chosen):
        raise CommandError("resource(s) were provided, but no name was specified")
    text, from_file = ctx.flags["patch"], False
    if ctx.flags["patch-file"]:
        path = ctx.inv.path(ctx.flags["patch-file"])
        if not ctx.inv.fs.exists(path):
            raise CommandError(f"unable to read patch file: open {ctx.flags['patch-file']}: no such file or directory")
        text, from_file = ctx.inv.fs.read(path).decode("utf-8", "replace"), True
    for target in chosen:
        live = targets.select(ctx, target, False, "", "")[0]
        try:
            patched, changed = patch_object(live, text, ctx.flags["type"], from_file=from_file)
        except PatchError as e:
            ctx.err(str(e).rstrip("\n") + "\n")
            return 1
        if changed and ctx.flags["dry-run"] != "client":
            if ctx.flags["subresource"] == "status":
                ctx.api.update_status(target.resource.plural, patched)
            else:
                ctx.api.update(_without_rv(patched, live), ctx.user, dry_run=ctx.flags["dry-run"] == "server")
        ctx.out(patch_result_text(f"{target.resource.qualified}/{live['metadata']['name']}", changed) + "\n")
    return 0


def _without_rv(patched: dict, live: dict) -> dict:
    """A patch carries no precondition unless it sets resourceVersion itself."""
    if patched["metadata"].get("resourceVersion") == live["metadata"].get("resourceVersion"):
        return {**patched, "metadata": {k: v for k, v in patched["metadata"].items() if k != "resourceVersion"}}
    return patched
