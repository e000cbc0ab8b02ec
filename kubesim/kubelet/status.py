"""The pod status the kubelet reports, computed from its runtime record (a pure function).

Follows kubelet_pods.go (`getPhase`, `convertToAPIContainerStatuses`) and status/generate.go
(the Initialized, ContainersReady, Ready and PodReadyToStartContainers conditions) as of 1.37;
see k8s-facts.md facts 2-11 and 17-18. Condition transition times are carried over from the
previous status when a condition's status did not change.
"""

from __future__ import annotations

from .. import clock as clk

CONDITION_ORDER = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")


def ts(ms: int | None) -> str | None:
    return clk.timestamp(ms) if ms is not None else None


def container_status(c: dict) -> dict:
    """One entry of containerStatuses / initContainerStatuses, in API form."""
    if c.get("reported"):
        return c["reported"]
    out: dict = {}
    if c.get("id"):
        out["containerID"] = "containerd://" + c["id"]
    out["image"] = c.get("image", "")
    out["imageID"] = c.get("imageID", "")
    out["lastState"] = {"terminated": dict(c["last"])} if c.get("last") else {}
    out["name"] = c["name"]
    out["ready"] = bool(c.get("ready"))
    if c.get("resources"):
        out["resources"] = c["resources"]
    out["restartCount"] = c.get("restartCount", 0)
    out["started"] = bool(c.get("started"))
    out["state"] = _state(c)
    return out


def _state(c: dict) -> dict:
    state = c.get("state", "waiting")
    if state == "running" and c.get("postStartDone", True):
        return {"running": {"startedAt": ts(c["startedAt"])}}
    if state == "terminated":
        return {"terminated": terminated(c)}
    waiting = {"reason": c.get("reason") or "ContainerCreating"}
    if c.get("message"):
        waiting["message"] = c["message"]
    return {"waiting": waiting}


def terminated(c: dict) -> dict:
    out = {"containerID": "containerd://" + c["id"], "exitCode": c.get("exitCode", 0),
           "finishedAt": ts(c.get("finishedAt")), "reason": c.get("termReason") or "Error",
           "startedAt": ts(c.get("startedAt"))}
    if c.get("termMessage"):
        out["message"] = c["termMessage"]
    return out


def _waiting_with_last(cs: dict) -> bool:
    return "waiting" in cs["state"] and bool(cs["lastState"].get("terminated"))


def get_phase(spec: dict, init_statuses: dict[str, dict], statuses: dict[str, dict], terminal: bool) -> str:
    """kubelet_pods.go getPhase (1.37)."""
    pending_sidecars = pending_init = failed_init = 0
    for c in spec.get("initContainers") or []:
        cs = init_statuses.get(c["name"])
        if c.get("restartPolicy") == "Always":
            if cs is None or "running" not in cs["state"]:
                pending_sidecars += 1
            continue
        if cs is None or "running" in cs["state"]:
            pending_init += 1
        elif "terminated" in cs["state"]:
            failed_init += cs["state"]["terminated"]["exitCode"] != 0
        elif cs["lastState"].get("terminated"):
            failed_init += cs["lastState"]["terminated"]["exitCode"] != 0
        else:
            pending_init += 1
    unknown = running = waiting = stopped = succeeded = 0
    for c in spec.get("containers") or []:
        cs = statuses.get(c["name"])
        if cs is None:
            unknown += 1
        elif "running" in cs["state"]:
            running += 1
        elif "terminated" in cs["state"]:
            stopped += 1
            succeeded += cs["state"]["terminated"]["exitCode"] == 0
        elif _waiting_with_last(cs):
            stopped += 1
        else:
            waiting += 1
    policy = spec.get("restartPolicy") or "Always"
    if failed_init and policy == "Never":
        return "Failed"
    if pending_init or (pending_sidecars and stopped != len(spec.get("containers") or [])):
        return "Pending"
    if running and not unknown:
        return "Running"
    if not running and stopped and not unknown:
        if terminal:
            return "Succeeded" if stopped == succeeded else "Failed"
        if policy == "Always":
            return "Running"
        if stopped == succeeded:
            return "Succeeded"
        return "Failed" if policy == "Never" else "Running"
    return "Pending"


def _condition(old: dict[str, dict], now: str, kind: str, status: str, reason: str = "", message: str = "") -> dict:
    previous = old.get(kind)
    since = previous["lastTransitionTime"] if previous and previous.get("status") == status else now
    out = {"lastProbeTime": None, "lastTransitionTime": since}
    if message:
        out["message"] = message
    if reason:
        out["reason"] = reason
    out["status"] = status
    out["type"] = kind
    return out


