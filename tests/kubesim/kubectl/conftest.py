"""Builders for API objects in the printer tests: the virtual epoch, and small manifests.

Objects are created at the virtual epoch (2026-01-01T00:00:00Z) unless said otherwise; NOW is
one hour later, so a fresh object's AGE is `60m`.
"""

from datetime import UTC, datetime

EPOCH = "2026-01-01T00:00:00Z"
NOW = datetime(2026, 1, 1, 1, 0, 0, tzinfo=UTC)


def at(minutes: float) -> str:
    """A timestamp `minutes` after the virtual epoch."""
    seconds = int(minutes * 60)
    return f"2026-01-01T{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}Z"


def meta(name: str, namespace: str | None = "default", created: str = EPOCH, **extra) -> dict:
    m = {"name": name, "creationTimestamp": created, **extra}
    if namespace:
        m["namespace"] = namespace
    return m


def running(name: str = "app", ready: bool = True, restarts: int = 0, last_finished: str | None = None) -> dict:
    status = {"name": name, "ready": ready, "restartCount": restarts, "started": True,
              "state": {"running": {"startedAt": EPOCH}}}
    if last_finished:
        status["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": last_finished}}
    return status


def waiting(name: str, reason: str, restarts: int = 0, last_finished: str | None = None) -> dict:
    status = {"name": name, "ready": False, "restartCount": restarts, "started": False,
              "state": {"waiting": {"reason": reason}}}
    if last_finished:
        status["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": last_finished}}
    return status


def terminated(name: str, exit_code: int = 0, reason: str | None = "Completed") -> dict:
    state = {"exitCode": exit_code, "finishedAt": EPOCH}
    if reason:
        state["reason"] = reason
    return {"name": name, "ready": False, "restartCount": 0, "started": False, "state": {"terminated": state}}


def pod(name: str = "web", phase: str = "Running", containers=None, statuses=None, init=None,
        init_statuses=None, conditions=None, **status_extra) -> dict:
    containers = containers or ["app"]
    statuses = statuses if statuses is not None else [running(c) for c in containers]
    spec = {"containers": [{"name": c, "image": "nginx:1.27"} for c in containers]}
    if init:
        spec["initContainers"] = init
    status = {"phase": phase, "containerStatuses": statuses, **status_extra}
    if init_statuses is not None:
        status["initContainerStatuses"] = init_statuses
    if conditions is not None:
        status["conditions"] = conditions
    elif all(s.get("ready") for s in statuses):
        status["conditions"] = [{"type": "Ready", "status": "True"}]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta(name), "spec": spec, "status": status}
