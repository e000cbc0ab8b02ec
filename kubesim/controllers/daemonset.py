"""The DaemonSet controller (`daemonset-controller`): one pod on every eligible node.

A node is eligible when it matches the template's nodeSelector and required node affinity
and every NoSchedule/NoExecute taint on it is tolerated by the pod, counting the tolerations
the controller adds to every DaemonSet pod (not-ready and unreachable NoExecute without
tolerationSeconds, so daemon pods are never evicted; disk-, memory-, pid-pressure and
unschedulable NoSchedule; network-unavailable for hostNetwork pods). Each pod is pinned to
its node by a `matchFields metadata.name` node affinity term and labelled
`controller-revision-hash` and `pod-template-generation`. RollingUpdate replaces old pods
node by node, never more than maxUnavailable (default 1) unavailable at once; OnDelete only
when a pod is deleted. Read to learn: kubernetes/kubernetes pkg/controller/daemon
(daemon_controller.go, update.go, util/daemonset_util.go).
"""

from __future__ import annotations

from ..apiserver.errors import APIError
from ..kubectl import selectors
from ..naming import template_hash
from ..scheduler.filters import tolerated
from . import common as c
from . import deployment_util as du
from .events import NORMAL, WARNING

COMPONENT = "daemonset-controller"
RECHECK = f"{COMPONENT}/recheck"
HASH_LABEL = "controller-revision-hash"
GENERATION_LABEL = "pod-template-generation"
DAEMON_TOLERATIONS = (
    ("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule"),
)


class DaemonSetController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.on_event(RECHECK, self.queue)
        self.backoff = c.Backoff(manager.cluster, COMPONENT, RECHECK)
        manager.store.watch(self._on_ds, "daemonsets")
        manager.store.watch(self._on_pod, "pods")
        manager.store.watch(self._on_node, "nodes")

    def _on_ds(self, change) -> None:
        self.queue.enqueue(c.key_of(change.obj))
        if change.new is None:
            self.m.tracker.forget(change.old["metadata"]["uid"])

    def _on_pod(self, change) -> None:
        for pod in (change.old, change.new):
            ref = c.controller_ref(pod) if pod is not None else None
            if ref is not None and ref.get("kind") == "DaemonSet":
                self.queue.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")

    def _on_node(self, change) -> None:
        old, new = change.old, change.new
        if old is not None and new is not None and old.get("spec") == new.get("spec") \
                and old["metadata"].get("labels") == new["metadata"].get("labels"):
            return
        for ds in self.m.store.list("daemonsets"):
            self.queue.enqueue(c.key_of(ds))

    # -- sync ------------------------------------------------------------------------------------
    def sync(self, key: str) -> None:
        ns, name = c.split_key(key)
        ds = self.m.store.get("daemonsets", ns, name)
        if ds is None:
            self.backoff.forget(key)
            return
        owned = self.m.tracker.owned(ds["metadata"]["uid"])
        nodes = self.m.store.list("nodes")
        by_node = _pods_by_node(owned)
        revision = template_hash((ds.get("spec") or {}).get("template") or {})
        error = None
        if not c.being_deleted(ds):
            try:
                self._manage(ds, nodes, by_node, revision)
                by_node = _pods_by_node(owned)
                if _strategy(ds) == "RollingUpdate":
                    self._rolling_update(ds, nodes, by_node, revision)
            except APIError as err:
                error = err
        by_node = _pods_by_node(owned)
        self._write_status(self.m.store.get("daemonsets", ns, name), nodes, by_node, revision)
        if error is not None:
            self.backoff.retry(key)
        else:
            self.backoff.forget(key)

    def _manage(self, ds: dict, nodes: list[dict], by_node: dict, revision: str) -> None:
        for node in nodes:
            node_name = node["metadata"]["name"]
            pods = [p for p in by_node.get(node_name, []) if not c.being_deleted(p)]
            if should_run(ds, node):
                failed = [p for p in pods if c.pod_phase(p) == "Failed"]
                for pod in failed:
                    self._delete(ds, pod)
                pods = [p for p in pods if p not in failed]
                if not pods and not failed:
                    self._create(ds, node_name, revision)
                for extra in sorted(pods, key=du.creation_order)[1:]:
                    self._delete(ds, extra)
            elif not should_continue_running(ds, node):
                for pod in pods:
                    self._delete(ds, pod)

    def _rolling_update(self, ds: dict, nodes: list[dict], by_node: dict, revision: str) -> None:
        rolling = ((ds.get("spec") or {}).get("updateStrategy") or {}).get("rollingUpdate") or {}
        eligible = [n["metadata"]["name"] for n in nodes if should_run(ds, n)]
        max_unavailable = max(1, du.scaled_value(rolling.get("maxUnavailable", 1), len(eligible), True)) \
            if eligible else 1
        min_ready = (ds.get("spec") or {}).get("minReadySeconds", 0) or 0
        unavailable, old_available, old_unavailable = 0, [], []
        for node_name in eligible:
            pods = [p for p in by_node.get(node_name, []) if not c.being_deleted(p)]
            available = [p for p in pods if c.is_available(p, min_ready, self.m.now)]
            if not available:
                unavailable += 1
            for pod in pods:
                if _hash_of(pod) != revision:
                    (old_available if pod in available else old_unavailable).append(pod)
        for pod in sorted(old_unavailable, key=lambda p: p["metadata"]["name"]):
            self._delete(ds, pod)
        for pod in sorted(old_available, key=lambda p: (p["spec"].get("nodeName", ""), p["metadata"]["name"])):
            if unavailable >= max_unavailable:
                break
            self._delete(ds, pod)
            unavailable += 1

    def _create(self, ds: dict, node_name: str, revision: str) -> None:
        pod = daemon_pod(ds, node_name, revision)
        try:
            created = self.m.create(pod)
        except APIError as err:
            self.m.event(ds, WARNING, "FailedCreate", f"Error creating: {err.message}", COMPONENT)
            raise
        self.m.event(ds, NORMAL, "SuccessfulCreate", f"Created pod: {created['metadata']['name']}", COMPONENT)

    def _delete(self, ds: dict, pod: dict) -> None:
        meta = pod["metadata"]
        if self.m.delete("pods", meta["namespace"], meta["name"]) is not None:
            self.m.event(ds, NORMAL, "SuccessfulDelete", f"Deleted pod: {meta['name']}", COMPONENT)

    def _write_status(self, ds: dict, nodes: list[dict], by_node: dict, revision: str) -> None:
        min_ready = (ds.get("spec") or {}).get("minReadySeconds", 0) or 0
        desired = current = misscheduled = ready = updated = available = 0
        for node in nodes:
            pods = [p for p in by_node.get(node["metadata"]["name"], []) if not c.being_deleted(p)]
            if should_run(ds, node):
                desired += 1
                if pods:
                    current += 1
                    pod = min(pods, key=du.creation_order)
                    if c.is_ready(pod):
                        ready += 1
                        if c.is_available(pod, min_ready, self.m.now):
                            available += 1
                        elif min_ready:
                            c.wake_at(self.m.cluster, RECHECK, c.key_of(ds), c.available_at_ms(pod, min_ready))
                    if _hash_of(pod) == revision:
                        updated += 1
            elif pods:
                misscheduled += 1
        status = {"currentNumberScheduled": current, "desiredNumberScheduled": desired,
                  "numberMisscheduled": misscheduled, "numberReady": ready,
                  **c.without_zeros({"numberAvailable": available, "numberUnavailable": desired - available,
                                     "observedGeneration": ds["metadata"].get("generation", 0),
                                     "updatedNumberScheduled": updated})}
        if (ds.get("status") or {}).get("conditions"):
            status["conditions"] = ds["status"]["conditions"]
        c.write_status(self.m.cluster, "daemonsets", ds, status)


