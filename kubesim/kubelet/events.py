"""Event objects (core/v1 `Event`) as the kubelet and the scheduler record them.

Two recorders exist in real Kubernetes and learners see both in `kubectl describe`:
- the kubelet's legacy recorder (`kubelet`): `source {component, host}`, `firstTimestamp`,
  `lastTimestamp`, `count`; an identical event (same object, field path, type, reason and
  message) increments `count` instead of making a new object (client-go's EventCorrelator);
- the scheduler's events.k8s.io recorder (`default-scheduler`): `eventTime` with
  microseconds, `action`, `reportingComponent`/`reportingInstance`, `source: {}`, no
  first/last timestamps; a repeat becomes a `series {count, lastObservedTime}`.
Object names are `<involved name>.<hex of the Unix nanoseconds>` as client-go makes them.
The correlation index lives in `cluster.state["events"]`, so it survives snapshots.
"""

from __future__ import annotations

from .. import clock as clk

EPOCH_NS = int(clk.EPOCH.timestamp()) * 10**9


def micro_time(ms: int) -> str:
    """RFC 3339 with microseconds (`...T00:00:20.123000Z`): the second's text, then the rest."""
    return f"{clk.timestamp(ms)[:-1]}.{ms % 1000 * 1000:06d}Z"


def _index(cluster) -> dict:
    return cluster.state.setdefault("events", {"seq": 0, "keys": {}})


def _object_ref(obj: dict, field_path: str | None) -> dict:
    meta = obj["metadata"]
    ref = {"apiVersion": obj.get("apiVersion", "v1"), "kind": obj.get("kind", "Pod"), "name": meta["name"],
           "namespace": meta.get("namespace", ""), "resourceVersion": meta.get("resourceVersion", ""),
           "uid": meta.get("uid", "")}
    if field_path:
        ref["fieldPath"] = field_path
    return ref


def _new_name(cluster, name: str) -> str:
    index = _index(cluster)
    index["seq"] += 1
    # Unix nanoseconds of virtual time; the sequence keeps same-millisecond events apart.
    nanos = EPOCH_NS + cluster.clock.now * 10**6 + index["seq"] % 10**6
    return f"{name}.{nanos:x}"


def _existing(cluster, key: str, namespace: str) -> dict | None:
    name = _index(cluster)["keys"].get(key)
    return cluster.store.get("events", namespace, name) if name else None


def record_kubelet(cluster, obj: dict, type_: str, reason: str, message: str, host: str,
                   field_path: str | None = None, at: int | None = None) -> dict:
    """A kubelet event; an identical one already recorded is counted again instead. `at`: the
    moment it happened when the kubelet learns of it later (probe failures found by a replay)."""
    meta = obj["metadata"]
    ns = meta.get("namespace", "default")
    key = "|".join(("kubelet", host, meta.get("uid", ""), field_path or "", type_, reason, message))
    now = clk.timestamp(cluster.clock.now if at is None else min(at, cluster.clock.now))
    old = _existing(cluster, key, ns)
    if old is not None:
        updated = {**old, "count": int(old.get("count") or 1) + 1, "lastTimestamp": now}
        return cluster.api.update_status("events", updated)
    event = {
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": _new_name(cluster, meta["name"]), "namespace": ns},
        "involvedObject": _object_ref(obj, field_path),
        "reason": reason, "message": message,
        "source": {"component": "kubelet", "host": host},
        "firstTimestamp": now, "lastTimestamp": now, "count": 1, "type": type_,
        "eventTime": None, "reportingComponent": "kubelet", "reportingInstance": host,
    }
    stored = cluster.store.create("events", event)
    _index(cluster)["keys"][key] = stored["metadata"]["name"]
    return stored


def record_scheduler(cluster, obj: dict, type_: str, reason: str, action: str, message: str) -> dict:
    """A default-scheduler event (events.k8s.io style); a repeat grows its series."""
    meta = obj["metadata"]
    ns = meta.get("namespace", "default")
    key = "|".join(("default-scheduler", meta.get("uid", ""), type_, reason, action, message))
    old = _existing(cluster, key, ns)
    now = micro_time(cluster.clock.now)
    if old is not None:
        count = int((old.get("series") or {}).get("count") or 1) + 1
        return cluster.api.update_status("events", {**old, "series": {"count": count, "lastObservedTime": now}})
    event = {
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": _new_name(cluster, meta["name"]), "namespace": ns},
        "involvedObject": _object_ref(obj, None),
        "reason": reason, "message": message, "source": {},
        "firstTimestamp": None, "lastTimestamp": None, "type": type_,
        "eventTime": now, "action": action, "reportingComponent": "default-scheduler",
        "reportingInstance": "default-scheduler-kind-control-plane",
    }
    stored = cluster.store.create("events", event)
    _index(cluster)["keys"][key] = stored["metadata"]["name"]
    return stored


def for_object(cluster, obj: dict) -> list[dict]:
    """The events about an object, oldest first (for tests and `describe`)."""
    meta = obj["metadata"]
    uid = meta.get("uid")
    found = [e for e in cluster.store.list("events", meta.get("namespace", "default"))
             if e["involvedObject"].get("uid") == uid]
    return sorted(found, key=lambda e: int(e["metadata"]["name"].rsplit(".", 1)[1], 16))
