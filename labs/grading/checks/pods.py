"""`pods`: how many pods match a query at the end of the run."""

from __future__ import annotations

from kubesim import findings as why
from kubesim.findings import Finding

from ..conditions import count_ok, count_pods, count_text, describe_pods
from .common import pod_query_problems


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    return pod_query_problems(spec, ())


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    ns = spec.get("namespace", namespace)
    observed = count_pods(spec, exam.cluster.store.list("pods", ns))
    expected = count_text(spec)
    if count_ok(spec, observed):
        return Outcome(True, expected, str(observed))
    findings = []
    if "max" not in spec or observed < spec.get("min", spec.get("count", 0)):
        findings = why.why_pods(exam.cluster, ns, spec.get("selector", ""), want_ready=bool(spec.get("ready")),
                                name=spec.get("name"))
    findings.append(Finding("count-mismatch", {"pods": describe_pods(spec), "namespace": ns,
                                               "expected": expected, "observed": observed}, "", ""))
    return Outcome(False, expected, str(observed), findings)
