"""The node lifecycle controller (`node-controller`), taint-based eviction and the pod GC.

Heartbeat model: the kubelet renews its Lease every 10 s, which we do not simulate as events.
When `cluster node stop NAME` stops a kubelet, the kubelet writes the Lease's last
`renewTime` and queues a `node.kubelet-stopped` event; we then schedule one check at
renewTime + 50 s (node-monitor-grace-period, fact 133). If the Lease has not moved by then,
every node condition becomes Unknown (`NodeStatusUnknown`, "Kubelet stopped posting node
status."), the node's pods get Ready=False, and the taints `node.kubernetes.io/unreachable`
NoSchedule and NoExecute are set. Each pod on the node is evicted (deleted) when its
toleration of the NoExecute taint runs out (300 s by default, fact 134; DaemonSet pods
tolerate it forever); evicted pods stay Terminating while the kubelet is away. On
`node.kubelet-started` the node's conditions are posted Ready again (standing in for the
kubelet's node status update) and the taints go. Taints follow the node state level-
triggered: Ready Unknown -> unreachable, False -> not-ready, `spec.unschedulable` ->
`node.kubernetes.io/unschedulable:NoSchedule`. The pod GC deletes pods bound to nodes that no
longer exist (fact 135) as kube-controller-manager's does: it runs every 20 s (at multiples of
20 s of virtual time, and only while such pods exist); a missing node first waits out a 40 s
quarantine (it may come back), then its pods are marked Failed (condition DisruptionTarget,
`DeletionByPodGC`) and deleted at once. Read to learn: kubernetes/kubernetes pkg/controller/nodelifecycle,
pkg/controller/tainteviction, pkg/controller/podgc.
"""

from __future__ import annotations

from .. import clock as clk
from . import common as c
from .events import NORMAL, WARNING

COMPONENT = "node-controller"
GRACE_MS = 50_000
CHECK = "node-lifecycle/check"
EVICT = "node-lifecycle/evict"
PODGC_TICK = "pod-gc/tick"
PODGC_PERIOD_MS = 20_000   # gcCheckPeriod
QUARANTINE_MS = 40_000     # quarantineTime: how long a missing node may take to come back
UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
MANAGED = (UNREACHABLE, NOT_READY, UNSCHEDULABLE)
UNKNOWN_MESSAGE = "Kubelet stopped posting node status."


