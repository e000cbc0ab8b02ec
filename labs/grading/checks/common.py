"""Helpers the check kinds share: validating specs and asking kubesim.findings why."""

from __future__ import annotations

import shlex

from kubesim import findings as why
from kubesim.findings import Finding

from ..conditions import COMPARISONS, MOMENT_KINDS, POD_KEYS, moment_kind
from ..units import duration_ms, parse_ref, parse_selector


def unknown_keys(spec: dict, allowed: set[str], required: set[str] = frozenset()) -> list[tuple[tuple, str]]:
    if not isinstance(spec, dict):
        return [((), "must be a mapping")]
    problems = [((key,), f"unknown field {key!r} (expected one of: {', '.join(sorted(allowed))})")
                for key in spec if key not in allowed]
    problems += [((), f"the field {key!r} is missing") for key in sorted(required) if key not in spec]
    return problems


def pod_query_problems(query, path: tuple) -> list[tuple[tuple, str]]:
    if not isinstance(query, dict):
        return [(path, "a pod query must be a mapping (selector, phase, ready, count, min, max ...)")]
    problems = [(path + p, m) for p, m in unknown_keys(query, POD_KEYS)]
    try:
        parse_selector(query.get("selector", ""))
    except ValueError as error:
        problems.append((path + ("selector",), str(error)))
    for key in ("count", "min", "max"):
        if key in query and (not isinstance(query[key], int) or isinstance(query[key], bool)):
            problems.append((path + (key,), f"{key!r} must be a whole number"))
    return problems


def moment_problems(spec, path: tuple, scripted: set[str] | None = None) -> list[tuple[tuple, str]]:
    kind = moment_kind(spec)
    if kind is None:
        return [(path, f"a moment is 'start' or a mapping with one of: {', '.join(MOMENT_KINDS)}")]
    if kind == "start":
        return []
    value = spec[kind]
    if kind == "pods":
        return pod_query_problems(value, path + ("pods",))
    if kind == "object":
        problems = [(path + ("object",) + p, m) for p, m in
                    unknown_keys(value, {"resource", "namespace", "field"} | COMPARISONS, {"resource", "field"})]
        return problems + ref_problems(value.get("resource", "x/y") if isinstance(value, dict) else "",
                                       path + ("object", "resource"))
    if kind == "event":
        return [(path + ("event",) + p, m) for p, m in
                unknown_keys(value, {"reason", "object", "namespace", "message_contains"})]
    if kind == "scripted":
        if scripted is not None and value not in scripted:
            return [(path + ("scripted",), f"no scripted event is named {value!r}")]
        return []
    return ref_problems(value, path + (kind,))


def ref_problems(text, path: tuple) -> list[tuple[tuple, str]]:
    try:
        parse_ref(text)
    except ValueError as error:
        return [(path, str(error))]
    return []


def duration_problems(spec: dict, key: str, path: tuple) -> list[tuple[tuple, str]]:
    if key not in spec:
        return []
    try:
        duration_ms(spec[key])
    except ValueError as error:
        return [(path + (key,), str(error))]
    return []


def from_prefix(origin: str, namespace: str) -> str:
    """The words that run a tool from `origin`: the workstation, or `kubectl exec` in a pod."""
    if not origin or origin == "workstation":
        return ""
    _plural, name = parse_ref(origin)
    return f"kubectl exec -n {shlex.quote(namespace)} {shlex.quote(name)} -- "


def diagnose_targets(exam, targets: list, namespace: str, access: str | None = None,
                     ports: bool = True) -> list[Finding]:
    """Findings for `service/NAME`, `pods:SELECTOR` or `KIND/NAME` targets, first problems first."""
    out: list[Finding] = []
    for target in targets:
        if target.startswith("pods:"):
            found = why.why_pods(exam.cluster, namespace, target[5:])
        else:
            plural, name = parse_ref(target)
            if exam.cluster.store.get(plural, namespace, name) is None:
                found = why.missing_object(exam.cluster, plural, namespace, name) or [
                    Finding("object-missing", {"object": target, "namespace": namespace}, target, "")]
            elif plural == "services":
                found = why.why_service(exam.cluster, namespace, name, access, ports)
            elif plural == "pods":
                found = why.why_pod(exam.cluster, exam.cluster.store.get(plural, namespace, name))
            else:
                found = why.quota_problems(exam.cluster, namespace)
        out += [f for f in found if all(f.code != o.code for o in out)]
    return out
