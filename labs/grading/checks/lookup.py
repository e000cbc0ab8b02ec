"""`lookup`: a DNS lookup with `nslookup`, from the workstation or from inside a pod.

Expected `addresses` are literal, or `{pods: SELECTOR}` (the IPs of those ready pods: what a
headless Service answers) or `{service: NAME}` (its cluster IP); `cname` expects a CNAME
(an ExternalName Service); `count` the number of addresses.
"""

from __future__ import annotations

import re
import shlex

from kubesim.findings import Finding

from ..conditions import is_ready
from ..units import parse_selector, selector_matches
from .common import diagnose_targets, from_prefix, ref_problems, unknown_keys

FIELDS = {"from", "name", "addresses", "cname", "count", "service", "namespace"}
REQUIRED = {"name"}
_ADDRESS = re.compile(r"^Address(?: \d+)?:\s*(\S+)\s*$")
_CNAME = re.compile(r"canonical name = (\S+?)\.?$")


def validate(spec, scripted=None) -> list[tuple[tuple, str]]:
    problems = unknown_keys(spec, FIELDS, REQUIRED)
    if isinstance(spec, dict):
        if spec.get("from", "workstation") != "workstation":
            problems += ref_problems(spec["from"], ("from",))
        if not any(k in spec for k in ("addresses", "cname", "count")):
            problems.append(((), "say what to expect: addresses, cname or count"))
        addresses = spec.get("addresses")
        if addresses is not None and not isinstance(addresses, list) and not (
                isinstance(addresses, dict) and len(addresses) == 1 and set(addresses) <= {"pods", "service"}):
            problems.append((("addresses",), "addresses: a list, {pods: SELECTOR} or {service: NAME}"))
    return problems


def parse_answer(stdout: str) -> tuple[list[str], str | None]:
    """Addresses and the CNAME target in nslookup's answer (the server's own lines skipped)."""
    _server, _sep, answer = stdout.partition("\n\n")
    addresses = [m.group(1) for m in map(_ADDRESS.match, answer.splitlines()) if m]
    cname = next((m.group(1) for m in map(_CNAME.search, answer.splitlines()) if m), None)
    return sorted(set(addresses), key=_ip_key), cname


def _ip_key(ip: str):
    parts = ip.split(".")
    return [int(p) if p.isdigit() else 0 for p in parts] if len(parts) == 4 else [999, ip]


def expected_addresses(exam, spec: dict, namespace: str) -> list[str] | None:
    addresses = spec.get("addresses")
    if addresses is None:
        return None
    if isinstance(addresses, list):
        return sorted({str(a) for a in addresses}, key=_ip_key)
    if "service" in addresses:
        service = exam.cluster.store.get("services", namespace, addresses["service"]) or {}
        ip = (service.get("spec") or {}).get("clusterIP")
        return [ip] if ip and ip != "None" else []
    terms = parse_selector(addresses["pods"])
    ips = {(p.get("status") or {}).get("podIP") for p in exam.cluster.store.list("pods", namespace)
           if selector_matches(terms, p["metadata"].get("labels")) and is_ready(p)}
    return sorted((ip for ip in ips if ip), key=_ip_key)


def evaluate(exam, spec: dict, namespace: str):
    from . import Outcome

    ns = spec.get("namespace", namespace)
    line = from_prefix(spec.get("from", "workstation"), ns) + "nslookup " + shlex.quote(spec["name"])
    result = exam.run(line)
    addresses, cname = parse_answer(result.stdout)
    wanted = expected_addresses(exam, spec, ns)
    expected = _describe(wanted, spec)
    observed = ", ".join(([f"CNAME {cname}"] if cname else []) + addresses) or (
        (result.stderr or result.stdout).strip().splitlines() or ["no answer"])[-1]
    ok = (wanted is None or (addresses == wanted and wanted)) and (
        "cname" not in spec or cname == spec["cname"].rstrip(".")) and (
        "count" not in spec or len(addresses) == spec["count"])
    if ok:
        return Outcome(True, expected, observed)
    findings = diagnose_targets(exam, [f"service/{spec['service']}"], ns, ports=False) if spec.get("service") else []
    findings.append(Finding("lookup-mismatch", {"name": spec["name"], "origin": spec.get("from", "workstation"),
                                                "expected": expected, "observed": observed}, "", ""))
    return Outcome(False, expected, observed, findings)


def _describe(wanted: list[str] | None, spec: dict) -> str:
    parts = []
    if wanted is not None:
        parts.append(", ".join(wanted) or "(no ready pods to expect)")
    if "cname" in spec:
        parts.append(f"CNAME {spec['cname']}")
    if "count" in spec:
        parts.append(f"{spec['count']} addresses")
    return "; ".join(parts)
