"""kube-scheduler: binds each pending pod to a node, or says why no node fits.

`install(cluster)` adds the scheduler as a controller. A pod is tried when it appears or its
spec changes, and every waiting pod is tried again when a node changes or a pod leaves a node
(kube-scheduler's queueing hints, simplified; there is no periodic 5-minute flush, so a
pending pod costs nothing while nothing changes). Only `default-scheduler` is served: pods
naming another scheduler stay Pending without a condition, as in a cluster without it.

Public API:
- `why_pending(cluster, pod) -> dict`: structured findings for the web layer: `code`
  (`SchedulingGated`, `OtherScheduler`, `Unschedulable`, `Schedulable`, `Bound`), the
  scheduler's `message`, and per node the list of findings (`code`, `reason`, `params`).
- `fit_error_message(...)`: kube-scheduler's FitError text, for other components.
"""

from __future__ import annotations

from .. import clock as clk
from ..kubelet import events
from ..store import assoc
from . import filters, quantity, scoring
from .nodeinfo import Cache, counts_on_node, pod_key

SCHEDULER_NAME = "default-scheduler"
GATED_MESSAGE = "Scheduling is blocked due to non-empty scheduling gates"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"
# Since 1.34 the DynamicResources plugin (on by default) runs its PostFilter before
# DefaultPreemption and adds this for pods without resource claims (observed in 1.34-1.37).
DRA_POST_FILTER = "no new claims to deallocate"


def fit_error_message(num_nodes: int, per_node: dict[str, list[filters.Finding]], pod: dict,
                      prefilter: str = "") -> str:
    """FitError.Error(): reasons counted over nodes, as `"<count> <reason>"` sorted as strings."""
    text = f"0/{num_nodes} nodes are available:"
    if prefilter:
        text += f" {prefilter}."
    else:
        histogram: dict[str, int] = {}
        for found in per_node.values():
            for f in found:
                histogram[f.reason] = histogram.get(f.reason, 0) + 1
        reasons = sorted(f"{count} {reason}" for reason, count in histogram.items())
        if reasons:
            text += " " + ", ".join(reasons) + "."
    return f"{text} {DRA_POST_FILTER}, {_preemption_message(num_nodes, per_node, pod, prefilter)}"


def _preemption_message(num_nodes: int, per_node: dict[str, list[filters.Finding]], pod: dict,
                        prefilter: str) -> str:
    if (pod.get("spec") or {}).get("preemptionPolicy") == "Never":
        return "preemption: not eligible due to preemptionPolicy=Never."
    histogram: dict[str, int] = {}
    for found in per_node.values():
        helpful = not prefilter and found and all(f.resolvable for f in found)
        reason = NO_VICTIMS if helpful else NOT_HELPFUL
        histogram[reason] = histogram.get(reason, 0) + 1
    reasons = ", ".join(sorted(f"{count} {reason}" for reason, count in histogram.items()))
    return f"preemption: 0/{num_nodes} nodes are available: {reasons}."


