"""`request`: an HTTP request from the workstation or from inside a pod, with `curl -i`.

The expected `status` and `body_contains` are compared with what came back; a failure asks
kubesim.findings about the `service` the request is meant to reach, and whether its type
allows the `access` method used (nodeport, loadbalancer, cluster-ip).
"""

from __future__ import annotations

import re
import shlex

from kubesim.findings import Finding

from .common import diagnose_targets, from_prefix, ref_problems, unknown_keys

FIELDS = {"from", "url", "headers", "insecure", "status", "body_contains", "body_not_contains", "service",
          "access", "namespace"}
REQUIRED = {"url"}


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS, REQUIRED)
    if isinstance(spec, dict):
        if spec.get("from", "workstation") != "workstation":
            problems += ref_problems(spec["from"], ("from",))
        if "status" not in spec and "body_contains" not in spec:
            problems.append(((), "say what to expect: status and/or body_contains"))
        if "access" in spec and spec["access"] not in ("nodeport", "loadbalancer", "cluster-ip", "external-name",
                                                       "ingress", "port-forward", "proxy"):
            problems.append((("access",), f"unknown access method {spec['access']!r}"))
    return problems


def command_line(spec: dict, namespace: str) -> str:
    words = ["curl", "-sS", "-i", "-m", "10"]  # an examiner does not wait for the kernel's timeout
    if spec.get("insecure"):
        words.append("-k")
    for key, value in sorted((spec.get("headers") or {}).items()):
        words += ["-H", f"{key}: {value}"]
    words.append(spec["url"])
    return from_prefix(spec.get("from", "workstation"), namespace) + " ".join(shlex.quote(w) for w in words)


# A running `kubectl port-forward` prints this on the terminal for each connection: it is the
# forwarder's output, not curl's answer.
FORWARDER_LINES = re.compile(r"\A(?:Handling connection for \d+\n)+")


def parse_response(stdout: str) -> tuple[int | None, str]:
    stdout = FORWARDER_LINES.sub("", stdout)
    head, _sep, body = stdout.replace("\r\n", "\n").partition("\n\n")
    first = head.split("\n", 1)[0].split()
    if len(first) >= 2 and first[0].startswith("HTTP/") and first[1].isdigit():
        return int(first[1]), body
    return None, stdout


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    ns = spec.get("namespace", namespace)
    result = exam.run(command_line(spec, ns))
    status, body = parse_response(result.stdout)
    expected = _expected(spec)
    if status is None:
        observed = (result.stderr.strip().splitlines() or ["no answer"])[0]
    else:
        observed = f"{status} {_snippet(body)}".strip()
    ok = status is not None and spec.get("status", status) == status
    ok = ok and spec.get("body_contains", "") in body
    ok = ok and not (spec.get("body_not_contains") and spec["body_not_contains"] in body)
    if ok:
        return Outcome(True, expected, observed)
    findings = []
    if spec.get("service"):
        findings = diagnose_targets(exam, [f"service/{spec['service']}"], ns, spec.get("access"))
    findings.append(Finding("request-failed", {"url": spec["url"], "origin": spec.get("from", "workstation"),
                                               "expected": expected, "observed": observed}, "", ""))
    return Outcome(False, expected, observed, findings)


def _expected(spec: dict) -> str:
    parts = []
    if "status" in spec:
        parts.append(f"HTTP {spec['status']}")
    if "body_contains" in spec:
        parts.append(f"body contains {spec['body_contains']!r}")
    if "body_not_contains" in spec:
        parts.append(f"body without {spec['body_not_contains']!r}")
    return ", ".join(parts)


def _snippet(body: str, limit: int = 60) -> str:
    text = " ".join(body.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
