"""Which objects a command names: `TYPE NAME...`, `TYPE/NAME`, `TYPE1,TYPE2`, `-l`, `--all`, `-f`."""

from dataclasses import dataclass

from ... import resources as res
from ...apiserver.errors import APIError, not_found
from .. import selectors
from .base import CommandError


@dataclass
class Target:
    resource: res.Resource
    namespace: str
    name: str | None  # None: every object matching the selectors


def parse(ctx, args: list[str], allow_all_types: bool = False) -> list[Target]:
    """Turn resource arguments into targets, as kubectl's resource builder does."""
    if not args:
        return []
    namespace = ctx.namespace
    if len(args) >= 2 and not args[0].replace(",", ""):  # `kubectl get "" web`, `kubectl get , web`
        raise CommandError(f'the server doesn\'t have a resource type "{args[0]}"')
    if len(args) >= 2 and "/" not in args[0] and len(args[0].split(",")) > 1:
        # kubectl's normalizeMultipleResourcesArgs: `svc,ep web api` means
        # svc/web svc/api ep/web ep/api (every type with every name).
        args = [f"{kind}/{name}" for kind in args[0].split(",") if kind for name in args[1:]]
    if any("/" in a for a in args):
        if not all("/" in a for a in args):
            raise CommandError("there is no need to specify a resource type as a separate argument when passing "
                               "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead "
                               "of 'kubectl get resource resource/<resource_name>'")
        out = []
        for arg in args:
            kind, _, name = arg.partition("/")
            if not name:
                raise CommandError("arguments in resource/name form must have a single resource and name")
            out.append(Target(ctx.resource(kind), namespace, name))
        return out
    types = _types(ctx, args[0], allow_all_types)
    names = args[1:]
    if not names:
        return [Target(r, namespace, None) for r in types]
    return [Target(types[0], namespace, n) for n in names]


ALL = ("pods", "replicationcontrollers", "services", "daemonsets", "deployments", "replicasets", "statefulsets",
       "horizontalpodautoscalers", "cronjobs", "jobs")


def _types(ctx, text: str, allow_all: bool) -> list[res.Resource]:
    out = []
    for part in text.split(","):
        if part == "all" and allow_all:
            out.extend(res.BY_PLURAL[p] for p in ALL)
        elif part:
            out.append(ctx.resource(part))
    return out


def select(ctx, target: Target, all_namespaces: bool, label_selector: str, field_selector: str) -> list[dict]:
    """The objects of a target, read through the API server with the caller's rights."""
    r = target.resource
    ns = target.namespace if r.namespaced else ""
    if target.name is not None:
        return [ctx.api.get(r, ns, target.name, ctx.user)]
    objs = ctx.api.list(r, None if all_namespaces else ns, ctx.user)
    if label_selector:
        try:
            chosen = selectors.parse_label_selector(label_selector)
        except selectors.SelectorError as e:
            raise CommandError(str(e)) from None
        objs = [o for o in objs if selectors.matches(chosen, o["metadata"].get("labels"))]
    if field_selector:
        try:
            terms = selectors.parse_field_selector(field_selector, r.kind)
        except selectors.SelectorError as e:
            raise APIError(400, "BadRequest", str(e)) from None
        objs = [o for o in objs if selectors.field_selector_matches(terms, o)]
    return objs


def missing(target: Target) -> APIError:
    return not_found(target.resource.qualified_plural, target.name or "")
