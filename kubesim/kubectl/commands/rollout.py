"""`kubectl rollout status|history|undo|pause|resume|restart` and `kubectl set image`.

Status texts follow kubectl's status viewers (pkg/polymorphichelpers/rollout_status.go):
the viewer runs on the object as first read and again on every change to it, printing its
line each time, until the rollout is done or the wait times out.
"""

from ... import clock as clk
from ..flags import Flag
from . import targets
from .base import CommandError

REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
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
        timeout = _seconds(ctx.flags["timeout"]) or DEFAULT_WAIT_S
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
    partition = ((strategy.get("rollingUpdate") or {}).get("partition")) or 0
    if strategy.get("type", "RollingUpdate") == "RollingUpdate" and partition > 0:
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


# -- history and undo ---------------------------------------------------------------------
def _owned_replicasets(ctx, d: dict) -> list[dict]:
    return [rs for rs in ctx.store.owned_by(d["metadata"]["uid"]) if rs.get("kind") == "ReplicaSet"]


def _revision(obj: dict) -> int:
    try:
        return int((obj["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def history(ctx, r, obj) -> None:
    if r.plural != "deployments":
        raise CommandError(f"no history viewer has been implemented for {r.kind}")
    by_revision = {_revision(rs): rs for rs in _owned_replicasets(ctx, obj) if _revision(rs)}
    name = f"{r.qualified}/{obj['metadata']['name']}"
    wanted = ctx.flags["revision"]
    if wanted:
        if wanted not in by_revision:
            raise CommandError("unable to find the specified revision")
        ctx.out(f"{name} with revision #{wanted}\n")
        return
    if not by_revision:
        ctx.out(f"No rollout history found in {name}\n")
        return
    rows = [("REVISION", "CHANGE-CAUSE")]
    for number in sorted(by_revision):
        cause = (by_revision[number]["metadata"].get("annotations") or {}).get(CHANGE_CAUSE, "<none>")
        rows.append((str(number), cause))
    width = max(len(a) for a, _ in rows) + 2
    ctx.out(f"{name} \n" + "".join(f"{a.ljust(width)}{b}\n" for a, b in rows) + "\n")


def undo(ctx, r, obj) -> None:
    if r.plural != "deployments":
        raise CommandError(f"no rollbacker has been implemented for {r.kind}")
    name = obj["metadata"]["name"]
    if (obj.get("spec") or {}).get("paused"):
        raise CommandError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' "
                           "and try again")
    by_revision = {_revision(rs): rs for rs in _owned_replicasets(ctx, obj) if _revision(rs)}
    if not by_revision:
        raise CommandError(f'no rollout history found for deployment "{name}"')
    wanted = ctx.flags["to-revision"]
    if wanted == 0:
        current = _revision(obj)
        older = sorted(n for n in by_revision if n < current) or sorted(by_revision)[:-1]
        if not older:
            raise CommandError(f'no rollout history found for deployment "{name}"')
        wanted = older[-1]
    if wanted not in by_revision:
        raise CommandError(f"unable to find specified revision {wanted} in history")
    template = by_revision[wanted]["spec"]["template"]
    labels = {k: v for k, v in (template.get("metadata") or {}).get("labels", {}).items() if k != "pod-template-hash"}
    template = {**template, "metadata": {**(template.get("metadata") or {}), "labels": labels}}
    qualified = f"{r.qualified}/{name}"
    if template == obj["spec"]["template"]:
        ctx.out(f"{qualified} skipped rollback (current template already matches revision {wanted})\n")
        return
    ctx.api.update({**obj, "spec": {**obj["spec"], "template": template}}, ctx.user)
    ctx.out(f"{qualified} rolled back\n")


# -- pause, resume, restart ------------------------------------------------------------------
def pause(ctx, r, obj) -> None:
    _set_paused(ctx, r, obj, True)


def resume(ctx, r, obj) -> None:
    _set_paused(ctx, r, obj, False)


def _set_paused(ctx, r, obj, paused: bool) -> None:
    if r.plural != "deployments":
        raise CommandError(f"{r.qualified_plural} \"{obj['metadata']['name']}\" pausing is not supported")
    word = "paused" if paused else "resumed"
    if bool((obj.get("spec") or {}).get("paused")) == paused:
        raise CommandError(f"{r.qualified_plural} \"{obj['metadata']['name']}\" is {'already' if paused else 'not'}"
                           f" paused")
    spec = {k: v for k, v in obj["spec"].items() if k != "paused"}
    if paused:
        spec["paused"] = True
    ctx.api.update({**obj, "spec": spec}, ctx.user)
    ctx.out(f"{r.qualified}/{obj['metadata']['name']} {word}\n")


def restart(ctx, r, obj) -> None:
    if r.plural not in ("deployments", "daemonsets", "statefulsets"):
        raise CommandError("restarting is not supported")
    if (obj.get("spec") or {}).get("paused"):
        raise CommandError("can't restart paused deployment (run rollout resume first)")
    template = obj["spec"]["template"]
    meta = template.get("metadata") or {}
    stamp = clk.timestamp(ctx.cluster.clock.now)
    annotations = {**(meta.get("annotations") or {}), "kubectl.kubernetes.io/restartedAt": stamp}
    new = {**obj, "spec": {**obj["spec"], "template": {**template, "metadata": {**meta, "annotations": annotations}}}}
    ctx.api.update(new, ctx.user)
    ctx.out(f"{r.qualified}/{obj['metadata']['name']} restarted\n")


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


def _seconds(text: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    text = text.strip()
    if text and text[-1] in units:
        return float(text[:-1] or 0) * units[text[-1]]
    return float(text or 0)
