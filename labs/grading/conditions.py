"""The small language checks are written in: pod queries, comparisons and moments.

- A pod query counts pods: `{selector: app=web, namespace: default, phase: Running, ready: true,
  node: kind-worker, not_node: ..., image: nginx:1.27, name: web-*}` with `count`, `min`, `max`.
  Terminating pods (deletionTimestamp set) and finished pods are left out unless `phase` names
  the phase or `terminating: true` asks for them.
- A comparison: `equals`, `not_equals`, `contains`, `matches` (a regular expression),
  `one_of`, `min`, `max`, `exists`.
- A moment names when something first held: `{pods: QUERY}`, `{object: {resource: service/web,
  field: spec.selector.version, equals: green}}`, `{ready: pod/web-0}`, `{created: pod/web-1}`,
  `{deleted: pod/web-2}`, `{event: {reason: Killing, object: pod/web-*}}`, `{scripted: NAME}`,
  or `start`.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

import re2

from .units import get_path, parse_ref, parse_selector, selector_matches

POD_KEYS = {"selector", "namespace", "phase", "ready", "node", "not_node", "image", "name", "terminating",
            "count", "min", "max"}
COMPARISONS = {"equals", "not_equals", "contains", "matches", "one_of", "min", "max", "exists"}
MOMENT_KINDS = ("pods", "object", "ready", "created", "deleted", "event", "scripted")


# -- pods ------------------------------------------------------------------------------------
def pod_matches(query: dict, pod: dict, terms=None) -> bool:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    phase = status.get("phase", "Pending")
    if meta.get("deletionTimestamp") and not query.get("terminating"):
        return False
    if "phase" in query:
        if phase != query["phase"]:
            return False
    elif phase in ("Succeeded", "Failed"):
        return False
    if "ready" in query and is_ready(pod) != bool(query["ready"]):
        return False
    if "node" in query and spec.get("nodeName") != query["node"]:
        return False
    if "not_node" in query and spec.get("nodeName") == query["not_node"]:
        return False
    if "image" in query and query["image"] not in [c.get("image") for c in spec.get("containers") or []]:
        return False
    if "name" in query and not fnmatchcase(meta["name"], query["name"]):
        return False
    terms = parse_selector(query.get("selector", "")) if terms is None else terms
    return selector_matches(terms, meta.get("labels"))


def count_pods(query: dict, pods: list[dict]) -> int:
    terms = parse_selector(query.get("selector", ""))
    return sum(1 for pod in pods if pod_matches(query, pod, terms))


def count_ok(query: dict, n: int) -> bool:
    if "count" in query and n != query["count"]:
        return False
    if "min" in query and n < query["min"]:
        return False
    return not ("max" in query and n > query["max"])


def count_text(query: dict) -> str:
    parts = []
    if "count" in query:
        parts.append(f"= {query['count']}")
    if "min" in query:
        parts.append(f">= {query['min']}")
    if "max" in query:
        parts.append(f"<= {query['max']}")
    return " and ".join(parts) or ">= 1"


def describe_pods(query: dict) -> str:
    """A short, language-neutral description of a pod query: `app=web, ready, Running`."""
    parts = [query.get("selector") or "*"]
    if "phase" in query:
        parts.append(query["phase"])
    if "ready" in query:
        parts.append("ready" if query["ready"] else "not ready")
    if "node" in query:
        parts.append(f"on {query['node']}")
    if "not_node" in query:
        parts.append(f"not on {query['not_node']}")
    if "image" in query:
        parts.append(query["image"])
    if "name" in query:
        parts.append(query["name"])
    return ", ".join(parts)


def is_ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


# -- comparisons -----------------------------------------------------------------------------
def compare(observed, spec: dict) -> bool:
    text = "" if observed is None else _text(observed)
    if "exists" in spec and (observed is not None) != bool(spec["exists"]):
        return False
    if "equals" in spec and text != _text(spec["equals"]):
        return False
    if "not_equals" in spec and text == _text(spec["not_equals"]):
        return False
    if "contains" in spec and _text(spec["contains"]) not in text:
        return False
    if "matches" in spec and not re2.search(spec["matches"], text):
        return False
    if "one_of" in spec and text not in [_text(v) for v in spec["one_of"]]:
        return False
    for key, ok in (("min", lambda a, b: a >= b), ("max", lambda a, b: a <= b)):
        if key in spec:
            number = _number(text)
            if number is None or not ok(number, spec[key]):
                return False
    return True


def expected_text(spec: dict) -> str:
    words = {"equals": "= {}", "not_equals": "!= {}", "contains": "contains {}", "matches": "matches /{}/",
             "one_of": "one of {}", "min": ">= {}", "max": "<= {}", "exists": "exists: {}"}
    parts = [words[key].format(_text(spec[key]) if key != "one_of" else ", ".join(map(_text, spec[key])))
             for key in words if key in spec]
    return " and ".join(parts)


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        import json
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


# -- moments ---------------------------------------------------------------------------------
def moment_kind(spec) -> str | None:
    if spec == "start":
        return "start"
    if isinstance(spec, dict):
        kinds = [k for k in MOMENT_KINDS if k in spec]
        return kinds[0] if len(kinds) == 1 else None
    return None


def moment_predicate(spec, namespace: str):
    """A predicate over (state, change) for a moment spec (not `scripted` or `start`)."""
    kind = moment_kind(spec)
    value = spec[kind]
    if kind == "pods":
        query = {"namespace": namespace, **value}
        return lambda state, change: count_ok(query, count_pods(query, state.list("pods", query["namespace"])))
    if kind == "object":
        plural, name = parse_ref(value["resource"])
        ns = "" if plural in ("nodes", "namespaces") else value.get("namespace", namespace)
        return lambda state, change: _object_holds(state.get(plural, ns, name), value)
    if kind in ("ready", "created"):
        plural, name = parse_ref(value)
        if kind == "ready":
            return lambda state, change: is_ready(state.get(plural, namespace, name) or {})
        return lambda state, change: state.get(plural, namespace, name) is not None
    if kind == "deleted":
        plural, name = parse_ref(value)
        return lambda state, change: (change is not None and change.type == "DELETED"
                                      and change.plural == plural
                                      and change.old["metadata"]["name"] == name
                                      and change.old["metadata"].get("namespace", "") == namespace)
    if kind == "event":
        return lambda state, change: change is not None and _event_matches(value, change, namespace)
    raise ValueError(f"no predicate for moment {kind}")


def _object_holds(obj: dict | None, spec: dict) -> bool:
    if obj is None:
        return False
    return compare(get_path(obj, spec["field"]), spec)


def _event_matches(spec: dict, change, namespace: str) -> bool:
    if change.plural != "events" or change.new is None:
        return False
    event = change.new
    if change.old is not None and change.old.get("count") == event.get("count"):
        return False  # the same occurrence, rewritten
    if event["metadata"].get("namespace", "") != spec.get("namespace", namespace):
        return False
    if "reason" in spec and event.get("reason") != spec["reason"]:
        return False
    if "message_contains" in spec and spec["message_contains"] not in (event.get("message") or ""):
        return False
    if "object" in spec:
        kind, _slash, pattern = spec["object"].partition("/")
        involved = event.get("involvedObject") or {}
        if (involved.get("kind") or "").lower() != kind.lower() or not fnmatchcase(involved.get("name", ""),
                                                                                   pattern):
            return False
    return True


def describe_moment(spec) -> str:
    kind = moment_kind(spec)
    if kind == "start":
        return "time zero"
    value = spec[kind]
    if kind == "pods":
        return f"pods {describe_pods(value)} {count_text(value)}"
    if kind == "object":
        return f"{value['resource']} {value['field']} {expected_text(value)}"
    if kind == "event":
        parts = [value.get("reason", "any"), value.get("object", "")]
        return "event " + " ".join(p for p in parts if p)
    return f"{kind} {value}"
