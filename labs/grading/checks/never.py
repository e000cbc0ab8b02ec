"""`never`: a moment that must not come (an event, a state), from `after` (default: time zero)."""

from __future__ import annotations

from kubesim.findings import Finding

from ..conditions import MOMENT_KINDS, describe_moment
from ..units import clock_text
from .common import moment_problems, unknown_keys

FIELDS = set(MOMENT_KINDS) | {"after", "namespace"}


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS)
    if not isinstance(spec, dict):
        return problems
    problems += moment_problems({k: v for k, v in spec.items() if k in MOMENT_KINDS}, (), scripted)
    if "after" in spec:
        problems += moment_problems(spec["after"], ("after",), scripted)
    return problems


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    ns = spec.get("namespace", namespace)
    moment_spec = {k: v for k, v in spec.items() if k in MOMENT_KINDS}
    what = describe_moment(moment_spec)
    after = exam.moment(spec.get("after", "start"), ns)
    found = exam.moment(moment_spec, ns, since=after) if after else None
    if found is None:
        return Outcome(True, f"no {what}", "none")
    at = clock_text(found.time - exam.session.start_ms)
    return Outcome(False, f"no {what}", f"at {at}", [Finding("unexpected-happened", {"what": what, "at": at},
                                                             "", "")])
