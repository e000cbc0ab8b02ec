"""The LimitRanger admission plugin: LimitRange defaults and per-container bounds.

On pod create, containers without requests or limits get the namespace's LimitRange
`defaultRequest` and `default`, noted in the `kubernetes.io/limit-ranger` annotation; then
each container's requests and limits are checked against `min`, `max` and
`maxLimitRequestRatio`, with the plugin's refusal texts.
"""

from ..scheduler.quantity import parse
from .errors import APIError

ANNOTATION = "kubernetes.io/limit-ranger"


def admit(store, pod: dict) -> dict:
    namespace = pod["metadata"].get("namespace", "default")
    items = [_effective(item) for lr in store.list("limitranges", namespace)
             for item in (lr.get("spec") or {}).get("limits") or [] if item.get("type") == "Container"]
    if not items:
        return pod
    spec = pod.get("spec") or {}
    notes, problems, containers = [], [], []
    for c in spec.get("containers") or []:
        c, note = _with_defaults(c, items)
        if note:
            notes.append(note)
        problems.extend(_bounds(c, items))
        containers.append(c)
    if problems:
        name = pod["metadata"].get("name", "")
        detail = problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]"
        raise APIError(403, "Forbidden", f'pods "{name}" is forbidden: {detail}', "pods", name)
    if not notes:
        return pod
    meta = dict(pod["metadata"])
    meta["annotations"] = {**(meta.get("annotations") or {}), ANNOTATION: "LimitRanger plugin set: " + "; ".join(notes)}
    return {**pod, "metadata": meta, "spec": {**spec, "containers": containers}}


def _effective(item: dict) -> dict:
    """A Container item with the API's defaulting: default limit from max, default request
    from the default limit, then from min (SetDefaults_LimitRangeItem)."""
    default = {**(item.get("max") or {}), **(item.get("default") or {})}
    request = {**(item.get("min") or {}), **default, **(item.get("defaultRequest") or {})}
    return {**item, "default": default, "defaultRequest": request}


def _with_defaults(container: dict, items: list[dict]) -> tuple[dict, str]:
    resources = container.get("resources") or {}
    requests, limits = dict(resources.get("requests") or {}), dict(resources.get("limits") or {})
    set_requests, set_limits = [], []
    for item in items:
        for name, value in (item.get("default") or {}).items():
            if name not in limits:
                limits[name] = value
                set_limits.append(name)
        for name, value in (item.get("defaultRequest") or {}).items():
            if name not in requests:
                requests[name] = value
                set_requests.append(name)
    parts = []
    if set_requests:
        parts.append(f"{', '.join(set_requests)} request for container {container['name']}")
    if set_limits:
        parts.append(f"{', '.join(set_limits)} limit for container {container['name']}")
    if not parts:
        return container, ""
    new = {**container, "resources": {**resources, **({"limits": limits} if limits else {}),
                                      **({"requests": requests} if requests else {})}}
    return new, "; ".join(parts)


def _bounds(container: dict, items: list[dict]) -> list[str]:
    resources = container.get("resources") or {}
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    found = []
    for item in items:
        for name, low in (item.get("min") or {}).items():
            if name in requests and parse(requests[name]) < parse(low):
                found.append(f"minimum {name} usage per Container is {low}, but request is {requests[name]}")
            elif name not in requests:
                found.append(f"minimum {name} usage per Container is {low}.  No request is specified")
        for name, high in (item.get("max") or {}).items():
            if name in limits and parse(limits[name]) > parse(high):
                found.append(f"maximum {name} usage per Container is {high}, but limit is {limits[name]}")
            elif name not in limits:
                found.append(f"maximum {name} usage per Container is {high}.  No limit is specified")
    return found
