"""`kubectl delete`: by name, by selector, `--all` or `-f`, waiting until the objects are gone."""

from ...apiserver.errors import APIError
from ..flags import Flag
from . import manifests, targets
from .base import CommandError, server_error

FLAGS = (
    Flag("filename", "f", kind="list", default=()),
    Flag("recursive", "R", kind="bool", default=False),
    Flag("selector", "l", default=""),
    Flag("field-selector", default=""),
    Flag("all", kind="bool", default=False),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("force", kind="bool", default=False),
    Flag("now", kind="bool", default=False),
    Flag("wait", kind="bool", default=True),
    Flag("timeout", default="0s"),
    Flag("cascade", default="background"),
    Flag("ignore-not-found", kind="bool", default=False),
    Flag("output", "o", default=""),
    Flag("dry-run", default="none"),
)

IMMEDIATE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                     "terminated. The resource may continue to run on the cluster indefinitely.\n")
# How long `delete` waits by default, in virtual seconds, when --timeout is 0.
DEFAULT_WAIT_S = 600


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    f = ctx.flags
    grace = _grace(ctx)
    propagation = _propagation(f["cascade"])
    objs, failures = _collect(ctx)
    if not objs and not failures:
        ctx.err("No resources found\n")
        return 0
    if grace == 0 and f["force"]:
        ctx.err(IMMEDIATE_WARNING)
    gone = []
    for r, obj in objs:
        meta = obj["metadata"]
        ns = meta.get("namespace", "")
        try:
            ctx.api.delete(r, ns, meta["name"], ctx.user, grace=grace, propagation=propagation)
        except APIError as e:
            failures.append(server_error(e))
            continue
        verb_text = "force deleted" if grace == 0 and f["force"] else "deleted"
        where = f" from {ns} namespace" if r.namespaced else ""
        ctx.out(f'{r.qualified} "{meta["name"]}" {verb_text}{where}\n')
        gone.append((r, ns, meta["name"], meta["uid"]))
    if f["wait"] and gone:
        _wait_until_gone(ctx, gone)
    for text in failures:
        ctx.err(text)
    return 1 if failures else 0


def _grace(ctx) -> int | None:
    f = ctx.flags
    if f["now"]:
        return 1
    if f["force"] and f["grace-period"] in (-1, 0):
        return 0
    if f["grace-period"] == 0 and not f["force"]:
        # kubectl turns --grace-period=0 without --force into 1 (a graceful delete).
        return 1
    return None if f["grace-period"] < 0 else f["grace-period"]


def _propagation(cascade: str) -> str:
    values = {"background": "Background", "true": "Background", "foreground": "Foreground", "orphan": "Orphan",
              "false": "Orphan"}
    if cascade not in values:
        raise CommandError(f'invalid cascade value ({cascade}). Must be "background", "foreground", or "orphan".')
    return values[cascade]


def _collect(ctx) -> tuple[list, list[str]]:
    f = ctx.flags
    found, failures = [], []
    if f["filename"]:
        docs, errors = manifests.read(ctx, f["filename"], f["recursive"])
        failures.extend(e.rstrip("\n") + "\n" for e in errors)
        for m in docs:
            meta = m.obj.get("metadata") or {}
            ns = (meta.get("namespace") or ctx.namespace) if m.resource.namespaced else ""
            try:
                found.append((m.resource, ctx.api.get(m.resource, ns, meta.get("name", ""), ctx.user)))
            except APIError as e:
                if not f["ignore-not-found"]:
                    failures.append(server_error(e))
        return found, failures
    args = ctx.flags.args
    if not args:
        raise CommandError("You must provide one or more resources by argument or filename.\n"
                           "Example resource specifications include:\n"
                           "   '-f rsrc.yaml'\n"
                           "   '--filename=rsrc.json'\n"
                           "   '<resource> <name>'\n"
                           "   '<resource>'")
    chosen = targets.parse(ctx, args)
    if any(t.name is None for t in chosen) and not (f["all"] or f["selector"] or f["field-selector"]):
        raise CommandError("resource(s) were provided, but no name was specified")
    for target in chosen:
        try:
            objs = targets.select(ctx, target, f["all-namespaces"], f["selector"], f["field-selector"])
        except APIError as e:
            if not (e.reason == "NotFound" and f["ignore-not-found"]):
                failures.append(server_error(e))
            continue
        found.extend((target.resource, o) for o in objs)
    return found, failures


def _wait_until_gone(ctx, gone: list) -> None:
    def done():
        return not any((o := ctx.store.get(g[0].plural, g[1], g[2])) and o["metadata"]["uid"] == g[3] for g in gone)

    ctx.cluster.wait_until(done, DEFAULT_WAIT_S * 1000, idle_ends=True)