def should_run(ds: dict, node: dict) -> bool:
    """Does the DaemonSet want a pod on this node (nodeShouldRunDaemonPod's shouldRun)?"""
    return _fits(ds, node, ("NoSchedule", "NoExecute"))


def should_continue_running(ds: dict, node: dict) -> bool:
    """May a pod already there keep running? An untolerated NoSchedule taint (the node became
    unreachable, say) stops new pods but not the running one; only NoExecute removes it."""
    return _fits(ds, node, ("NoExecute",))


def _fits(ds: dict, node: dict, effects: tuple[str, ...]) -> bool:
    spec = ((ds.get("spec") or {}).get("template") or {}).get("spec") or {}
    labels = node["metadata"].get("labels") or {}
    if any(labels.get(k) != v for k, v in (spec.get("nodeSelector") or {}).items()):
        return False
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution"))
    if required and not selectors.node_selector_matches(required, node):
        return False
    pod = {"spec": {"tolerations": with_daemon_tolerations(spec)}}
    return all(tolerated(pod, t) for t in (node.get("spec") or {}).get("taints") or ()
               if t.get("effect") in effects)


def with_daemon_tolerations(spec: dict) -> list[dict]:
    """The template's tolerations plus the ones the controller adds (AddOrUpdateDaemonPodTolerations)."""
    tolerations = list(spec.get("tolerations") or [])
    wanted = list(DAEMON_TOLERATIONS)
    if spec.get("hostNetwork"):
        wanted.append(("node.kubernetes.io/network-unavailable", "NoSchedule"))
    for key, effect in wanted:
        if not any(t.get("key") == key and t.get("effect") == effect for t in tolerations):
            tolerations.append({"effect": effect, "key": key, "operator": "Exists"})
    return tolerations


def daemon_pod(ds: dict, node_name: str, revision: str) -> dict:
    template = (ds.get("spec") or {}).get("template") or {}
    tmeta = template.get("metadata") or {}
    labels = {**(tmeta.get("labels") or {}), HASH_LABEL: revision,
              GENERATION_LABEL: str(ds["metadata"].get("generation", 1))}
    meta: dict = {"generateName": ds["metadata"]["name"] + "-", "namespace": ds["metadata"]["namespace"],
                  "labels": labels, "ownerReferences": [c.owner_reference(ds)]}
    if tmeta.get("annotations"):
        meta["annotations"] = tmeta["annotations"]
    spec = dict(template.get("spec") or {})
    spec["tolerations"] = with_daemon_tolerations(spec)
    affinity = dict(spec.get("affinity") or {})
    affinity["nodeAffinity"] = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}]}}
    spec["affinity"] = affinity
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def _node_of(pod: dict) -> str:
    node = (pod.get("spec") or {}).get("nodeName")
    if node:
        return node
    terms = ((((pod.get("spec") or {}).get("affinity") or {}).get("nodeAffinity") or {})
             .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms") or []
    for term in terms:
        for field in term.get("matchFields") or ():
            if field.get("key") == "metadata.name" and field.get("values"):
                return field["values"][0]
    return ""


def _pods_by_node(owned) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for pod in owned.pods.values():
        if not c.is_terminal(pod) or c.pod_phase(pod) == "Failed":
            out.setdefault(_node_of(pod), []).append(pod)
    return out


def _hash_of(pod: dict) -> str:
    return (pod["metadata"].get("labels") or {}).get(HASH_LABEL, "")


def _strategy(ds: dict) -> str:
    return ((ds.get("spec") or {}).get("updateStrategy") or {}).get("type", "RollingUpdate")


def install(manager) -> DaemonSetController:
    return DaemonSetController(manager)
