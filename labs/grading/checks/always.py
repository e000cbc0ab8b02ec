"""`always`: an invariant over the whole run (or from a moment on): a pod count within bounds,
or an object's field as expected, after every single change."""

from __future__ import annotations

from kubesim import findings as why
from kubesim.findings import Finding

from ..conditions import (
    count_ok,
    count_pods,
    count_text,
    describe_moment,
    describe_pods,
    moment_kind,
)
from ..units import clock_text
from .common import moment_problems, pod_query_problems, unknown_keys

FIELDS = {"pods", "object", "since", "until"}


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS)
    if not isinstance(spec, dict):
        return problems
    if ("pods" in spec) == ("object" in spec):
        problems.append(((), "an invariant has either 'pods' or 'object'"))
    if "pods" in spec:
        problems += pod_query_problems(spec["pods"], ("pods",))
    if "object" in spec:
        problems += moment_problems({"object": spec["object"]}, ())
    for key in ("since", "until"):
        if key in spec:
            problems += moment_problems(spec[key], (key,), scripted)
    return problems


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    since = exam.moment(spec.get("since", "start"), namespace)
    until = exam.moment(spec["until"], namespace) if "until" in spec else None
    expected = _describe(spec)
    if since is None:
        return Outcome(False, expected, "-", [Finding("never-happened", {
            "what": describe_moment(spec["since"])}, "", "")])
    holds, observe = _condition(spec, namespace)
    for moment, _change, state in exam.session.timeline.replay(since):
        if until is not None and not moment.before(until):
            break
        ok, observed = holds(state), observe(state)
        if not ok:
            at = clock_text(moment.time - exam.session.start_ms)
            findings = []
            if "pods" in spec and "min" in spec["pods"]:
                findings = why.why_pods(exam.cluster, spec["pods"].get("namespace", namespace),
                                        spec["pods"].get("selector", ""))[:1]
            findings.append(Finding("invariant-broken", {"what": expected, "observed": observed, "at": at},
                                    "", ""))
            return Outcome(False, expected, f"{observed} at {at}", findings)
    return Outcome(True, expected, "held")


def _condition(spec: dict, namespace: str):
    if "pods" in spec:
        query = {"namespace": namespace, **spec["pods"]}

        def count(state):
            return count_pods(query, state.list("pods", query["namespace"]))
        return (lambda state: count_ok(query, count(state))), (lambda state: str(count(state)))
    from ..conditions import moment_predicate
    from ..units import get_path, parse_ref

    predicate = moment_predicate({"object": spec["object"]}, namespace)
    plural, name = parse_ref(spec["object"]["resource"])
    ns = spec["object"].get("namespace", namespace)

    def observe(state):
        value = get_path(state.get(plural, ns, name) or {}, spec["object"]["field"])
        return "-" if value is None else str(value)
    return (lambda state: predicate(state, None)), observe


def _describe(spec: dict) -> str:
    if "pods" in spec:
        return f"pods {describe_pods(spec['pods'])} {count_text(spec['pods'])}"
    return describe_moment({"object": spec["object"]})


def is_moment(spec) -> bool:
    return moment_kind(spec) is not None
