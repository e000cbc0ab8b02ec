"""What `kubectl rollout` and `kubectl scale` do, for the kubectl layer to call.

kubectl does these on the client side (kubectl pkg/polymorphichelpers: rollback.go,
history.go, rollout_status.go, objectrestarter.go, objectpauser.go; read to learn): it reads
the ReplicaSets of a Deployment and writes the Deployment; the controller then does the rest.
Each function takes the cluster and the learner's `user` (authorization applies) and returns
the text kubectl prints, or raises `RolloutError` with kubectl's error message.
"""

from __future__ import annotations

from .. import clock as clk
from .. import resources as res
from ..apiserver.identity import ADMIN
from . import common as c
from . import deployment_util as du

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
CHANGE_CAUSE = "kubernetes.io/change-cause"


class RolloutError(Exception):
    """A refusal, with the message kubectl prints after `error: `."""


def _deployment(cluster, namespace: str, name: str, user) -> dict:
    return cluster.api.get(res.BY_PLURAL["deployments"], namespace, name, user)


def replicasets_of(cluster, d: dict) -> list[dict]:
    """The ReplicaSets a Deployment controls, oldest first."""
    owned = [rs for rs in cluster.store.owned_by(d["metadata"]["uid"])
             if rs.get("kind") == "ReplicaSet" and c.is_controlled_by(rs, d)]
    return sorted(owned, key=du.creation_order)


# -- undo ---------------------------------------------------------------------------------------

def undo(cluster, namespace: str, name: str, to_revision: int = 0, user=ADMIN) -> str:
    """`kubectl rollout undo deployment/NAME [--to-revision=N]`: copy that revision's pod
    template into the Deployment; the controller gives it a new revision number."""
    d = _deployment(cluster, namespace, name, user)
    if (d.get("spec") or {}).get("paused"):
        raise RolloutError("you cannot rollback a paused deployment; resume it first with "
                           "'kubectl rollout resume' and try again")
    rs = _replicaset_for_revision(cluster, d, to_revision)
    template = du.without_hash(rs["spec"]["template"])
    if du.equal_ignore_hash(template, d["spec"]["template"]):
        return f"deployment.apps/{name} skipped rollback (current template already matches revision " \
               f"{du.revision(rs)})"
    annotations = {k: v for k, v in (d["metadata"].get("annotations") or {}).items() if k in du.SKIPPED_ANNOTATIONS}
    annotations.update({k: v for k, v in (rs["metadata"].get("annotations") or {}).items()
                        if k not in du.SKIPPED_ANNOTATIONS})
    meta = {k: v for k, v in d["metadata"].items() if k != "annotations"}
    if annotations:
        meta["annotations"] = annotations
    cluster.api.update({**d, "metadata": meta, "spec": {**d["spec"], "template": template}}, user)
    cluster.reconcile()
    return f"deployment.apps/{name} rolled back"


def _replicaset_for_revision(cluster, d: dict, to_revision: int) -> dict:
    rss = replicasets_of(cluster, d)
    new_rs = du.find_new_replicaset(d, rss)
    olds = [rs for rs in rss if new_rs is None or rs["metadata"]["uid"] != new_rs["metadata"]["uid"]]
    if to_revision > 0:
        for rs in rss:
            if du.revision(rs) == to_revision:
                return rs
        raise RolloutError(f"unable to find specified revision {to_revision} in history")
    if not olds:
        raise RolloutError(f'no rollout history found for deployment "{d["metadata"]["name"]}"')
    return max(olds, key=du.revision_order)


# -- history ------------------------------------------------------------------------------------

def history(cluster, namespace: str, name: str, user=ADMIN) -> list[tuple[int, str]]:
    """(revision, change cause or "<none>") of every ReplicaSet, by revision."""
    d = _deployment(cluster, namespace, name, user)
    rows = {}
    for rs in replicasets_of(cluster, d):
        cause = (rs["metadata"].get("annotations") or {}).get(CHANGE_CAUSE, "<none>")
        rows[du.revision(rs)] = cause
    return sorted(rows.items())


def revision_template(cluster, namespace: str, name: str, revision: int, user=ADMIN) -> dict:
    """The pod template of one revision (`rollout history --revision=N`)."""
    d = _deployment(cluster, namespace, name, user)
    for rs in replicasets_of(cluster, d):
        if du.revision(rs) == revision:
            return rs["spec"]["template"]
    raise RolloutError(f"unable to find the specified revision {revision}")


# -- status ---------------------------------------------------------------------------------------

