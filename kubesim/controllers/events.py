"""Events as kube-controller-manager records them (core/v1 Event, client-go's recorder).

An event is named `<object>.<hex of the Unix time in nanoseconds>`. A repeat of the same
(object, type, reason, message, source) within the series raises `count` and `lastTimestamp`
instead of adding an object, as client-go's event correlator does.
"""

from __future__ import annotations

from .. import clock as clk

NORMAL = "Normal"
WARNING = "Warning"


class Recorder:
    def __init__(self, cluster) -> None:
        self.cluster = cluster
        self._index: dict[tuple, str] | None = None  # built lazily: snapshots do not carry it

    def _series(self) -> dict[tuple, str]:
        if self._index is None:
            self._index = {}
            for ev in self.cluster.store.list("events"):
                self._index[_series_key(ev)] = ev["metadata"]["name"]
        return self._index

    def event(self, obj: dict, type_: str, reason: str, message: str, component: str) -> dict:
        """Record an event about `obj`; returns the stored Event."""
        store, now = self.cluster.store, self.cluster.clock.now
        meta = obj["metadata"]
        namespace = meta.get("namespace") or "default"
        involved = {"apiVersion": obj.get("apiVersion", "v1"), "kind": obj.get("kind", ""), "name": meta["name"],
                    "namespace": meta.get("namespace", ""), "resourceVersion": meta.get("resourceVersion", ""),
                    "uid": meta.get("uid", "")}
        if not involved["namespace"]:
            del involved["namespace"]
        key = (namespace, involved["uid"], type_, reason, message, component)
        series = self._series()
        existing = store.get("events", namespace, series.get(key, ""))
        stamp = clk.timestamp(now)
        if existing is not None:
            updated = {**existing, "count": existing.get("count", 1) + 1, "lastTimestamp": stamp,
                       "involvedObject": involved}
            return store.update("events", updated)
        name = self._free_name(namespace, meta["name"], now)
        ev = {
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": name, "namespace": namespace},
            "involvedObject": involved, "reason": reason, "message": message,
            "source": {"component": component}, "firstTimestamp": stamp, "lastTimestamp": stamp, "count": 1,
            "type": type_, "eventTime": None, "reportingComponent": component, "reportingInstance": "",
        }
        series[key] = name
        return store.create("events", ev)

    def _free_name(self, namespace: str, obj_name: str, now_ms: int) -> str:
        # A per-cluster sequence keeps same-millisecond events apart (kept in the snapshot).
        seq = self.cluster.state.get("controller-events", 0) + 1
        self.cluster.state["controller-events"] = seq
        nanos = int(clk.EPOCH.timestamp()) * 1_000_000_000 + now_ms * 1_000_000 + seq % 1_000_000
        while self.cluster.store.get("events", namespace, f"{obj_name}.{nanos:x}") is not None:
            nanos += 1
        return f"{obj_name}.{nanos:x}"


def _series_key(ev: dict) -> tuple:
    inv = ev.get("involvedObject") or {}
    return (ev["metadata"].get("namespace", ""), inv.get("uid", ""), ev.get("type", ""), ev.get("reason", ""),
            ev.get("message", ""), (ev.get("source") or {}).get("component", ""))