class NodeLifecycleController:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        self.podgc = manager.loop("pod-garbage-collector", self.sync_podgc)
        manager.store.watch(self._on_node, "nodes")
        manager.store.watch(self._on_lease, "leases")
        handlers = manager.cluster.handlers
        handlers["node.kubelet-stopped"] = self._kubelet_stopped
        handlers["node.kubelet-started"] = self._kubelet_started
        handlers[CHECK] = self._check
        handlers[EVICT] = self._evict
        handlers[PODGC_TICK] = self._podgc_tick

    # -- watches and timed events -------------------------------------------------------------------
    def _on_node(self, change) -> None:
        if change.new is None:
            self.podgc.enqueue(change.old["metadata"]["name"])
        else:
            self.queue.enqueue(change.new["metadata"]["name"])

    def _on_lease(self, change) -> None:
        if change.new is not None and change.new["metadata"].get("namespace") == "kube-node-lease":
            self.queue.enqueue(change.new["metadata"]["name"])

    def _kubelet_stopped(self, event) -> None:
        renew = self._renew_ms(event.key)
        self.m.clock.schedule(max(0, renew + GRACE_MS - self.m.now), CHECK, event.key)

    def _kubelet_started(self, event) -> None:
        node = self.m.store.get("nodes", "", event.key)
        if node is not None and _ready_status(node) != "True":
            self.m.update("nodes", {**node, "status": {**node["status"], "conditions": _posted(node, self.m.now)}})

    def _check(self, event) -> None:
        """node-monitor-grace-period has passed since the last heartbeat: is it still silent?"""
        node = self.m.store.get("nodes", "", event.key)
        if node is None or self._renew_ms(event.key) + GRACE_MS > self.m.now or _ready_status(node) == "Unknown":
            return
        conditions = [_unknown(cond, self.m.now) for cond in node["status"].get("conditions") or ()]
        node = self.m.update("nodes", {**node, "status": {**node["status"], "conditions": conditions}})
        self.m.event(node, NORMAL, "NodeNotReady", f"Node {event.key} status is now: NodeNotReady", COMPONENT)
        for pod in self._pods_on(event.key):
            self._mark_not_ready(pod)

    # -- sync: taints from the node's state ---------------------------------------------------------
    def sync(self, name: str) -> None:
        node = self.m.store.get("nodes", "", name)
        if node is None:
            return
        taints = [t for t in (node.get("spec") or {}).get("taints") or () if t.get("key") not in MANAGED]
        wanted = []
        status = _ready_status(node)
        key = UNREACHABLE if status == "Unknown" else NOT_READY if status == "False" else None
        current = {(t["key"], t["effect"]): t for t in (node.get("spec") or {}).get("taints") or ()}
        if key is not None:
            wanted.append(current.get((key, "NoSchedule"), {"effect": "NoSchedule", "key": key}))
            wanted.append(current.get((key, "NoExecute"), {"effect": "NoExecute", "key": key,
                                                           "timeAdded": clk.timestamp(self.m.now)}))
        if (node.get("spec") or {}).get("unschedulable"):
            wanted.append(current.get((UNSCHEDULABLE, "NoSchedule"), {"effect": "NoSchedule", "key": UNSCHEDULABLE,
                                                                      "timeAdded": clk.timestamp(self.m.now)}))
        taints = taints + wanted
        if taints != ((node.get("spec") or {}).get("taints") or []):
            spec = {**node["spec"], "taints": taints} if taints else \
                {k: v for k, v in node["spec"].items() if k != "taints"}
            node = self.m.update("nodes", {**node, "spec": spec})
        noexecute = next((t for t in wanted if t["effect"] == "NoExecute"), None)
        if noexecute is not None:
            for pod in self._pods_on(name):
                self._plan_eviction(pod, noexecute)

    def _plan_eviction(self, pod: dict, taint: dict) -> None:
        """Schedule the pod's eviction when its toleration of `taint` runs out (once)."""
        if c.being_deleted(pod):
            return
        seconds = toleration_seconds(pod, taint)
        if seconds is None:
            return
        since = c.parse_time(taint.get("timeAdded")) if taint.get("timeAdded") else self.m.now
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}/{pod['metadata']['uid']}"
        c.wake_at(self.m.cluster, EVICT, key, max(self.m.now, since + seconds * 1000))

    def _evict(self, event) -> None:
        c.woke(self.m.cluster, EVICT, event.key)
        ns, name, uid = event.key.split("/")
        pod = self.m.store.get("pods", ns, name)
        if pod is None or pod["metadata"]["uid"] != uid or c.being_deleted(pod):
            return
        node = self.m.store.get("nodes", "", (pod.get("spec") or {}).get("nodeName", ""))
        taint = next((t for t in ((node or {}).get("spec") or {}).get("taints") or ()
                      if t.get("effect") == "NoExecute" and t.get("key") in (UNREACHABLE, NOT_READY)), None)
        if taint is None or toleration_seconds(pod, taint) is None:
            return
        self.m.event(pod, NORMAL, "TaintManagerEviction", f"Marking for deletion Pod {ns}/{name}",
                     "taint-eviction-controller")
        self.m.delete("pods", ns, name)

    def _mark_not_ready(self, pod: dict) -> None:
        """MarkPodsNotReady: the Ready condition of every pod on the node becomes False."""
        conditions = pod.get("status", {}).get("conditions") or []
        if not any(x["type"] == "Ready" and x["status"] != "False" for x in conditions):
            return
        now = clk.timestamp(self.m.now)
        new = [{**x, "status": "False", "lastTransitionTime": now} if x["type"] == "Ready" else x for x in conditions]
        pod = self.m.update("pods", {**pod, "status": {**pod["status"], "conditions": new}})
        self.m.event(pod, WARNING, "NodeNotReady", "Node is not ready", COMPONENT)

    # -- pod GC -------------------------------------------------------------------------------------
    def sync_podgc(self, node_name: str) -> None:
        """A node went: if pods are still bound to it, the GC's next run will see them."""
        if self.m.store.get("nodes", "", node_name) is None and self._pods_on(node_name):
            self._next_podgc_run()

    def _next_podgc_run(self) -> None:
        now = self.m.now
        c.wake_at(self.m.cluster, PODGC_TICK, "gc", now - now % PODGC_PERIOD_MS + PODGC_PERIOD_MS)

    def _podgc_tick(self, event) -> None:
        """gcOrphaned: nodes of orphaned pods enter quarantine; those still missing when it ends
        lose their pods."""
        c.woke(self.m.cluster, PODGC_TICK, event.key)
        now = self.m.now
        quarantine = self.m.cluster.state.setdefault("podgc", {})  # node -> when its quarantine ends
        existing = {n["metadata"]["name"] for n in self.m.store.list("nodes")}
        pods = [p for p in self.m.store.list("pods") if (p.get("spec") or {}).get("nodeName")]
        for pod in pods:
            node = pod["spec"]["nodeName"]
            if node not in existing and node not in quarantine:
                quarantine[node] = now + QUARANTINE_MS
        gone = set()
        for node, until in list(quarantine.items()):
            if until <= now:
                del quarantine[node]
                if node not in existing:
                    gone.add(node)
        for pod in pods:
            if pod["spec"]["nodeName"] in gone:
                self._fail_and_delete(pod)
        if quarantine:
            self._next_podgc_run()

    def _fail_and_delete(self, pod: dict) -> None:
        """markFailedAndDeletePodWithCondition: a pod that has not finished is marked Failed
        first, with why; then it is deleted with no grace period."""
        if not c.is_terminal(pod):
            conditions = [x for x in (pod.get("status") or {}).get("conditions") or ()
                          if x.get("type") != "DisruptionTarget"]
            conditions.append({"lastProbeTime": None, "lastTransitionTime": clk.timestamp(self.m.now),
                               "message": "PodGC: node no longer exists", "reason": "DeletionByPodGC",
                               "status": "True", "type": "DisruptionTarget"})
            pod = self.m.update("pods", {**pod, "status": {**(pod.get("status") or {}), "phase": "Failed",
                                                           "conditions": conditions}})
        self.m.api.remove("pods", pod["metadata"]["namespace"], pod["metadata"]["name"])

    # -- helpers --------------------------------------------------------------------------------------
    def _pods_on(self, node: str) -> list[dict]:
        return [p for p in self.m.store.list("pods") if (p.get("spec") or {}).get("nodeName") == node]

    def _renew_ms(self, node: str) -> int:
        lease = self.m.store.get("leases", "kube-node-lease", node)
        return c.parse_time(((lease or {}).get("spec") or {}).get("renewTime"))


