"""`kubectl describe TYPE [NAME_PREFIX]`: one object in detail, with its events."""

from ...apiserver.errors import APIError
from ..describe import Related, describe, describe_many, describe_matching, events_for
from ..flags import Flag
from . import targets
from .base import CommandError

FLAGS = (
    Flag("selector", "l", default=""),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("show-events", kind="bool", default=True),
    Flag("filename", "f", kind="list", default=()),
    Flag("chunk-size", kind="int", default=500),
)


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    chosen = targets.parse(ctx, ctx.flags.args)
    if not chosen:
        raise CommandError("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a "
                           "complete list of supported resources.")
    related = Related.from_store(ctx.store)
    now = ctx.cluster.wall_seconds()
    events = ctx.store.list("events")
    show_events = ctx.flags["show-events"]
    outputs, failures = [], []
    for target in chosen:
        if target.name is not None:
            try:
                obj = targets.select(ctx, target, False, "", "")[0]
            except APIError as e:
                if e.reason != "NotFound":
                    raise
                text = _by_prefix(ctx, target, related, now)
                if text is None:
                    failures.append(f"Error from server (NotFound): {e.message}\n")
                else:
                    outputs.append(text)
                continue
            own = events_for(obj, events, uid_or_name=obj.get("kind") == "Node") if show_events else None
            outputs.append(describe(obj, events=own, related=related, now=now))
            continue
        objs = targets.select(ctx, target, ctx.flags["all-namespaces"], ctx.flags["selector"], "")
        if objs:
            outputs.append(describe_many(objs, related=related, now=now, events=events,
                                         show_events=show_events and len(objs) == 1))
        elif not failures:
            ns = None if ctx.flags["all-namespaces"] or not target.resource.namespaced else ctx.namespace
            ctx.err(f"No resources found in {ns} namespace.\n" if ns else "No resources found\n")
    ctx.out("\n\n".join(outputs))
    for text in failures:
        ctx.err(text)
    return 1 if failures else 0


def _by_prefix(ctx, target, related, now) -> str | None:
    """kubectl describes every object whose name starts with the given one when none has it."""
    objs = targets.select(ctx, targets.Target(target.resource, target.namespace, None), False, "", "")
    return describe_matching(objs, target.name, related=related, now=now)