def status(cluster, namespace: str, name: str, user=ADMIN) -> tuple[str, bool]:
    """One poll of `kubectl rollout status deployment/NAME`: (message, done); raises when
    the progress deadline was exceeded."""
    d = _deployment(cluster, namespace, name, user)
    st = d.get("status") or {}
    if d["metadata"].get("generation", 0) > st.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...", False
    cond = c.condition(d, "Progressing")
    if cond is not None and cond.get("reason") == du.TIMED_OUT:
        raise RolloutError(f'deployment "{name}" exceeded its progress deadline')
    want, updated = du.replicas(d), st.get("updatedReplicas", 0)
    prefix = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < want:
        return f"{prefix}{updated} out of {want} new replicas have been updated...", False
    if st.get("replicas", 0) > updated:
        return f"{prefix}{st.get('replicas', 0) - updated} old replicas are pending termination...", False
    if st.get("availableReplicas", 0) < updated:
        return f"{prefix}{st.get('availableReplicas', 0)} of {updated} updated replicas are available...", False
    return f'deployment "{name}" successfully rolled out', True


def statefulset_status(cluster, namespace: str, name: str, user=ADMIN) -> tuple[str, bool]:
    """One poll of `kubectl rollout status statefulset/NAME`."""
    sts = cluster.api.get(res.BY_PLURAL["statefulsets"], namespace, name, user)
    st, spec = sts.get("status") or {}, sts.get("spec") or {}
    strategy = spec.get("updateStrategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        raise RolloutError("rollout status is only available for RollingUpdate strategy type")
    if st.get("observedGeneration", 0) == 0 or sts["metadata"].get("generation", 0) > st.get("observedGeneration", 0):
        return "Waiting for statefulset spec update to be observed...", False
    want = spec.get("replicas", 1)
    if st.get("readyReplicas", 0) < want:
        return f"Waiting for {want - st.get('readyReplicas', 0)} pods to be ready...", False
    partition = (strategy.get("rollingUpdate") or {}).get("partition", 0)
    if partition:
        if st.get("updatedReplicas", 0) < want - partition:
            return (f"Waiting for partitioned roll out to finish: {st.get('updatedReplicas', 0)} out of "
                    f"{want - partition} new pods have been updated..."), False
        return f"partitioned roll out complete: {st.get('updatedReplicas', 0)} new pods have been updated...", True
    if st.get("updateRevision") != st.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {st.get('updatedReplicas', 0)} pods at "
                f"revision {st.get('updateRevision')}..."), False
    return (f"statefulset rolling update complete {st.get('currentReplicas', 0)} pods at revision "
            f"{st.get('currentRevision')}..."), True


# -- restart, pause, resume, scale ---------------------------------------------------------------------

def restart(cluster, plural: str, namespace: str, name: str, user=ADMIN) -> str:
    """`kubectl rollout restart`: stamp the pod template so that a new rollout starts."""
    obj = cluster.api.get(res.BY_PLURAL[plural], namespace, name, user)
    if plural == "deployments" and (obj.get("spec") or {}).get("paused"):
        raise RolloutError(f"deployments.apps \"{name}\" can't restart paused deployment (run rollout resume first)")
    template = obj["spec"]["template"]
    tmeta = template.get("metadata") or {}
    stamp = clk.to_datetime(cluster.clock.now).strftime("%Y-%m-%dT%H:%M:%SZ")
    template = {**template, "metadata": {**tmeta, "annotations": {**(tmeta.get("annotations") or {}),
                                                                    RESTARTED_AT: stamp}}}
    cluster.api.update({**obj, "spec": {**obj["spec"], "template": template}}, user)
    cluster.reconcile()
    return f"{res.BY_PLURAL[plural].qualified}/{name} restarted"


def set_paused(cluster, namespace: str, name: str, paused: bool, user=ADMIN) -> str:
    """`kubectl rollout pause|resume deployment/NAME`."""
    d = _deployment(cluster, namespace, name, user)
    verb = "paused" if paused else "resumed"
    if bool((d.get("spec") or {}).get("paused")) == paused:
        raise RolloutError(f'deployments.apps "{name}" is already {verb}')
    spec = {**d["spec"], "paused": True} if paused else {k: v for k, v in d["spec"].items() if k != "paused"}
    cluster.api.update({**d, "spec": spec}, user)
    cluster.reconcile()
    return f"deployment.apps/{name} {verb}"


def scale(cluster, plural: str, namespace: str, name: str, replicas: int, user=ADMIN) -> str:
    """`kubectl scale --replicas=N KIND/NAME`."""
    r = res.BY_PLURAL[plural]
    obj = cluster.api.get(r, namespace, name, user)
    cluster.api.update({**obj, "spec": {**obj["spec"], "replicas": replicas}}, user)
    cluster.reconcile()
    return f"{r.qualified}/{name} scaled"


__all__ = [
    "RolloutError",
    "history",
    "replicasets_of",
    "restart",
    "revision_template",
    "scale",
    "set_paused",
    "statefulset_status",
    "status",
    "undo",
]
