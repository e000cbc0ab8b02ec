"""`kubectl auth can-i` and `kubectl auth whoami`: ask the API server's authorizer."""

import json

from ... import resources as res
from .. import printers
from ..flags import Flag
from .base import CommandError

FLAGS = (
    Flag("all-namespaces", "A", kind="bool", default=False),
    Flag("list", kind="bool", default=False),
    Flag("quiet", "q", kind="bool", default=False),
    Flag("subresource", default=""),
    Flag("no-headers", kind="bool", default=False),
    Flag("output", "o", default=""),
)


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    args = ctx.flags.args
    if not args:
        raise CommandError('unknown command "" for "kubectl auth"')
    if args[0] == "can-i":
        return can_i(ctx, args[1:])
    if args[0] == "whoami":
        return whoami(ctx)
    raise CommandError(f'unknown command "{args[0]}" for "kubectl auth"')


def can_i(ctx, args: list[str]) -> int:
    if len(args) < 2:
        raise CommandError("you must specify two arguments: verb resource or verb resource/resourceName.\n"
                           "See 'kubectl auth can-i -h' for help and examples")
    verb, what = args[0], args[1]
    kind, _, name = what.partition("/")
    subresource = ctx.flags["subresource"]
    r = res.lookup(kind)
    if r is None:
        ctx.err(f"Warning: the server doesn't have a resource type '{kind}'\n\n")
        allowed = False
    else:
        namespace = "" if ctx.flags["all-namespaces"] else ctx.namespace
        allowed = ctx.api.can(ctx.user, verb, r, namespace, name, subresource)
    if not ctx.flags["quiet"]:
        ctx.out("yes\n" if allowed else "no\n")
    return 0 if allowed else 1


def whoami(ctx) -> int:
    user = ctx.user
    review = {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
              "metadata": {"creationTimestamp": None},
              "status": {"userInfo": {"username": user.name, "groups": list(user.groups)}}}
    output = ctx.flags["output"]
    if output == "json":
        ctx.out(json.dumps(review, indent=4) + "\n")
    elif output == "yaml":
        ctx.out(printers.yaml_output(review))
    else:
        rows = [["ATTRIBUTE", "VALUE"], ["Username", user.name], ["Groups", "[" + " ".join(user.groups) + "]"]]
        ctx.out(printers.tabwrite(rows))
    return 0
