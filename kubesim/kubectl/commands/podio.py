"""`kubectl logs` and `kubectl exec`: a container's output, and a command run inside it."""

from ... import kubelet
from ...apiserver.errors import APIError
from ..flags import Flag, duration_seconds
from . import targets
from .base import CommandError

FLAGS = {
    "logs": (Flag("container", "c", default=""), Flag("previous", "p", kind="bool", default=False),
             Flag("follow", "f", kind="bool", default=False), Flag("tail", kind="int", default=-1),
             Flag("timestamps", kind="bool", default=False), Flag("selector", "l", default=""),
             Flag("all-containers", kind="bool", default=False), Flag("since", default=""),
             Flag("prefix", kind="bool", default=False)),
    "exec": (Flag("container", "c", default=""), Flag("stdin", "i", kind="bool", default=False),
             Flag("tty", "t", kind="bool", default=False), Flag("quiet", "q", kind="bool", default=False)),
}
TTY_WARNING = "Unable to use a TTY - input is not a terminal or the right kind of file\n"
# How long `logs -f` follows in virtual time when no --request-timeout is given.
FOLLOW_S = 60


def flags_for(verb: str) -> tuple:
    return FLAGS[verb]


def run(verb: str, ctx) -> int:
    return logs(ctx) if verb == "logs" else exec_(ctx)


def _pod(ctx, arg: str) -> dict:
    """A pod by name, or the first pod of a workload (`deploy/web`), as kubectl picks it."""
    kind, slash, name = arg.partition("/")
    if not slash:
        return ctx.api.get(ctx.resource("pods"), ctx.namespace, arg, ctx.user)
    r = ctx.resource(kind)
    if r.plural == "pods":
        return ctx.api.get(r, ctx.namespace, name, ctx.user)
    owner = ctx.api.get(r, ctx.namespace, name, ctx.user)
    pods = _pods_of(ctx, owner)
    if not pods:
        raise CommandError("timed out waiting for the condition")
    return pods[0]


def _pods_of(ctx, owner: dict) -> list[dict]:
    from .. import selectors

    spec = owner.get("spec") or {}
    selector = spec.get("selector")
    if owner.get("kind") in ("Service", "ReplicationController"):
        chosen = selectors.selector_from_set(selector)
    else:
        chosen = selectors.selector_from_label_selector(selector)
    pods = ctx.store.list("pods", owner["metadata"].get("namespace", ""))
    return sorted((p for p in pods if chosen.matches(p["metadata"].get("labels"))),
                  key=lambda p: (p["metadata"]["creationTimestamp"], p["metadata"]["name"]))


def _container(ctx, pod: dict, verb: str) -> str:
    names = [c["name"] for c in pod["spec"].get("containers") or []]
    init = [c["name"] for c in pod["spec"].get("initContainers") or []]
    wanted = ctx.flags["container"]
    if wanted:
        if wanted not in names + init:
            raise APIError(400, "BadRequest", f'container {wanted} is not valid for pod {pod["metadata"]["name"]}')
        return wanted
    default = (pod["metadata"].get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
    if default in names:
        return default
    if len(names) > 1:
        ctx.err(f'Defaulted container "{names[0]}" out of: {", ".join(init + names) if verb == "logs" else ", ".join(names + init)}\n')
    return names[0]


def logs(ctx) -> int:
    args = ctx.flags.args
    if not args and not ctx.flags["selector"]:
        raise CommandError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                           "POD or TYPE/NAME is a required argument for the logs command\n"
                           "See 'kubectl logs -h' for help and examples")
    pods = ([_pod(ctx, args[0])] if args else
            targets.select(ctx, targets.Target(ctx.resource("pods"), ctx.namespace, None), False,
                           ctx.flags["selector"], ""))
    for pod in pods:
        name = _container(ctx, pod, "logs")
        _check_started(pod, name, ctx.flags["previous"])
        text = kubelet.logs(ctx.cluster, pod, name, ctx.flags["previous"])
        if ctx.flags["follow"] and not ctx.flags["previous"] and _running(pod, name):
            live = _follow(ctx, pod, name)
            text = kubelet.logs(ctx.cluster, live, name) or text
        ctx.out(_tail(text, ctx.flags["tail"]))
    return 0


def _running(pod: dict, container: str) -> bool:
    for key in ("initContainerStatuses", "containerStatuses"):
        for s in (pod.get("status") or {}).get(key) or []:
            if s["name"] == container:
                return "running" in (s.get("state") or {})
    return False


def _follow(ctx, pod: dict, container: str) -> dict:
    """Let virtual time pass while the container runs, up to the request timeout (the stream
    ends when the container does); the pod as it is then."""
    cluster = ctx.cluster
    follow = duration_seconds(ctx.flags.get("request-timeout") or "0", "request-timeout", True) or FOLLOW_S
    target = cluster.clock.now + round(follow * 1000)
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    live = pod
    while True:
        at = cluster.clock.next_time()
        if at is None or at > target:
            cluster.advance_to(target)
            return live
        cluster.advance_to(at)
        current = ctx.store.get("pods", ns, name)
        if current is None or current["metadata"].get("uid") != pod["metadata"].get("uid"):
            return live
        live = current
        if not _running(live, container):
            return live


def _check_started(pod: dict, container: str, previous: bool) -> None:
    statuses = {s["name"]: s for key in ("initContainerStatuses", "containerStatuses")
                for s in (pod.get("status") or {}).get(key) or []}
    status = statuses.get(container)
    name = pod["metadata"]["name"]
    if previous:
        if not status or not (status.get("lastState") or {}).get("terminated"):
            raise APIError(400, "BadRequest", f'previous terminated container "{container}" in pod "{name}" not found')
        return
    waiting = ((status or {}).get("state") or {}).get("waiting")
    if status is None or (waiting and not status.get("restartCount") and not status.get("lastState")):
        reason = (waiting or {}).get("reason") or "ContainerCreating"
        raise APIError(400, "BadRequest", f'container "{container}" in pod "{name}" is waiting to start: {reason}')


def _tail(text: str, lines: int) -> str:
    if lines < 0 or not text:
        return text
    kept = text.splitlines(keepends=True)
    return "".join(kept[-lines:]) if lines else ""


def exec_(ctx) -> int:
    args = ctx.flags.args
    command = ctx.flags.after_dash
    if not args:
        raise CommandError("pod, type/name or --filename must be specified")
    if len(args) > 1 and not command:
        raise CommandError("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
    if not command:
        raise CommandError("you must specify at least one command for the container")
    pod = _pod(ctx, args[0])
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    container = _container(ctx, pod, "exec")
    if ctx.flags["tty"] and not getattr(ctx.inv.shell, "interactive", False):
        ctx.err(TTY_WARNING)
    stdin = ctx.inv.stdin if ctx.flags["stdin"] else b""
    result = kubelet.exec_in(ctx.cluster, pod, container, list(command), stdin)
    if isinstance(result, kubelet.ExecFailure):  # the runtime refused: kubectl's own error line
        ctx.err(result.stderr)
        return result.exit_code
    # The process's two streams stay apart, as kubectl's remote command streams them.
    ctx.out(result.stdout)
    ctx.err(result.stderr)
    if result.exit_code:
        # client-go tools/remotecommand (the v4 error decoder) words a non-zero exit this way.
        ctx.err(f"command terminated with exit code {result.exit_code}\n")
    return result.exit_code
