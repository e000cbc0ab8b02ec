"""`kubectl rollout status|history|undo|pause|resume|restart` and `kubectl set image`.

Status texts follow kubectl's status viewers (pkg/polymorphichelpers/rollout_status.go):
the viewer runs on the object as first read and again on every change to it, printing its
line each time, until the rollout is done or the wait times out.
"""

from ...controllers import rollout
from ..flags import Flag, duration_seconds
from . import targets
from .base import CommandError

# How long `rollout status` waits in virtual time when --timeout is 0 (kubectl: forever).
DEFAULT_WAIT_S = 3600

FLAGS = {
    "rollout": (Flag("watch", "w", kind="bool", default=True), Flag("timeout", default="0s"),
                Flag("revision", kind="int", default=0), Flag("to-revision", kind="int", default=0),
                Flag("selector", "l", default=""), Flag("dry-run", default="none"), Flag("output", "o", default="")),
    "set": (Flag("all", kind="bool", default=False), Flag("selector", "l", default=""),
            Flag("dry-run", default="none"), Flag("output", "o", default=""), Flag("local", kind="bool", default=False)),
}


def flags_for(verb: str) -> tuple:
    return FLAGS[verb]


def run(verb: str, ctx) -> int:
    args = ctx.flags.args
    if verb == "set":
        if not args or args[0] != "image":
            raise CommandError(f'unknown command "{args[0] if args else ""}" for "kubectl set"')
        return set_image(ctx, args[1:])
    if not args:
        raise CommandError("required resource not specified")
    sub = {"status": status, "history": history, "undo": undo, "pause": pause, "resume": resume,
           "restart": restart}.get(args[0])
    if sub is None:
        raise CommandError(f'unknown command "{args[0]}" for "kubectl rollout"')
    chosen = targets.parse(ctx, args[1:])
    if not chosen:
        raise CommandError("required resource not specified")
    for target in chosen:
        for obj in targets.select(ctx, target, False, ctx.flags["selector"], ""):
            sub(ctx, target.resource, obj)
    return 0


# -- status -------------------------------------------------------------------------------
def status(ctx, r, obj) -> None:
    viewer = {"deployments": _deployment_status, "daemonsets": _daemonset_status,
              "statefulsets": _statefulset_status}.get(r.plural)
    if viewer is None:
        raise CommandError(f"no status viewer has been implemented for {r.kind}")
    line, finished = viewer(obj)
    ctx.out(line)
    if finished or not ctx.flags["watch"]:
        return
    uid = obj["metadata"]["uid"]
    changed: list[dict] = []

    def watcher(change) -> None:
        if change.new is not None and change.new["metadata"]["uid"] == uid:
            changed.append(change.new)

    def done() -> bool:
        # kubectl prints the viewer's line for every change of the object it watches.
        while changed:
            line, ok = viewer(changed.pop(0))
            ctx.out(line)
            if ok:
                return True
        return False

    ctx.store.watch(watcher, r.plural)
    try:
        timeout = duration_seconds(ctx.flags["timeout"], "timeout") or DEFAULT_WAIT_S
        if not ctx.cluster.wait_until(done, int(timeout * 1000)):
            raise CommandError("timed out waiting for the condition")
    finally:
        ctx.store.unwatch(watcher)


def _deployment_status(d: dict) -> tuple[str, bool]:
    name, spec, st = d["metadata"]["name"], d.get("spec") or {}, d.get("status") or {}
    if d["metadata"].get("generation", 0) > st.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...\n", False
    for cond in st.get("conditions") or []:
        if cond.get("type") == "Progressing" and cond.get("reason") == "ProgressDeadlineExceeded":
            raise CommandError(f'deployment "{name}" exceeded its progress deadline')
    replicas, updated = spec.get("replicas", 1), st.get("updatedReplicas", 0)
    prefix = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < replicas:
        return f"{prefix}{updated} out of {replicas} new replicas have been updated...\n", False
    if st.get("replicas", 0) > updated:
        return f"{prefix}{st.get('replicas', 0) - updated} old replicas are pending termination...\n", False
    if st.get("availableReplicas", 0) < updated:
        return f"{prefix}{st.get('availableReplicas', 0)} of {updated} updated replicas are available...\n", False
    return f'deployment "{name}" successfully rolled out\n', True


def _daemonset_status(ds: dict) -> tuple[str, bool]:
    name, st = ds["metadata"]["name"], ds.get("status") or {}
    if ds["metadata"].get("generation", 0) > st.get("observedGeneration", 0):
        return "Waiting for daemon set spec update to be observed...\n", False
    desired, updated = st.get("desiredNumberScheduled", 0), st.get("updatedNumberScheduled", 0)
    prefix = f'Waiting for daemon set "{name}" rollout to finish: '
    if updated < desired:
        return f"{prefix}{updated} out of {desired} new pods have been updated...\n", False
    if st.get("numberAvailable", 0) < desired:
        return f"{prefix}{st.get('numberAvailable', 0)} of {desired} updated pods are available...\n", False
    return f'daemon set "{name}" successfully rolled out\n', True


