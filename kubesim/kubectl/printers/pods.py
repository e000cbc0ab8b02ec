"""The `kubectl get pods` row: READY, STATUS, RESTARTS and the wide columns.

Reproduces printPod from kubernetes/kubernetes pkg/printers/internalversion/printers.go
(read at a 1.37-dev copy; see k8s-facts.md facts 12-16): STATUS starts from the phase (or
`status.reason`, or `SchedulingGated`), then init containers in order, then regular
containers from last to first, then `NotReady`/`Running` for a finished container next to a
running one, then `Terminating`/`Unknown` for pods being deleted.
"""

from __future__ import annotations

from .duration import Now, age, as_datetime, human_duration, parse_time
from .table import Row, columns

POD_COLUMNS = columns(
    "Name", "Ready", "Status", "Restarts", "Age",
    wide=("IP", "Node", "Nominated Node", "Readiness Gates"),
)


def _is_sidecar(spec: dict | None) -> bool:
    return bool(spec) and spec.get("restartPolicy") == "Always"


def _condition_true(status: dict, kind: str) -> bool:
    return any(c.get("type") == kind and c.get("status") == "True" for c in status.get("conditions") or [])


class _Restarts:
    """Restart count and the newest `lastState.terminated.finishedAt` seen."""

    def __init__(self):
        self.count = 0
        self.last = None

    def add(self, container_status: dict) -> None:
        self.count += int(container_status.get("restartCount") or 0)
        finished = parse_time(((container_status.get("lastState") or {}).get("terminated") or {}).get("finishedAt"))
        if finished and (self.last is None or finished > self.last):
            self.last = finished


def _init_reason(i: int, cs: dict, total: int) -> str:
    state = cs.get("state") or {}
    terminated = state.get("terminated")
    if terminated is not None:
        if terminated.get("reason"):
            return "Init:" + terminated["reason"]
        if terminated.get("signal"):
            return f"Init:Signal:{terminated['signal']}"
        return f"Init:ExitCode:{terminated.get('exitCode', 0)}"
    waiting = state.get("waiting")
    if waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
        return "Init:" + waiting["reason"]
    return f"Init:{i}/{total}"


def pod_summary(pod: dict) -> tuple[str, str, _Restarts]:
    """(READY, STATUS, restarts) exactly as printPod computes them."""
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    meta = pod.get("metadata") or {}
    phase = status.get("phase", "")
    reason = status.get("reason") or phase
    for c in status.get("conditions") or []:
        if c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    init_specs = {c.get("name"): c for c in spec.get("initContainers") or []}
    total = len(spec.get("containers") or []) + sum(1 for c in init_specs.values() if _is_sidecar(c))
    ready = 0
    restarts, sidecar_restarts = _Restarts(), _Restarts()

    initializing = False
    init_statuses = status.get("initContainerStatuses") or []
    for i, cs in enumerate(init_statuses):
        restarts.add(cs)
        sidecar = _is_sidecar(init_specs.get(cs.get("name")))
        if sidecar:
            sidecar_restarts.add(cs)
        terminated = (cs.get("state") or {}).get("terminated")
        if terminated is not None and int(terminated.get("exitCode") or 0) == 0:
            continue
        if sidecar and cs.get("started"):
            ready += 1 if cs.get("ready") else 0
            continue
        reason = _init_reason(i, cs, len(spec.get("initContainers") or []))
        initializing = True
        break

    if not initializing or _condition_true(status, "Initialized"):
        restarts = sidecar_restarts
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts.add(cs)
            state = cs.get("state") or {}
            waiting, terminated = state.get("waiting"), state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif terminated is not None and terminated.get("reason"):
                reason = terminated["reason"]
            elif terminated is not None:
                reason = (f"Signal:{terminated['signal']}" if terminated.get("signal")
                          else f"ExitCode:{terminated.get('exitCode', 0)}")
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true(status, "Ready") else "NotReady"

    if meta.get("deletionTimestamp") and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif meta.get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"
    return f"{ready}/{total}", reason, restarts


def restarts_cell(restarts: _Restarts, now: Now) -> str:
    """`3` or, once a container has restarted, `3 (45s ago)`."""
    if restarts.count and restarts.last is not None:
        elapsed = (as_datetime(now) - restarts.last).total_seconds()
        return f"{restarts.count} ({human_duration(elapsed)} ago)"
    return str(restarts.count)


def _readiness_gates(spec: dict, status: dict) -> str:
    gates = spec.get("readinessGates") or []
    if not gates:
        return "<none>"
    conditions = status.get("conditions") or []
    true = 0
    for gate in gates:
        match = next((c for c in conditions if c.get("type") == gate.get("conditionType")), None)
        if match is not None and match.get("status") == "True":
            true += 1
    return f"{true}/{len(gates)}"


def pod_row(pod: dict, now: Now) -> Row:
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    meta = pod.get("metadata") or {}
    ready, reason, restarts = pod_summary(pod)
    pod_ips = status.get("podIPs") or []
    ip = (pod_ips[0].get("ip") if pod_ips else "") or "<none>"
    return Row([
        meta.get("name", ""), ready, reason, restarts_cell(restarts, now),
        age(meta.get("creationTimestamp"), now),
        ip, spec.get("nodeName") or "<none>", status.get("nominatedNodeName") or "<none>",
        _readiness_gates(spec, status),
    ], pod)
