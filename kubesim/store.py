"""The object store: what etcd is to the API server.

Objects are plain dicts in API form. They are never changed in place: a write replaces
the stored dict with a new one that shares every unchanged branch (see `assoc`), so a
reader may keep what it read. The store keeps `resourceVersion`, `generation`, `uid` and
`creationTimestamp`, indexes objects by label and by owner, and tells watchers of every
change, in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import clock as clk


def assoc(obj: dict, path: tuple, value) -> dict:
    """A copy of `obj` with `value` at `path`, copying only the dicts along the path."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(obj, list):
        out = list(obj)
        out[head] = assoc(obj[head], rest, value)
        return out
    out = dict(obj or {})
    out[head] = assoc((obj or {}).get(head, {}), rest, value)
    return out


def dissoc(obj: dict, path: tuple) -> dict:
    """A copy of `obj` without the key at `path`."""
    if len(path) == 1:
        return {k: v for k, v in obj.items() if k != path[0]}
    child = obj.get(path[0])
    if not isinstance(child, dict):
        return obj
    return {**obj, path[0]: dissoc(child, path[1:])}


def get_in(obj, path: tuple, default=None):
    for part in path:
        if isinstance(obj, dict):
            obj = obj.get(part)
        elif isinstance(obj, list) and isinstance(part, int) and -len(obj) <= part < len(obj):
            obj = obj[part]
        else:
            return default
        if obj is None:
            return default
    return obj


@dataclass(frozen=True)
class Change:
    """One write, as a watcher sees it: type ADDED, MODIFIED or DELETED."""

    type: str
    plural: str
    old: dict | None
    new: dict | None
    resource_version: int
    time: int = 0  # virtual ms when it happened

    @property
    def obj(self) -> dict:
        return self.new if self.new is not None else self.old


Watcher = Callable[[Change], None]

HISTORY_LIMIT = 5000