def _statefulset_status(sts: dict) -> tuple[str, bool]:
    spec, st = sts.get("spec") or {}, sts.get("status") or {}
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type") == "OnDelete":
        raise CommandError("rollout status is only available for RollingUpdate strategy type")
    if not st.get("observedGeneration") or sts["metadata"].get("generation", 0) > st.get("observedGeneration", 0):
        return "Waiting for statefulset spec update to be observed...\n", False
    replicas = spec.get("replicas", 1)
    if st.get("readyReplicas", 0) < replicas:
        return f"Waiting for {replicas - st.get('readyReplicas', 0)} pods to be ready...\n", False
    # kubectl asks whether a partition is set, not whether it is above zero, and the API
    # defaults it to 0: a plain StatefulSet reports a "partitioned" roll out too.
    rolling = strategy.get("rollingUpdate")
    partition = (rolling or {}).get("partition")
    if strategy.get("type", "RollingUpdate") == "RollingUpdate" and rolling is not None and partition is not None:
        if st.get("updatedReplicas", 0) < replicas - partition:
            done = st.get("updatedReplicas", 0)
            line = f"Waiting for partitioned roll out to finish: {done} out of {replicas - partition} new pods " \
                   "have been updated...\n"
            return line, False
        return f"partitioned roll out complete: {st.get('updatedReplicas', 0)} new pods have been updated...\n", True
    if st.get("updateRevision") != st.get("currentRevision"):
        line = (f"waiting for statefulset rolling update to complete {st.get('updatedReplicas', 0)} pods at "
                f"revision {st.get('updateRevision')}...\n")
        return line, False
    line = f"statefulset rolling update complete {st.get('currentReplicas', 0)} pods at revision " \
           f"{st.get('currentRevision')}...\n"
    return line, True


# -- history, undo, pause, resume, restart: the controllers' client-side helpers ------------------
def _deployments_only(r, what: str) -> None:
    if r.plural != "deployments":
        raise CommandError(f"no {what} has been implemented for {r.kind}")


def history(ctx, r, obj) -> None:
    _deployments_only(r, "history viewer")
    name = f"{r.qualified}/{obj['metadata']['name']}"
    rows = _call(rollout.history, ctx.cluster, obj["metadata"]["namespace"], obj["metadata"]["name"], user=ctx.user)
    wanted = ctx.flags["revision"]
    if wanted:
        if wanted not in {n for n, _ in rows}:
            raise CommandError("unable to find the specified revision")
        ctx.out(f"{name} with revision #{wanted}\n")
        return
    if not rows:
        ctx.out(f"No rollout history found in {name}\n")
        return
    table = [("REVISION", "CHANGE-CAUSE")] + [(str(n), cause) for n, cause in rows]
    width = max(len(a) for a, _ in table) + 2
    ctx.out(f"{name} \n" + "".join(f"{a.ljust(width)}{b}\n" for a, b in table) + "\n")


def undo(ctx, r, obj) -> None:
    _deployments_only(r, "rollbacker")
    ctx.out(_call(rollout.undo, ctx.cluster, obj["metadata"]["namespace"], obj["metadata"]["name"],
                  ctx.flags["to-revision"], user=ctx.user) + "\n")


def pause(ctx, r, obj) -> None:
    _deployments_only(r, "pauser")
    ctx.out(_call(rollout.set_paused, ctx.cluster, obj["metadata"]["namespace"], obj["metadata"]["name"], True,
                  user=ctx.user) + "\n")


def resume(ctx, r, obj) -> None:
    _deployments_only(r, "resumer")
    ctx.out(_call(rollout.set_paused, ctx.cluster, obj["metadata"]["namespace"], obj["metadata"]["name"], False,
                  user=ctx.user) + "\n")


def restart(ctx, r, obj) -> None:
    if r.plural not in ("deployments", "daemonsets", "statefulsets"):
        raise CommandError(f"restarting is not supported for {r.kind}")
    ctx.out(_call(rollout.restart, ctx.cluster, r.plural, obj["metadata"].get("namespace", ""),
                  obj["metadata"]["name"], user=ctx.user) + "\n")


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except rollout.RolloutError as e:
        raise CommandError(str(e)) from None


# -- set image ---------------------------------------------------------------------------------
def set_image(ctx, args: list[str]) -> int:
    pairs = [a for a in args if "=" in a]
    resources = [a for a in args if "=" not in a]
    if not pairs:
        raise CommandError("at least one image update is required")
    images = dict(p.split("=", 1) for p in pairs)
    for target in targets.parse(ctx, resources):
        for obj in targets.select(ctx, target, False, ctx.flags["selector"], ""):
            ctx.out(_set_image(ctx, target.resource, obj, images) + "\n")
    return 0


def _set_image(ctx, r, obj: dict, images: dict) -> str:
    path = ("spec",) if r.plural == "pods" else ("spec", "jobTemplate", "spec", "template", "spec") \
        if r.plural == "cronjobs" else ("spec", "template", "spec")
    spec = obj
    for key in path:
        spec = spec.get(key) or {}
    changed = dict(spec)
    found = set()
    for field in ("initContainers", "containers"):
        if field not in spec:
            continue
        out = []
        for c in spec[field]:
            image = images.get(c["name"], images.get("*"))
            if image is not None:
                found.add(c["name"])
                c = {**c, "image": image}
            out.append(c)
        changed[field] = out
    missing = [n for n in images if n != "*" and n not in found]
    if missing:
        raise CommandError(f'unable to find container named "{missing[0]}"')
    new = _assoc(obj, path, changed)
    if new != obj and ctx.flags["dry-run"] != "client":
        ctx.api.update(new, ctx.user)
    return f"{r.qualified}/{obj['metadata']['name']} image updated"


def _assoc(obj: dict, path: tuple, value) -> dict:
    if not path:
        return value
    return {**obj, path[0]: _assoc(obj.get(path[0]) or {}, path[1:], value)}
