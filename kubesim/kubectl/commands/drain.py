"""`kubectl drain NODE`: cordon the node, then evict its pods as kubectl does.

kubectl refuses to go on when pods would be lost without a controller to replace them
(unmanaged pods need --force, pods with emptyDir need --delete-emptydir-data) and skips
DaemonSet pods only with --ignore-daemonsets. Texts follow kubectl's drain package.
"""

from ...apiserver.errors import APIError
from ..flags import Flag
from .base import CommandError

FLAGS = (
    Flag("ignore-daemonsets", kind="bool", default=False),
    Flag("delete-emptydir-data", kind="bool", default=False),
    Flag("force", kind="bool", default=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("timeout", default="0s"),
    Flag("pod-selector", default=""),
    Flag("selector", "l", default=""),
    Flag("disable-eviction", kind="bool", default=False),
    Flag("dry-run", default="none"),
)
# How long drain waits for evicted pods to go, in virtual seconds, when --timeout is 0.
DEFAULT_WAIT_S = 600


def flags_for(verb: str) -> tuple:
    return FLAGS


def run(verb: str, ctx) -> int:
    if not ctx.flags.args:
        raise CommandError("USAGE: kubectl drain NODE [flags]\nSee 'kubectl drain -h' for help and examples")
    status = 0
    for name in ctx.flags.args:
        status |= _drain(ctx, name)
    return status


def _drain(ctx, name: str) -> int:
    nodes = ctx.resource("nodes")
    node = ctx.api.get(nodes, "", name, ctx.user)
    if (node.get("spec") or {}).get("unschedulable"):
        ctx.out(f"node/{name} already cordoned\n")
    else:
        ctx.api.update({**node, "spec": {**node.get("spec", {}), "unschedulable": True}}, ctx.user)
        ctx.out(f"node/{name} cordoned\n")
    pods = [p for p in ctx.store.list("pods") if (p.get("spec") or {}).get("nodeName") == name
            and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    evict, ignored, problems = _classify(ctx, pods)
    if problems:
        text = "; ".join(problems)
        ctx.err(f'error: unable to drain node "{name}" due to error: {text}, continuing command...\n'
                f"There are pending nodes to be drained:\n {name}\n" + "\n".join(problems) + "\n")
        return 1
    if ignored:
        ctx.err("Warning: ignoring DaemonSet-managed Pods: " + ", ".join(ignored) + "\n")
    for pod in evict:
        meta = pod["metadata"]
        ctx.out(f"evicting pod {meta['namespace']}/{meta['name']}\n")
    gone = []
    for pod in evict:
        meta = pod["metadata"]
        grace = None if ctx.flags["grace-period"] < 0 else ctx.flags["grace-period"]
        try:
            ctx.api.delete(ctx.resource("pods"), meta["namespace"], meta["name"], ctx.user, grace=grace)
        except APIError as e:
            ctx.err(f"error when evicting pods/\"{meta['name']}\" -n \"{meta['namespace']}\": {e.message}\n")
            return 1
        gone.append(pod)
    _wait(ctx, gone)
    for pod in gone:
        ctx.out(f"pod/{pod['metadata']['name']} evicted\n")
    ctx.out(f"node/{name} drained\n")
    return 0


def _classify(ctx, pods: list[dict]) -> tuple[list[dict], list[str], list[str]]:
    evict, ignored = [], []
    unmanaged, local, daemons = [], [], []
    for pod in pods:
        meta = pod["metadata"]
        ref = f"{meta['namespace']}/{meta['name']}"
        owner = next((o for o in meta.get("ownerReferences") or [] if o.get("controller")), None)
        if owner and owner.get("kind") == "Node":
            continue  # static (mirror) pods belong to the kubelet; drain leaves them
        if owner and owner.get("kind") == "DaemonSet":
            (ignored if ctx.flags["ignore-daemonsets"] else daemons).append(ref)
            continue
        if owner is None and not ctx.flags["force"]:
            unmanaged.append(ref)
        if any("emptyDir" in v for v in (pod["spec"].get("volumes") or [])) and not ctx.flags["delete-emptydir-data"]:
            local.append(ref)
        evict.append(pod)
    problems = []
    if unmanaged:
        problems.append("cannot delete Pods that declare no controller (use --force to override): "
                        + ", ".join(unmanaged))
    if daemons:
        problems.append("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): "
                        + ", ".join(daemons))
    if local:
        problems.append("cannot delete Pods with local storage (use --delete-emptydir-data to override): "
                        + ", ".join(local))
    return evict, ignored, problems


def _wait(ctx, pods: list[dict]) -> None:
    def done():
        return not any((live := ctx.store.get("pods", p["metadata"]["namespace"], p["metadata"]["name"]))
                       and live["metadata"]["uid"] == p["metadata"]["uid"] for p in pods)

    ctx.cluster.wait_until(done, DEFAULT_WAIT_S * 1000, idle_ends=True)
