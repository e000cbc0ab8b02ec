"""The run's history as an examiner replays it: every change since the lab's time zero.

`Store.history` is capped, so the timeline subscribes to the store itself from time zero and
keeps each change (objects are shared, never copied: the store never changes them in place).
`replay()` walks the run forward, yielding the world after each change; over-time checks
(invariants, orderings, deadlines) are predicates over those states.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

WATCHED = frozenset({"pods", "services", "endpoints", "deployments", "replicasets", "statefulsets",
                     "events", "ingresses", "nodes", "configmaps", "jobs", "endpointslices"})


@dataclass
class Moment:
    """When something first held: virtual ms, and the index of the change (-1: at time zero)."""

    time: int
    index: int

    def before(self, other: Moment) -> bool:
        return (self.index, self.time) < (other.index, other.time)


class State:
    """Objects by plural and (namespace, name), as they stood at one point of the run."""

    def __init__(self, objects: dict[str, dict[tuple[str, str], dict]]):
        self.objects = objects

    def list(self, plural: str, namespace: str | None = None) -> list[dict]:
        items = self.objects.get(plural, {})
        return [obj for (ns, _name), obj in sorted(items.items()) if namespace is None or ns == namespace]

    def get(self, plural: str, namespace: str, name: str) -> dict | None:
        return self.objects.get(plural, {}).get((namespace, name))


class Timeline:
    def __init__(self, cluster, start_ms: int):
        self.start_ms = start_ms
        self.initial: dict[str, dict[tuple[str, str], dict]] = {}
        for plural in WATCHED:
            for obj in cluster.store.list(plural):
                meta = obj["metadata"]
                self.initial.setdefault(plural, {})[(meta.get("namespace", ""), meta["name"])] = obj
        self.changes: list = []
        cluster.store.watch(self._record)

    def _record(self, change) -> None:
        if change.plural in WATCHED:
            self.changes.append(change)

    def replay(self, since: Moment | None = None) -> Iterator[tuple[Moment, object, State]]:
        """(moment, change or None, state after it) from `since` (default: time zero) on. The
        first item is the world as it stood at that moment, with no change. The state is
        updated in place between yields: read it, don't keep it."""
        since = since or Moment(self.start_ms, -1)
        objects = {plural: dict(items) for plural, items in self.initial.items()}
        state = State(objects)
        for index, change in enumerate(self.changes):
            if index == since.index + 1:
                yield since, None, state
            meta = change.obj["metadata"]
            key = (meta.get("namespace", ""), meta["name"])
            bucket = objects.setdefault(change.plural, {})
            if change.new is None:
                bucket.pop(key, None)
            else:
                bucket[key] = change.new
            if index > since.index:
                yield Moment(change.time, index), change, state
        if since.index + 1 >= len(self.changes):
            yield since, None, state

    def first(self, predicate, since: Moment | None = None) -> Moment | None:
        """The first moment from `since` on when `predicate(state, change)` holds."""
        for moment, change, state in self.replay(since):
            if predicate(state, change):
                return moment
        return None
