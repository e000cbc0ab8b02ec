"""`Related`: the read-only view of other objects a description needs.

kubectl's describers query the API server for more than the described object: a Deployment's
ReplicaSets, a Service's EndpointSlices, a node's pods and Lease, a namespace's quotas. Here
those look-ups go through two plain callables, so describers stay pure functions of their
inputs. `Related.from_store(store)` wraps anything with `get(plural, namespace, name)` and
`list(plural, namespace_or_None)` (kubesim's Store has both); tests pass dictionaries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..selectors import SelectorError, matches, selector_from_label_selector
from .common import controller_of, meta

Getter = Callable[[str, str, str], "dict | None"]
Lister = Callable[[str, "str | None"], list]


def _no_object(plural: str, namespace: str, name: str) -> None:
    return None


def _no_objects(plural: str, namespace: str | None) -> list:
    return []


@dataclass(frozen=True)
class Related:
    """`get(plural, namespace, name)` ('' for cluster-scoped) and `list(plural, namespace)`
    (None for every namespace), both answering with API objects in the API server's order."""

    get: Getter = _no_object
    list: Lister = _no_objects

    @classmethod
    def from_store(cls, store) -> Related:
        return cls(get=store.get, list=store.list)

    @classmethod
    def from_objects(cls, objects: Iterable[tuple[str, dict]]) -> Related:
        """A fixed set of (plural, object) pairs, ordered by namespace then name."""
        table: dict[str, list[dict]] = {}
        for plural, obj in objects:
            table.setdefault(plural, []).append(obj)
        for items in table.values():
            items.sort(key=lambda o: (meta(o).get("namespace") or "", meta(o).get("name", "")))

        def get(plural: str, namespace: str, name: str) -> dict | None:
            for obj in table.get(plural, []):
                m = meta(obj)
                if m.get("name") == name and (m.get("namespace") or "") == (namespace or ""):
                    return obj
            return None

        def list_(plural: str, namespace: str | None) -> list[dict]:
            items = table.get(plural, [])
            if namespace is None:
                return list(items)
            return [o for o in items if (meta(o).get("namespace") or "") == namespace]

        return cls(get=get, list=list_)

    # -- the questions describers ask ---------------------------------------------------------
    def pods_selected(self, namespace: str, selector: dict | None) -> list[dict]:
        """Pods whose labels match a LabelSelector (None matches nothing)."""
        try:
            parsed = selector_from_label_selector(selector)
        except SelectorError:
            return []
        return [p for p in self.list("pods", namespace) if parsed.matches(meta(p).get("labels"))]

    def controlled_pods(self, owner: dict) -> list[dict]:
        """getPodStatusForController's pods: selected by the owner and controlled by it."""
        uid = meta(owner).get("uid")
        selected = self.pods_selected(meta(owner).get("namespace", ""), (owner.get("spec") or {}).get("selector"))
        return [p for p in selected if (controller_of(p) or {}).get("uid") == uid]

    def replica_sets_of(self, deployment: dict) -> list[dict]:
        """ReplicaSets the Deployment's selector matches and the Deployment controls."""
        uid = meta(deployment).get("uid")
        selector = (deployment.get("spec") or {}).get("selector")
        found = []
        for rs in self.list("replicasets", meta(deployment).get("namespace", "")):
            try:
                selected = matches(selector, meta(rs).get("labels"))
            except SelectorError:
                return []
            if selected and (controller_of(rs) or {}).get("uid") == uid:
                found.append(rs)
        return found

    def endpoint_slices_of(self, namespace: str, service_name: str) -> list[dict]:
        """EndpointSlices labelled `kubernetes.io/service-name=<service>`."""
        return [s for s in self.list("endpointslices", namespace)
                if (meta(s).get("labels") or {}).get("kubernetes.io/service-name") == service_name]
