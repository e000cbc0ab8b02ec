"""Small value parsers shared by the lab format and the checks: durations and label selectors."""

from __future__ import annotations

import re

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h)?$")
_FACTOR = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, None: 1000}


def duration_ms(value) -> int:
    """`90`, `90s`, `2m`, `1h`, `500ms` as milliseconds; ValueError otherwise."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * 1000)
    match = _DURATION.match(str(value).strip())
    if not match:
        raise ValueError(f"{value!r} is not a duration (write 30s, 2m or 1h)")
    return round(float(match.group(1)) * _FACTOR[match.group(2)])


def clock_text(ms: int) -> str:
    """Virtual time since the lab began, as m:ss."""
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


_SET_TERM = re.compile(r"^\s*([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)\s*$")


def parse_selector(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """kubectl's selector syntax as (key, operator, values) terms: `app=web,tier in (a,b),!x`."""
    terms = []
    for part in _split_terms(text or ""):
        part = part.strip()
        if not part:
            continue
        set_term = _SET_TERM.match(part)
        if set_term:
            values = tuple(v.strip() for v in set_term.group(3).split(",") if v.strip())
            terms.append((set_term.group(1), set_term.group(2), values))
        elif "!=" in part:
            key, value = part.split("!=", 1)
            terms.append((key.strip(), "notin", (value.strip(),)))
        elif "=" in part:
            key, value = part.split("==", 1) if "==" in part else part.split("=", 1)
            terms.append((key.strip(), "in", (value.strip(),)))
        elif part.startswith("!"):
            terms.append((part[1:].strip(), "doesnotexist", ()))
        elif re.fullmatch(r"[\w./-]+", part):
            terms.append((part, "exists", ()))
        else:
            raise ValueError(f"cannot read the selector term {part!r}")
    return terms


def _split_terms(text: str) -> list[str]:
    """Split on commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def selector_matches(terms, labels: dict | None) -> bool:
    labels = labels or {}
    for key, op, values in terms:
        present = key in labels
        if op == "in" and not (present and labels[key] in values):
            return False
        if op == "notin" and present and labels[key] in values:
            return False
        if op == "exists" and not present:
            return False
        if op == "doesnotexist" and present:
            return False
    return True


PLURALS = {
    "pod": "pods", "po": "pods", "service": "services", "svc": "services",
    "deployment": "deployments", "deploy": "deployments", "replicaset": "replicasets", "rs": "replicasets",
    "statefulset": "statefulsets", "sts": "statefulsets", "daemonset": "daemonsets", "ds": "daemonsets",
    "endpoints": "endpoints", "ep": "endpoints", "ingress": "ingresses", "ing": "ingresses",
    "node": "nodes", "no": "nodes", "configmap": "configmaps", "cm": "configmaps", "secret": "secrets",
    "namespace": "namespaces", "ns": "namespaces", "job": "jobs", "resourcequota": "resourcequotas",
    "quota": "resourcequotas", "persistentvolumeclaim": "persistentvolumeclaims", "pvc": "persistentvolumeclaims",
}
CLUSTER_SCOPED = {"nodes", "namespaces"}


def parse_ref(text: str) -> tuple[str, str]:
    """`deployment/web` as (plural, name); ValueError for an unknown kind."""
    kind, slash, name = str(text).partition("/")
    if not slash or not name or kind.lower() not in PLURALS:
        raise ValueError(f"{text!r} is not KIND/NAME with a known kind (pod/web, service/web, ...)")
    return PLURALS[kind.lower()], name


def get_path(obj, dotted: str):
    """A dotted field path (`spec.selector.version`, `spec.ports.0.port`) in an object, or None."""
    for part in dotted.split("."):
        if isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            obj = obj.get(part)
        else:
            return None
        if obj is None:
            return None
    return obj
