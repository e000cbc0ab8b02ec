"""`kubectl apply -f` and `kubectl create -f`: send manifests to the API server."""

from ...apiserver.errors import APIError
from ..flags import Flag
from ..patching.apply import CREATED, UNCHANGED, plan_apply
from ..patching.errors import PatchError
from . import manifests
from .base import CommandError, invalid_text

_COMMON = (
    Flag("filename", "f", kind="list", default=()),
    Flag("recursive", "R", kind="bool", default=False),
    Flag("output", "o", default=""),
    Flag("dry-run", default="none"),
    Flag("validate", default="strict"),
    Flag("save-config", kind="bool", default=False),
)


def flags_for(verb: str) -> tuple:
    if verb == "apply":
        return _COMMON + (Flag("prune", kind="bool", default=False), Flag("server-side", kind="bool", default=False),
                          Flag("force", kind="bool", default=False), Flag("selector", "l", default=""))
    return _COMMON


def run(verb: str, ctx) -> int:
    dry_run = _dry_run(ctx.flags["dry-run"])
    docs, errors = manifests.read(ctx, ctx.flags["filename"], ctx.flags["recursive"])
    for m in docs:
        try:
            line = {"apply": apply_one, "create": create_one, "replace": replace_one}[verb](ctx, m, dry_run)
        except APIError as e:
            errors.append(_api_error_text(e, m.source, "replacing" if verb == "replace" else "creating"))
            continue
        except PatchError as e:
            errors.append(str(e))
            continue
        ctx.out(line + "\n")
    for text in errors:
        ctx.err(text.rstrip("\n") + "\n")
    return 1 if errors else 0


def _dry_run(value: str) -> str:
    if value in ("none", "client", "server"):
        return value
    if value in ("true", ""):
        return "client"
    raise CommandError(f'Invalid dry-run value ({value}). Must be "none", "server", or "client".')


def _suffix(dry_run: str) -> str:
    return {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")


def apply_one(ctx, m: manifests.Manifest, dry_run: str) -> str:
    r = m.resource
    meta = m.obj.get("metadata") or {}
    namespace = meta.get("namespace") or ctx.namespace if r.namespaced else ""
    _check_namespace_flag(ctx, meta, r)
    live = ctx.store.get(r.plural, namespace, meta.get("name", "")) if meta.get("name") else None
    plan = plan_apply(m.obj, live, namespace if r.namespaced else None)
    for warning in plan.warnings:
        ctx.err(warning + "\n")
    name = f"{r.qualified}/{meta.get('name', '')}"
    if plan.action == UNCHANGED:
        return f"{name} unchanged{_suffix(dry_run)}"
    if dry_run == "client":
        return f"{name} {plan.action}{_suffix(dry_run)}"
    server_dry = dry_run == "server"
    if plan.action == CREATED:
        ctx.api.create(plan.result, ctx.user, dry_run=server_dry)
    else:
        ctx.api.update(_without_rv(plan.result), ctx.user, dry_run=server_dry)
    return f"{name} {plan.action}{_suffix(dry_run)}"


def create_one(ctx, m: manifests.Manifest, dry_run: str) -> str:
    obj = _in_namespace(ctx, m)
    if dry_run != "client":
        obj = ctx.api.create(obj, ctx.user, dry_run=dry_run == "server")
    return f"{m.resource.qualified}/{obj['metadata'].get('name', '')} created{_suffix(dry_run)}"


def replace_one(ctx, m: manifests.Manifest, dry_run: str) -> str:
    obj = _in_namespace(ctx, m)
    if dry_run != "client":
        ctx.api.update(obj, ctx.user, dry_run=dry_run == "server")
    return f"{m.resource.qualified}/{obj['metadata'].get('name', '')} replaced{_suffix(dry_run)}"


def _in_namespace(ctx, m: manifests.Manifest) -> dict:
    """The manifest as sent: in the namespace the file names, else the current one."""
    meta = dict(m.obj.get("metadata") or {})
    _check_namespace_flag(ctx, meta, m.resource)
    if m.resource.namespaced:
        meta["namespace"] = meta.get("namespace") or ctx.namespace
    return {**m.obj, "metadata": meta}


def _check_namespace_flag(ctx, meta: dict, r) -> None:
    given = ctx.flags.get("namespace")
    if r.namespaced and given and meta.get("namespace") and meta["namespace"] != given:
        raise CommandError(f'the namespace from the provided object "{meta["namespace"]}" does not match the '
                           f'namespace "{given}". You must pass \'--namespace={meta["namespace"]}\' to perform '
                           "this operation.")


def _without_rv(obj: dict) -> dict:
    """kubectl's patch carries no resourceVersion unless the file had one."""
    meta = {k: v for k, v in obj["metadata"].items() if k != "resourceVersion"}
    return {**obj, "metadata": meta}


def _api_error_text(e: APIError, source: str, verb: str) -> str:
    if e.reason == "Invalid" and e.causes:
        return invalid_text(e)
    return f"Error from server ({e.reason}): error when {verb} \"{source}\": {e.message}"