class Store:
    def __init__(self, clock: clk.Clock, streams: clk.Streams) -> None:
        self.clock = clock
        self.streams = streams
        self.resource_version = 0
        self._objects: dict[str, dict[str, dict[str, dict]]] = {}
        # plural -> namespace -> label key -> label value -> names (dicts as ordered sets,
        # so iteration never depends on string hashing)
        self._labels: dict[str, dict[str, dict[str, dict[str, dict[str, None]]]]] = {}
        self._owned: dict[str, dict[tuple[str, str, str], None]] = {}
        self._watchers: list[tuple[str | None, Watcher]] = []
        self._watching: dict[str, list[Watcher]] = {}  # plural -> its watchers, in order (from _watchers)
        self.history: deque[Change] = deque(maxlen=HISTORY_LIMIT)  # the last changes, oldest first

    # -- reading ----------------------------------------------------------------------------
    def get(self, plural: str, namespace: str, name: str) -> dict | None:
        return self._objects.get(plural, {}).get(namespace, {}).get(name)

    def list(self, plural: str, namespace: str | None = None) -> list[dict]:
        """Objects of a resource, in the API server's order (namespace, then name)."""
        spaces = self._objects.get(plural, {})
        chosen = [namespace] if namespace is not None else sorted(spaces)
        return [spaces[ns][n] for ns in chosen if ns in spaces for n in sorted(spaces[ns])]

    def count(self, plural: str, namespace: str | None = None) -> int:
        spaces = self._objects.get(plural, {})
        if namespace is not None:
            return len(spaces.get(namespace, {}))
        return sum(len(v) for v in spaces.values())

    def with_labels(self, plural: str, namespace: str, labels: dict[str, str]) -> list[dict]:
        """Objects whose labels include every pair in `labels`, through the label index."""
        index = self._labels.get(plural, {}).get(namespace, {})
        names: dict[str, None] | None = None
        for key, value in sorted(labels.items(), key=lambda kv: len(index.get(kv[0], {}).get(kv[1], ()))):
            found = index.get(key, {}).get(value)
            if not found:
                return []
            names = dict(found) if names is None else {n: None for n in names if n in found}
        if names is None:
            return self.list(plural, namespace)
        space = self._objects.get(plural, {}).get(namespace, {})
        return [space[n] for n in sorted(names)]

    def owned_by(self, uid: str) -> list[dict]:
        keys = self._owned.get(uid, {})
        return [o for o in (self.get(*k) for k in sorted(keys)) if o is not None]

    def plurals(self) -> list[str]:
        return sorted(self._objects)

    def __iter__(self) -> Iterator[tuple[str, dict]]:
        for plural in sorted(self._objects):
            for obj in self.list(plural):
                yield plural, obj

    # -- writing ----------------------------------------------------------------------------
    def create(self, plural: str, obj: dict) -> dict:
        meta = dict(obj.get("metadata") or {})
        ns, name = meta.get("namespace", ""), meta["name"]
        meta.setdefault("uid", self.streams.uid(f"{plural}/{ns}/{name}"))
        meta.setdefault("creationTimestamp", clk.timestamp(self.clock.now))
        if "spec" in obj and plural not in _NO_GENERATION:
            meta["generation"] = 1
        stored = self._put(plural, {**obj, "metadata": meta})
        self._notify(Change("ADDED", plural, None, stored, self.resource_version, self.clock.now))
        return stored

    def update(self, plural: str, obj: dict) -> dict:
        """Replace an object; `generation` grows when its spec changed."""
        meta = obj["metadata"]
        old = self.get(plural, meta.get("namespace", ""), meta["name"])
        if old is None:
            raise KeyError((plural, meta.get("namespace", ""), meta["name"]))
        if "generation" in old["metadata"]:
            gen = old["metadata"]["generation"]
            if obj.get("spec") is not old.get("spec") and obj.get("spec") != old.get("spec"):
                gen += 1
            obj = {**obj, "metadata": {**meta, "generation": gen}}
        stored = self._put(plural, obj, old)
        self._notify(Change("MODIFIED", plural, old, stored, self.resource_version, self.clock.now))
        return stored

    def delete(self, plural: str, namespace: str, name: str) -> dict | None:
        old = self.get(plural, namespace, name)
        if old is None:
            return None
        self._unindex(plural, old)
        space = self._objects[plural][namespace]
        del space[name]
        if not space:
            del self._objects[plural][namespace]
        self.resource_version += 1
        gone = {**old, "metadata": {**old["metadata"], "resourceVersion": str(self.resource_version)}}
        self._notify(Change("DELETED", plural, old, None, self.resource_version, self.clock.now))
        return gone

    def watch(self, watcher: Watcher, plural: str | None = None) -> None:
        """Call `watcher` after every change (of `plural`, or of everything)."""
        self._watchers.append((plural, watcher))
        # In place, as appending to _watchers is: a change being told right now reaches it too.
        for name, found in self._watching.items():
            if plural is None or plural == name:
                found.append(watcher)

    def unwatch(self, watcher: Watcher) -> None:
        self._watchers = [(p, w) for p, w in self._watchers if w is not watcher]
        self._watching.clear()

    def _watchers_of(self, plural: str) -> list[Watcher]:
        found = self._watching.get(plural)
        if found is None:
            found = self._watching[plural] = [w for p, w in self._watchers if p is None or p == plural]
        return found

    def _put(self, plural: str, obj: dict, old: dict | None = None) -> dict:
        self.resource_version += 1
        meta = {**obj["metadata"], "resourceVersion": str(self.resource_version)}
        obj = {**obj, "metadata": meta}
        ns, name = meta.get("namespace", ""), meta["name"]
        # A write that keeps the very labels and owner references (a status write) keeps the
        # indexes as they are.
        same = old is not None and old["metadata"].get("labels") is meta.get("labels") \
            and old["metadata"].get("ownerReferences") is meta.get("ownerReferences")
        if old is not None and not same:
            self._unindex(plural, old)
        self._objects.setdefault(plural, {}).setdefault(ns, {})[name] = obj
        if not same:
            self._index(plural, obj)
        return obj

    def _index(self, plural: str, obj: dict) -> None:
        meta = obj["metadata"]
        ns, name = meta.get("namespace", ""), meta["name"]
        space = self._labels.setdefault(plural, {}).setdefault(ns, {})
        for key, value in (meta.get("labels") or {}).items():
            space.setdefault(key, {}).setdefault(value, {})[name] = None
        for ref in meta.get("ownerReferences") or ():
            self._owned.setdefault(ref["uid"], {})[(plural, ns, name)] = None

    def _unindex(self, plural: str, obj: dict) -> None:
        meta = obj["metadata"]
        ns, name = meta.get("namespace", ""), meta["name"]
        space = self._labels.get(plural, {}).get(ns, {})
        for key, value in (meta.get("labels") or {}).items():
            names = space.get(key, {}).get(value)
            if names is not None:
                names.pop(name, None)
                if not names:
                    del space[key][value]
        for ref in meta.get("ownerReferences") or ():
            owned = self._owned.get(ref["uid"])
            if owned is not None:
                owned.pop((plural, ns, name), None)
                if not owned:
                    del self._owned[ref["uid"]]

    def _notify(self, change: Change) -> None:
        self.history.append(change)
        # A watcher may unwatch while a change is told: the change still reaches every watcher
        # of before (unwatch replaces the lists instead of changing them).
        for watcher in self._watchers_of(change.plural):
            watcher(change)

    # -- snapshots ----------------------------------------------------------------------------
    def dump(self) -> dict:
        return {
            "resourceVersion": self.resource_version,
            "objects": {p: self.list(p) for p in sorted(self._objects)},
        }

    def load(self, data: dict) -> None:
        """Fill an empty store from `dump()` output, without telling watchers."""
        self.resource_version = data["resourceVersion"]
        for plural, objs in data["objects"].items():
            for obj in objs:
                meta = obj["metadata"]
                self._objects.setdefault(plural, {}).setdefault(meta.get("namespace", ""), {})[meta["name"]] = obj
                self._index(plural, obj)


# Kinds whose objects carry no metadata.generation even though they have a spec.
_NO_GENERATION = frozenset({"services", "nodes", "namespaces", "persistentvolumeclaims", "persistentvolumes",
                            "endpoints", "resourcequotas", "limitranges", "events", "leases", "serviceaccounts"})
