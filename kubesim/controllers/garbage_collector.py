"""The garbage collector (`garbage-collector-controller`): ownerReferences and cascading deletion.

- Background (kubectl's default): the owner goes at once; its dependents, whose owners are
  now all gone, are deleted next (and theirs after them).
- Foreground (`--cascade=foreground`): the owner stays, with a deletionTimestamp and the
  `foregroundDeletion` finalizer, until every dependent that blocks owner deletion is gone.
- Orphan (`--cascade=orphan`): the `orphan` finalizer; the collector strips the owner's
  references from the dependents, then drops the finalizer and the owner goes.
A dependent that keeps some live owners only loses its references to the absent ones.
Keys are `plural|namespace|name`. Read to learn: kubernetes/kubernetes
pkg/controller/garbagecollector (garbagecollector.go attemptToDeleteItem).
"""

from __future__ import annotations

from .. import resources as res
from . import common as c

COMPONENT = "garbage-collector-controller"
FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"


class GarbageCollector:
    def __init__(self, manager) -> None:
        self.m = manager
        self.queue = manager.loop(COMPONENT, self.sync)
        manager.store.watch(self._on_change)

    # -- watch: enqueue keys only ----------------------------------------------------------------
    def _on_change(self, change) -> None:
        obj, plural = change.obj, change.plural
        if plural == "events":
            return
        if change.type == "DELETED":
            for dependent in self.m.store.owned_by(obj["metadata"].get("uid", "")):
                self.queue.enqueue(_key(_plural_of(dependent), dependent))
            for ref in obj["metadata"].get("ownerReferences") or ():
                owner = self._owner(obj, ref)
                if owner and FOREGROUND in (owner["metadata"].get("finalizers") or ()):
                    self.queue.enqueue(_key(_plural_of(owner), owner))
            return
        new, old = change.new, change.old
        finalizers = new["metadata"].get("finalizers") or ()
        if c.being_deleted(new) and (FOREGROUND in finalizers or ORPHAN in finalizers):
            self.queue.enqueue(_key(plural, new))
        if new["metadata"].get("ownerReferences") and (
                old is None or old["metadata"].get("ownerReferences") != new["metadata"].get("ownerReferences")):
            self.queue.enqueue(_key(plural, new))

    # -- sync --------------------------------------------------------------------------------------
    def sync(self, key: str) -> None:
        plural, ns, name = key.split("|")
        obj = self.m.store.get(plural, ns, name)
        if obj is None:
            return
        finalizers = obj["metadata"].get("finalizers") or []
        if c.being_deleted(obj) and ORPHAN in finalizers:
            self._orphan_dependents(plural, obj)
            return
        if c.being_deleted(obj) and FOREGROUND in finalizers:
            self._delete_dependents(plural, obj)
            return
        if not c.being_deleted(obj):
            self._check_owners(plural, obj)

    def _orphan_dependents(self, plural: str, obj: dict) -> None:
        uid = obj["metadata"]["uid"]
        for dependent in self.m.store.owned_by(uid):
            self.m.update(_plural_of(dependent), c.without_owner(dependent, uid))
        self._drop_finalizer(plural, obj, ORPHAN)

    def _delete_dependents(self, plural: str, obj: dict) -> None:
        uid = obj["metadata"]["uid"]
        blocking = 0
        for dependent in self.m.store.owned_by(uid):
            ref = next((r for r in dependent["metadata"].get("ownerReferences") or () if r.get("uid") == uid), {})
            if ref.get("blockOwnerDeletion"):
                blocking += 1
            if not c.being_deleted(dependent):
                dplural = _plural_of(dependent)
                cascade = "Foreground" if self.m.store.owned_by(dependent["metadata"]["uid"]) else "Background"
                self.m.delete(dplural, dependent["metadata"].get("namespace", ""), dependent["metadata"]["name"],
                              propagation=cascade)
        if blocking == 0:
            self._drop_finalizer(plural, obj, FOREGROUND)

    def _check_owners(self, plural: str, obj: dict) -> None:
        refs = obj["metadata"].get("ownerReferences") or []
        if not refs:
            return
        live = [r for r in refs if self._owner(obj, r) is not None]
        if not live:
            meta = obj["metadata"]
            self.m.delete(plural, meta.get("namespace", ""), meta["name"])
        elif len(live) < len(refs):
            meta = {**obj["metadata"], "ownerReferences": live}
            self.m.update(plural, {**obj, "metadata": meta})

    def _owner(self, dependent: dict, ref: dict) -> dict | None:
        """The live owner a reference names (same uid), or None."""
        r = res.for_kind(ref.get("apiVersion", ""), ref.get("kind", ""))
        plural = r.plural if r is not None else _GUESSED.get(ref.get("kind", ""))
        if plural is None:
            return {}  # an owner of a kind we do not serve: assume it lives
        ns = dependent["metadata"].get("namespace", "") if (r is None or r.namespaced) else ""
        owner = self.m.store.get(plural, ns, ref.get("name", ""))
        return owner if owner is not None and owner["metadata"].get("uid") == ref.get("uid") else None

    def _drop_finalizer(self, plural: str, obj: dict, finalizer: str) -> None:
        left = [f for f in obj["metadata"].get("finalizers") or () if f != finalizer]
        meta = {k: v for k, v in obj["metadata"].items() if k != "finalizers"}
        if left:
            meta["finalizers"] = left
        self.m.update(plural, {**obj, "metadata": meta})


_GUESSED = {"ControllerRevision": "controllerrevisions"}


def _plural_of(obj: dict) -> str:
    r = res.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
    return r.plural if r is not None else _GUESSED.get(obj.get("kind", ""), obj.get("kind", "").lower() + "s")


def _key(plural: str, obj: dict) -> str:
    return f"{plural}|{obj['metadata'].get('namespace', '')}|{obj['metadata']['name']}"


def install(manager) -> GarbageCollector:
    return GarbageCollector(manager)