def conditions(spec: dict, rec: dict, init_statuses: dict, statuses: dict, phase: str, old: list[dict],
               now_ms: int) -> list[dict]:
    before = {c["type"]: c for c in old or []}
    now = clk.timestamp(now_ms)
    out = {}
    sandbox = rec.get("sandbox") or {}
    out["PodReadyToStartContainers"] = _condition(
        before, now, "PodReadyToStartContainers", "True" if sandbox.get("ready") and not rec.get("done") else "False")
    incomplete = []
    for c in spec.get("initContainers") or []:
        cs = init_statuses.get(c["name"])
        if c.get("restartPolicy") == "Always":
            if not (cs and cs.get("started")):
                incomplete.append(c["name"])
        elif not (cs and "terminated" in cs["state"] and cs["state"]["terminated"]["exitCode"] == 0):
            incomplete.append(c["name"])
    if phase == "Succeeded" and not incomplete:
        out["Initialized"] = _condition(before, now, "Initialized", "True", "PodCompleted")
    elif incomplete and not rec.get("initDone"):
        out["Initialized"] = _condition(before, now, "Initialized", "False", "ContainersNotInitialized",
                                        f"containers with incomplete status: [{' '.join(incomplete)}]")
    else:
        out["Initialized"] = _condition(before, now, "Initialized", "True")
    out["ContainersReady"] = _containers_ready(spec, init_statuses, statuses, phase, before, now)
    ready = out["ContainersReady"]
    gates = [g.get("conditionType") for g in spec.get("readinessGates") or []]
    missing = [g for g in gates if (before.get(g) or {}).get("status") != "True"]
    if ready["status"] == "True" and missing:
        out["Ready"] = _condition(before, now, "Ready", "False", "ReadinessGatesNotReady",
                                  f'corresponding condition of pod readiness gate "{missing[0]}" does not exist.')
    else:
        out["Ready"] = _condition(before, now, "Ready", ready["status"], ready.get("reason", ""),
                                  ready.get("message", ""))
    out["PodScheduled"] = before.get("PodScheduled") or _condition(before, now, "PodScheduled", "True")
    extra = [c for c in old or [] if c["type"] not in CONDITION_ORDER]
    return [out[k] for k in CONDITION_ORDER] + extra


def _containers_ready(spec, init_statuses, statuses, phase, before, now) -> dict:
    if phase == "Succeeded":
        return _condition(before, now, "ContainersReady", "False", "PodCompleted")
    if phase == "Failed":
        return _condition(before, now, "ContainersReady", "False", "PodFailed")
    unknown, unready = [], []
    for c in spec.get("initContainers") or []:
        if c.get("restartPolicy") == "Always":
            cs = init_statuses.get(c["name"])
            if cs is None:
                unknown.append(c["name"])
            elif not cs.get("ready"):
                unready.append(c["name"])
    for c in spec.get("containers") or []:
        cs = statuses.get(c["name"])
        if cs is None:
            unknown.append(c["name"])
        elif not cs.get("ready"):
            unready.append(c["name"])
    parts = []
    if unknown:
        parts.append(f"containers with unknown status: [{' '.join(unknown)}]")
    if unready:
        parts.append(f"containers with unready status: [{' '.join(unready)}]")
    if parts:
        return _condition(before, now, "ContainersReady", "False", "ContainersNotReady", ", ".join(parts))
    return _condition(before, now, "ContainersReady", "True")


def generate(pod: dict, rec: dict, now_ms: int) -> dict:
    """The whole `status` for a pod the kubelet runs."""
    spec = pod.get("spec") or {}
    old = pod.get("status") or {}
    cs = rec["containers"]
    init_list = [container_status(cs[c["name"]]) for c in spec.get("initContainers") or [] if c["name"] in cs]
    app_list = [container_status(cs[c["name"]]) for c in spec.get("containers") or [] if c["name"] in cs]
    init_by, app_by = {s["name"]: s for s in init_list}, {s["name"]: s for s in app_list}
    phase = rec.get("phase") or get_phase(spec, init_by, app_by, bool(rec.get("done")))
    status: dict = {"conditions": conditions(spec, rec, init_by, app_by, phase, old.get("conditions"), now_ms)}
    status["containerStatuses"] = app_list
    host_ip = rec.get("hostIP")
    if host_ip:
        status["hostIP"] = host_ip
        status["hostIPs"] = [{"ip": host_ip}]
    if init_list:
        status["initContainerStatuses"] = init_list
    if rec.get("message"):
        status["message"] = rec["message"]
    status["phase"] = phase
    ip = (rec.get("sandbox") or {}).get("ip")
    if ip:
        status["podIP"] = ip
        status["podIPs"] = [{"ip": ip}]
    status["qosClass"] = old.get("qosClass", "BestEffort")
    if rec.get("reason"):
        status["reason"] = rec["reason"]
    if rec.get("startTime") is not None:
        status["startTime"] = ts(rec["startTime"])
    if old.get("nominatedNodeName"):
        status["nominatedNodeName"] = old["nominatedNodeName"]
    return status
