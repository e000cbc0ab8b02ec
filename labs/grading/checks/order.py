"""`order`: one moment strictly before another (`web-1 created only after web-0 was Ready`)."""

from __future__ import annotations

from kubesim.findings import Finding

from ..conditions import describe_moment
from ..units import clock_text
from .common import moment_problems, unknown_keys

FIELDS = {"first", "then", "namespace"}


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS, {"first", "then"})
    if isinstance(spec, dict):
        for key in ("first", "then"):
            if key in spec:
                problems += moment_problems(spec[key], (key,), scripted)
    return problems


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    ns = spec.get("namespace", namespace)
    first, then = describe_moment(spec["first"]), describe_moment(spec["then"])
    expected = f"{first}, then {then}"
    later = exam.moment(spec["then"], ns)
    if later is None:
        return Outcome(False, expected, "never", [Finding("never-happened", {"what": then}, "", "")])
    earlier = exam.moment(spec["first"], ns)
    start = exam.session.start_ms
    if earlier is None or not earlier.before(later):
        observed = f"{then} at {clock_text(later.time - start)}, " + (
            f"{first} at {clock_text(earlier.time - start)}" if earlier else f"{first} never")
        return Outcome(False, expected, observed, [Finding("order-broken", {"first": first, "then": then},
                                                           "", "")])
    return Outcome(True, expected, f"{clock_text(earlier.time - start)} < {clock_text(later.time - start)}")
