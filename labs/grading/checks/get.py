"""`get`: an object's field, read with `kubectl get KIND/NAME -o jsonpath=...`, compared."""

from __future__ import annotations

import shlex

from kubesim.findings import Finding

from ..conditions import COMPARISONS, compare, expected_text
from ..units import CLUSTER_SCOPED, parse_ref
from .common import diagnose_targets, ref_problems, unknown_keys

FIELDS = {"resource", "namespace", "jsonpath"} | COMPARISONS
REQUIRED = {"resource", "jsonpath"}


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS, REQUIRED)
    if isinstance(spec, dict):
        problems += ref_problems(spec.get("resource", ""), ("resource",))
        if not any(key in spec for key in COMPARISONS):
            problems.append(((), "say what to expect: equals, contains, matches, min, max, one_of or exists"))
    return problems


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    plural, name = parse_ref(spec["resource"])
    ns = spec.get("namespace", namespace)
    scope = "" if plural in CLUSTER_SCOPED else f"-n {shlex.quote(ns)} "
    line = f"kubectl get {scope}{plural}/{shlex.quote(name)} -o jsonpath={shlex.quote(spec['jsonpath'])}"
    result = exam.run(line)
    expected = expected_text(spec)
    if result.exit_code != 0:
        # the object is missing: in another namespace, or not at all
        observed = result.stderr.strip()
        findings = diagnose_targets(exam, [spec["resource"]], ns) or [Finding(
            "value-mismatch", {"object": spec["resource"], "field": spec["jsonpath"], "expected": expected,
                               "observed": observed}, spec["resource"], spec["jsonpath"])]
        return Outcome(False, expected, observed, findings)
    observed = result.stdout
    # jsonpath prints nothing for a field that is not there
    if compare(observed if observed != "" else None, spec):
        return Outcome(True, expected, observed)
    findings = []
    if plural in ("deployments", "replicasets", "statefulsets", "pods"):
        findings = diagnose_targets(exam, [spec["resource"]], ns)
    findings.append(Finding("value-mismatch", {"object": spec["resource"], "field": spec["jsonpath"],
                                               "expected": expected, "observed": observed or "-"},
                            spec["resource"], spec["jsonpath"]))
    return Outcome(False, expected, observed, findings)
