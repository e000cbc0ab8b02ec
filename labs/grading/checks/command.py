"""`command`: any command line of the language, with its exit status and output compared."""

from __future__ import annotations

from kubesim.findings import Finding

from ..conditions import COMPARISONS, compare, expected_text
from .common import unknown_keys

FIELDS = {"run", "exit", "stdout", "namespace"}
REQUIRED = {"run"}


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS, REQUIRED)
    if isinstance(spec, dict) and isinstance(spec.get("stdout"), dict):
        problems += [(("stdout",) + p, m) for p, m in unknown_keys(spec["stdout"], COMPARISONS)]
    elif isinstance(spec, dict) and "stdout" in spec:
        problems.append((("stdout",), "stdout: a comparison such as {contains: TEXT}"))
    return problems


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    result = exam.run(spec["run"])
    want_exit = spec.get("exit", 0)
    expected = " and ".join(p for p in (f"exit {want_exit}", expected_text(spec.get("stdout") or {})) if p)
    observed = f"exit {result.exit_code}: " + (" ".join((result.stdout or result.stderr).split())[:80] or "-")
    ok = result.exit_code == want_exit and compare(result.stdout, spec.get("stdout") or {})
    if ok:
        return Outcome(True, expected, observed)
    return Outcome(False, expected, observed, [Finding("command-mismatch", {
        "command": spec["run"], "expected": expected, "observed": observed}, "", "")])
