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
UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims"
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


def _claims(pod: dict) -> list[str]:
    return [v["persistentVolumeClaim"].get("claimName") for v in (pod.get("spec") or {}).get("volumes") or []
            if v.get("persistentVolumeClaim")]


def _scheduled_message(pod: dict) -> str:
    conditions = (pod.get("status") or {}).get("conditions") or []
    return next((c.get("message") or "" for c in conditions if c.get("type") == "PodScheduled"), "")


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
        self._nodes: dict[str, dict] | None = None  # by name, in name order; forgotten when one changes
        self._fit_error: tuple = ()  # the last FitError message and what it was made from
        cluster.store.watch(self.on_pod, "pods")
        cluster.store.watch(self.on_node, "nodes")
        cluster.store.watch(self.on_claim, "persistentvolumeclaims")

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
        self._nodes = None
        if change.old is None or change.new is None or change.old.get("spec") != change.new.get("spec") \
                or change.old["metadata"].get("labels") != change.new["metadata"].get("labels") \
                or (change.old.get("status") or {}).get("allocatable") != (change.new.get("status") or {}).get(
                    "allocatable"):
            self.retry_all()

    def on_claim(self, change) -> None:
        """A claim appeared or changed (was bound, say): the waiting pods that use it and were
        last turned down by VolumeBinding (a missing or unbound claim) are tried again, as
        kube-scheduler's queueing hint for PVC events does. Read from the store, not
        remembered, so a cluster restored from a snapshot does the same."""
        ns, name = change.obj["metadata"].get("namespace", ""), change.obj["metadata"]["name"]
        for key in list(self.waiting()):
            pod_ns, pod_name = key.split("/", 1)
            pod = self.cluster.store.get("pods", pod_ns, pod_name) if pod_ns == ns else None
            if pod is None or name not in _claims(pod):
                continue
            message = _scheduled_message(pod)
            if UNBOUND_IMMEDIATE in message or f'persistentvolumeclaim "{name}"' in message:
                self.controller.enqueue(key)

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
        if self._nodes is None:
            self._nodes = {n["metadata"]["name"]: n for n in self.cluster.store.list("nodes")}
        nodes = self._nodes
        ctx = filters.Context(self.cache, self.cluster.store, pod, quantity.pod_requests(pod), nodes)
        prefilter = self._prefilter(pod)
        if prefilter:
            per_node = {name: [filters.Finding("PreFilter", prefilter)] for name in nodes}
            return None, per_node, fit_error_message(len(nodes), per_node, pod, prefilter)
        per_node, feasible = filters.filter_nodes(ctx, nodes)
        if not nodes:
            return None, {}, "no nodes available to schedule pods"
        if not feasible:
            return None, per_node, self._fit_error_message(len(nodes), per_node, pod)
        chosen, _ = scoring.pick(ctx, feasible, self.cluster.streams, pod["metadata"].get("uid", ""))
        return chosen, per_node, ""

    def _fit_error_message(self, num_nodes: int, per_node: dict[str, list[filters.Finding]], pod: dict) -> str:
        """fit_error_message, given again when made from the very same findings (the filters
        remember them per node): pods waiting alike are tried again and again."""
        found = tuple(per_node.values())
        policy = (pod.get("spec") or {}).get("preemptionPolicy")
        if self._fit_error and self._fit_error[:2] == (num_nodes, policy) and len(self._fit_error[2]) == len(found) \
                and all(a is b for a, b in zip(self._fit_error[2], found)):
            return self._fit_error[3]
        message = fit_error_message(num_nodes, per_node, pod)
        self._fit_error = (num_nodes, policy, found, message)
        return message

    def _prefilter(self, pod: dict) -> str:
        """VolumeBinding's PreFilter: a claim that does not exist or is being deleted, or one
        that must be bound before scheduling and is not (`_immediate`), stops the attempt for
        every node."""
        ns = pod["metadata"].get("namespace", "default")
        unbound = []
        for volume in (pod.get("spec") or {}).get("volumes") or []:
            name = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if not name:
                continue
            claim = self.cluster.store.get("persistentvolumeclaims", ns, name)
            if claim is None:
                return f'persistentvolumeclaim "{name}" not found'
            if claim["metadata"].get("deletionTimestamp"):
                return f'persistentvolumeclaim "{name}" is being deleted'
            if not (claim.get("spec") or {}).get("volumeName") and self._immediate(claim):
                unbound.append(name)
        if unbound:
            return UNBOUND_IMMEDIATE
        return ""

    def _immediate(self, claim: dict) -> bool:
        """Must the claim be bound before its pod is scheduled? Yes without a class, or with a
        class that is missing or not in WaitForFirstConsumer mode (volume util's
        IsDelayBindingMode, negated)."""
        class_name = (claim.get("spec") or {}).get("storageClassName") or ""
        sc = self.cluster.store.get("storageclasses", "", class_name) if class_name else None
        return sc is None or sc.get("volumeBindingMode") != "WaitForFirstConsumer"

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
