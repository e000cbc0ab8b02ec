"""Resource quantities (`100m`, `1.5`, `128Mi`, `1e3`, `2G`) and a pod's effective requests.

CPU is counted in millicores and memory in bytes, rounded up as the API's `resource.Quantity`
does (`MilliValue`, `Value`). A pod's request follows the init-container rule of the docs
(k8s-facts.md fact 32): the larger of the biggest init container (plus the sidecars started
before it) and the sum of the app containers and every sidecar, plus `spec.overhead`.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import quantity as quantities

RESOURCE_NAMES = ("cpu", "memory", "ephemeral-storage")


def parse(text) -> Fraction:
    """The exact value of a quantity; a bare number is accepted too. Bad input counts as 0."""
    return quantities.parse(text).value


def amount(name: str, text) -> int:
    """CPU in millicores, anything else in whole units, rounded up."""
    value = parse(text)
    return math.ceil(value * 1000) if name == "cpu" else math.ceil(value)


_ALLOCATABLE: dict[str, tuple[dict, dict[str, int]]] = {}


def allocatable(node: dict) -> dict[str, int]:
    """The node's allocatable amounts (cpu in millicores). Remembered per node name for as long
    as its `status.allocatable` is the very same dict: stored objects are never changed in
    place, and a write that leaves allocatable alone shares it."""
    alloc = (node.get("status") or {}).get("allocatable") or {}
    name = node["metadata"]["name"]
    known = _ALLOCATABLE.get(name)
    if known is not None and known[0] is alloc:
        return known[1]
    if len(_ALLOCATABLE) >= 4096:
        _ALLOCATABLE.clear()
    amounts = {k: amount(k, v) for k, v in alloc.items()}
    _ALLOCATABLE[name] = (alloc, amounts)
    return amounts


def _container_requests(container: dict) -> dict[str, int]:
    resources = container.get("resources") or {}
    # A container with limits but no requests requests its limits (API defaulting does this;
    # repeating it here keeps the scheduler right when defaulting is not wired yet).
    merged = {**(resources.get("limits") or {}), **(resources.get("requests") or {})}
    return {k: amount(k, v) for k, v in merged.items()}


def _add(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    out = dict(total)
    for k, v in more.items():
        out[k] = out.get(k, 0) + v
    return out


def _max(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: max(a.get(k, 0), b.get(k, 0)) for k in sorted(set(a) | set(b))}


_BY_SPEC: dict[int, tuple[dict, dict[str, int]]] = {}


def pod_requests(pod: dict) -> dict[str, int]:
    """The pod's effective request per resource name (cpu in millicores). Remembered per spec
    dict (held, so its id is not reused): a stored pod's status changes often, its spec
    seldom, and a status write shares the spec. Callers must not change what it returns."""
    spec = pod.get("spec") or {}
    known = _BY_SPEC.get(id(spec))
    if known is not None and known[0] is spec:
        return known[1]
    if len(_BY_SPEC) >= 4096:
        _BY_SPEC.clear()
    requests = _requests(spec)
    _BY_SPEC[id(spec)] = (spec, requests)
    return requests


def _requests(spec: dict) -> dict[str, int]:
    apps: dict[str, int] = {}
    for c in spec.get("containers") or []:
        apps = _add(apps, _container_requests(c))
    sidecars: dict[str, int] = {}
    init_peak: dict[str, int] = {}
    for c in spec.get("initContainers") or []:
        requests = _container_requests(c)
        if c.get("restartPolicy") == "Always":
            sidecars = _add(sidecars, requests)
            init_peak = _max(init_peak, sidecars)
        else:
            init_peak = _max(init_peak, _add(sidecars, requests))
    total = _max(_add(apps, sidecars), init_peak)
    overhead = {k: amount(k, v) for k, v in (spec.get("overhead") or {}).items()}
    return {k: v for k, v in sorted(_add(total, overhead).items()) if v}