def _wants_scheduling(pod: dict | None) -> bool:
    if pod is None:
        return False
    return (not (pod.get("spec") or {}).get("nodeName") and not pod["metadata"].get("deletionTimestamp")
            and (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"))


class Scheduler:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self.cache = Cache(cluster.store)
        self.controller = cluster.add_controller("scheduler", self.sync)
        self._waiting: dict[str, None] | None = None
        cluster.store.watch(self.on_pod, "pods")
        cluster.store.watch(self.on_node, "nodes")

    # -- watch handlers: enqueue keys only ------------------------------------------------
    def waiting(self) -> dict[str, None]:
        if self._waiting is None:
            self._waiting = {pod_key(p): None for p in self.cluster.store.list("pods") if _wants_scheduling(p)}
        return self._waiting

    def on_pod(self, change) -> None:
        self.cache.observe(change.old, change.new)
        waiting = self.waiting()
        key = pod_key(change.obj)
        if _wants_scheduling(change.new):
            waiting[key] = None
            if change.old is None or change.old.get("spec") != change.new.get("spec"):
                self.controller.enqueue(key)
        else:
            waiting.pop(key, None)
        if counts_on_node(change.old) and not counts_on_node(change.new):
            self.retry_all()

    def on_node(self, change) -> None:
        if change.old is None or change.new is None or change.old.get("spec") != change.new.get("spec") \
                or change.old["metadata"].get("labels") != change.new["metadata"].get("labels") \
                or (change.old.get("status") or {}).get("allocatable") != (change.new.get("status") or {}).get(
                    "allocatable"):
            self.retry_all()

    def retry_all(self) -> None:
        for key in list(self.waiting()):
            self.controller.enqueue(key)

    # -- one scheduling attempt --------------------------------------------------------------
    def sync(self, key: str) -> None:
        ns, name = key.split("/", 1)
        pod = self.cluster.store.get("pods", ns, name)
        if not _wants_scheduling(pod):
            return
        spec = pod.get("spec") or {}
        if spec.get("schedulingGates"):
            self._set_condition(pod, "False", "SchedulingGated", GATED_MESSAGE)
            return
        if (spec.get("schedulerName") or SCHEDULER_NAME) != SCHEDULER_NAME:
            return
        node, _, message = self.attempt(pod)
        if node is None:
            self._unschedulable(pod, message)
        else:
            self._bind(pod, node["metadata"]["name"])

    def attempt(self, pod: dict) -> tuple[dict | None, dict[str, list[filters.Finding]], str]:
        """(chosen node or None, findings per rejected node, the FitError message)."""
        nodes = {n["metadata"]["name"]: n for n in self.cluster.store.list("nodes")}
        ctx = filters.Context(self.cache, self.cluster.store, pod, quantity.pod_requests(pod), nodes)
        prefilter = self._prefilter(pod)
        if prefilter:
            per_node = {name: [filters.Finding("PreFilter", prefilter)] for name in nodes}
            return None, per_node, fit_error_message(len(nodes), per_node, pod, prefilter)
        per_node, feasible = {}, []
        for name, node in nodes.items():
            found = filters.filter_node(ctx, node)
            if found:
                per_node[name] = found
            else:
                feasible.append(node)
        if not nodes:
            return None, {}, "no nodes available to schedule pods"
        if not feasible:
            return None, per_node, fit_error_message(len(nodes), per_node, pod)
        chosen, _ = scoring.pick(ctx, feasible, self.cluster.streams, pod["metadata"].get("uid", ""))
        return chosen, per_node, ""

    def _prefilter(self, pod: dict) -> str:
        """VolumeBinding's PreFilter: claims that do not exist stop the attempt for every node."""
        ns = pod["metadata"].get("namespace", "default")
        for volume in (pod.get("spec") or {}).get("volumes") or []:
            claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if claim and self.cluster.store.get("persistentvolumeclaims", ns, claim) is None:
                return f'persistentvolumeclaim "{claim}" not found'
        return ""

    # -- writing the outcome -------------------------------------------------------------
    def _set_condition(self, pod: dict, status: str, reason: str | None, message: str | None) -> dict:
        conditions = list((pod.get("status") or {}).get("conditions") or [])
        now = clk.timestamp(self.cluster.clock.now)
        index = next((i for i, c in enumerate(conditions) if c.get("type") == "PodScheduled"), None)
        old = conditions[index] if index is not None else None
        new = {"type": "PodScheduled", "status": status, "lastProbeTime": None,
               "lastTransitionTime": old["lastTransitionTime"] if old and old.get("status") == status else now}
        if reason:
            new["reason"] = reason
        if message:
            new["message"] = message
        if old == new:
            return pod
        if index is None:
            conditions.append(new)
        else:
            conditions[index] = new
        return self.cluster.api.update_status("pods", assoc(pod, ("status", "conditions"), conditions))

    def _unschedulable(self, pod: dict, message: str) -> None:
        pod = self._set_condition(pod, "False", "Unschedulable", message)
        events.record_scheduler(self.cluster, pod, "Warning", "FailedScheduling", "Scheduling", message)

    def _bind(self, pod: dict, node_name: str) -> None:
        bound = assoc(pod, ("spec", "nodeName"), node_name)
        bound = self._set_condition_dict(bound)
        stored = self.cluster.api.update_status("pods", bound)
        ns = pod["metadata"].get("namespace", "default")
        events.record_scheduler(self.cluster, stored, "Normal", "Scheduled", "Binding",
                                f"Successfully assigned {ns}/{pod['metadata']['name']} to {node_name}")

    def _set_condition_dict(self, pod: dict) -> dict:
        conditions = [c for c in (pod.get("status") or {}).get("conditions") or [] if c.get("type") != "PodScheduled"]
        conditions.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                           "lastTransitionTime": clk.timestamp(self.cluster.clock.now)})
        return assoc(pod, ("status", "conditions"), conditions)


def install(cluster) -> Scheduler:
    scheduler = Scheduler(cluster)
    cluster.scheduler = scheduler
    return scheduler


def why_pending(cluster, pod: dict) -> dict:
    """Structured reasons a pod is (or is not) waiting for a node, for the web layer."""
    spec = pod.get("spec") or {}
    if spec.get("nodeName"):
        return {"code": "Bound", "node": spec["nodeName"], "message": "", "nodes": {}}
    if spec.get("schedulingGates"):
        return {"code": "SchedulingGated", "message": GATED_MESSAGE, "nodes": {},
                "gates": [g.get("name") for g in spec["schedulingGates"]]}
    if (spec.get("schedulerName") or SCHEDULER_NAME) != SCHEDULER_NAME:
        return {"code": "OtherScheduler", "schedulerName": spec["schedulerName"], "message": "", "nodes": {}}
    node, per_node, message = cluster.scheduler.attempt(pod)
    findings = {name: [{"code": f.code, "reason": f.reason, "params": f.params} for f in found]
                for name, found in sorted(per_node.items())}
    if node is not None:
        return {"code": "Schedulable", "node": node["metadata"]["name"], "message": "", "nodes": findings}
    return {"code": "Unschedulable", "message": message, "nodes": findings}
