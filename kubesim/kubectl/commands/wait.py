"""`kubectl wait --for=condition=X|delete|create|jsonpath=...`: let virtual time pass until it holds."""

from ...apiserver.errors import APIError
from .. import (
    jsonpath,
)
from ..flags import Flag, duration_seconds
from . import targets
from .base import CommandError

FLAGS = (
    Flag("for", default=""),
    Flag("timeout", default="30s"),
    Flag("selector", "l", default=""),
    Flag("field-selector", default=""),
    Flag("all", kind="bool", default=False),
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("filename", "f", kind="list", default=()),
    Flag("output", "o", default=""),
)


WEEK_S = 7 * 24 * 3600


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    check = _condition(ctx.flags["for"])
    seconds = duration_seconds(ctx.flags["timeout"], "timeout")
    timeout_ms = int((WEEK_S if seconds < 0 else seconds) * 1000)  # kubectl: negative waits a week
    chosen = targets.parse(ctx, ctx.flags.args)
    if not chosen:
        raise CommandError("resource(s) were provided, but no name was specified")
    found = []
    for target in chosen:
        try:
            found.extend((target.resource, o) for o in
                         targets.select(ctx, target, ctx.flags["all-namespaces"], ctx.flags["selector"],
                                        ctx.flags["field-selector"]))
        except APIError as e:
            if not (e.reason == "NotFound" and check.kind == "delete"):
                raise
    if not found:
        if check.kind == "delete":
            return 0
        raise CommandError("no matching resources found")
    for r, obj in found:
        if not _wait_one(ctx, r, obj, check, timeout_ms):
            raise CommandError(f"timed out waiting for the condition on {r.qualified_plural}/{obj['metadata']['name']}")
        ctx.out(f"{r.qualified}/{obj['metadata']['name']} condition met\n")
    return 0


class _Check:
    def __init__(self, kind: str, name: str = "", value: str = "") -> None:
        self.kind, self.name, self.value = kind, name, value

    def holds(self, obj: dict | None) -> bool:
        if self.kind == "delete":
            return obj is None
        if obj is None:
            return False
        if self.kind == "create":
            return True
        if self.kind == "condition":
            for cond in (obj.get("status") or {}).get("conditions") or []:
                if cond.get("type", "").lower() == self.name.lower():
                    return str(cond.get("status", "")).lower() == self.value.lower()
            return False
        out, err = jsonpath.render(self.name, obj)
        return not err and (out == self.value if self.value else bool(out))


def _condition(text: str) -> _Check:
    if not text:
        raise CommandError("--for must be specified")
    if text == "delete":
        return _Check("delete")
    if text == "create":
        return _Check("create")
    if text.startswith("condition="):
        name, _, value = text[len("condition="):].partition("=")
        return _Check("condition", name, value or "True")
    if text.startswith("jsonpath="):
        expr = text[len("jsonpath="):]
        if expr.startswith("{"):
            close = expr.find("}")
            path, value = expr[:close + 1], expr[close + 1:].lstrip("=")
        else:
            path, _, value = expr.partition("=")
            path = "{" + (path if path.startswith(".") else "." + path) + "}"
        return _Check("jsonpath", path, value.strip("'\""))
    raise CommandError(f"unrecognized condition: \"{text}\"")


def _wait_one(ctx, r, obj: dict, check: _Check, timeout_ms: int) -> bool:
    meta = obj["metadata"]

    def current():
        live = ctx.store.get(r.plural, meta.get("namespace", ""), meta["name"])
        if check.kind == "delete" and live is not None and live["metadata"]["uid"] != meta["uid"]:
            return None  # a new object with the same name: the one we waited for is gone
        return live

    return ctx.cluster.wait_until(lambda: check.holds(current()), timeout_ms)
