"""`happens`: a moment that must come, optionally `within` a time `after` another moment."""

from __future__ import annotations

from kubesim import findings as why
from kubesim.findings import Finding

from ..conditions import MOMENT_KINDS, describe_moment
from ..units import clock_text, duration_ms
from .common import duration_problems, moment_problems, unknown_keys

FIELDS = set(MOMENT_KINDS) | {"within", "after", "namespace"}


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS)
    if not isinstance(spec, dict):
        return problems
    moment = {k: v for k, v in spec.items() if k in MOMENT_KINDS}
    problems += moment_problems(moment, (), scripted)
    problems += duration_problems(spec, "within", ())
    if "after" in spec:
        problems += moment_problems(spec["after"], ("after",), scripted)
    return problems


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    ns = spec.get("namespace", namespace)
    moment_spec = {k: v for k, v in spec.items() if k in MOMENT_KINDS}
    what = describe_moment(moment_spec)
    after = exam.moment(spec.get("after", "start"), ns)
    expected = what + (f" within {spec['within']}" if "within" in spec else "")
    if after is None:
        return Outcome(False, expected, "-", [Finding("never-happened", {
            "what": describe_moment(spec["after"])}, "", "")])
    found = exam.moment(moment_spec, ns, since=after)
    if found is None:
        return Outcome(False, expected, "never", _diagnose(exam, moment_spec, ns) + [
            Finding("never-happened", {"what": what}, "", "")])
    took = found.time - after.time
    if "within" in spec and took > duration_ms(spec["within"]):
        return Outcome(False, expected, f"after {clock_text(took)}", _diagnose(exam, moment_spec, ns) + [
            Finding("deadline-missed", {"what": what, "within": str(spec["within"]), "took": clock_text(took)},
                    "", "")])
    return Outcome(True, expected, f"at {clock_text(found.time - exam.session.start_ms)}")


def _diagnose(exam, moment_spec: dict, namespace: str) -> list[Finding]:
    if "pods" in moment_spec:
        query = moment_spec["pods"]
        return why.why_pods(exam.cluster, query.get("namespace", namespace), query.get("selector", ""))[:1]
    if "ready" in moment_spec:
        _kind, name = moment_spec["ready"].split("/", 1)
        pod = exam.cluster.store.get("pods", namespace, name)
        return why.why_pod(exam.cluster, pod)[:1] if pod else []
    return []