def toleration_seconds(pod: dict, taint: dict) -> int | None:
    """How long the pod tolerates `taint`: 0 when not at all, None when forever."""
    best = 0
    for tol in (pod.get("spec") or {}).get("tolerations") or ():
        if tol.get("effect") not in (None, "", taint["effect"]):
            continue
        if tol.get("operator") == "Exists" and not tol.get("key"):
            pass
        elif tol.get("key") != taint["key"] or tol.get("operator", "Equal") == "Equal" and tol.get("value", "") != taint.get("value", ""):
            continue
        if tol.get("tolerationSeconds") is None:
            return None
        best = max(best, tol["tolerationSeconds"])
    return best


def _ready_status(node: dict) -> str:
    for cond in (node.get("status") or {}).get("conditions") or ():
        if cond.get("type") == "Ready":
            return cond.get("status", "Unknown")
    return "Unknown"


def _unknown(cond: dict, now: int) -> dict:
    return {**cond, "lastTransitionTime": clk.timestamp(now), "message": UNKNOWN_MESSAGE,
            "reason": "NodeStatusUnknown", "status": "Unknown"}


def _posted(node: dict, now: int) -> list[dict]:
    """The conditions a healthy kubelet posts when it comes back."""
    from ..world.objects import node_conditions
    return node_conditions(now)


def install(manager) -> NodeLifecycleController:
    return NodeLifecycleController(manager)
