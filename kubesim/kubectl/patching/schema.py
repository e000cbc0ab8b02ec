"""Patch metadata from the OpenAPI schemas: which lists merge, by what key, which maps retain.

Strategic merge patch needs, for each field, the `x-kubernetes-patch-strategy`
(`merge`, `replace`, `retainKeys`, or `merge,retainKeys`) and `x-kubernetes-patch-merge-key`
extensions that the schemas of kubernetes-validate carry. A `Node` is a schema reached by
walking from a kind's root definition (e.g. `io.k8s.api.apps.v1.Deployment`) through
properties, `$ref`s, list items and map values; lookups are cached per (node, field), so the
walk for a kind and path is done once per process. Fields the schema does not know get no
strategy (maps merge, lists replace), as kubectl's OpenAPI-based lookup leaves them.
"""

import functools
from dataclasses import dataclass

from kubesim import resources
from kubesim.apiserver.schema import _definitions, definition_name


@dataclass(frozen=True)
class PatchMeta:
    strategies: tuple[str, ...] = ()
    merge_key: str = ""

    @property
    def retain_keys(self) -> bool:
        return "retainKeys" in self.strategies

    @property
    def strategy(self) -> str:
        """The strategy besides retainKeys: `merge`, `replace` or ``."""
        rest = [s for s in self.strategies if s != "retainKeys"]
        return rest[0] if rest else ""


@dataclass(frozen=True, eq=False)
class Node:
    """A schema reached from a kind's root; identity-hashed so lookups can be cached."""

    schema: dict

    def field(self, key: str) -> tuple["Node", PatchMeta]:
        return _field(self, key)

    def items(self) -> "Node":
        """The schema of a list's elements (the node itself when it is not a list)."""
        return _items(self)


_EMPTY = Node({})


@functools.cache
def _field(node: Node, key: str) -> tuple[Node, PatchMeta]:
    prop = node.schema.get("properties", {}).get(key)
    if prop is None:
        extra = node.schema.get("additionalProperties")
        return (_node(extra) if isinstance(extra, dict) else _EMPTY), PatchMeta()
    strategy = prop.get("x-kubernetes-patch-strategy", "")
    meta = PatchMeta(
        tuple(s for s in strategy.split(",") if s), prop.get("x-kubernetes-patch-merge-key", "")
    )
    return _node(prop), meta


@functools.cache
def _items(node: Node) -> Node:
    items = node.schema.get("items")
    return _node(items) if isinstance(items, dict) else node


def _node(schema: dict) -> Node:
    ref = schema.get("$ref")
    if ref:
        return _definition_node(ref.rsplit("/", 1)[1])
    return Node(schema)


@functools.cache
def _definition_node(name: str) -> Node:
    # One Node per definition, so the cache keys of _field stay few and stable.
    return Node(_definitions()[name])


def root(kind: str, api_version: str | None = None) -> Node:
    """The schema node of a kind: `Deployment`, or a definition name such as
    `io.k8s.api.apps.v1.Deployment`; with `api_version` when a kind is served twice."""
    if kind in _definitions():
        return _definition_node(kind)
    if api_version is None:
        api_version = resources.current_api_version(kind)
    name = definition_name(api_version, kind) if api_version else None
    if name is None:
        raise KeyError(f"no schema for kind {kind!r} ({api_version})")
    return _definition_node(name)


def as_node(kind) -> Node:
    """Accept a Node, a kind name or a definition name."""
    return kind if isinstance(kind, Node) else root(kind)
