"""Check kinds, one module each. A check reads the cluster as an examiner would.

Every module declares `FIELDS` (the keys its spec may have), `REQUIRED`, `validate(spec)`
(problems as (path, message) pairs, the path relative to the spec) and `evaluate(exam, spec,
namespace) -> Outcome`. End-state kinds: `get`, `pods`, `request`, `lookup`, `command`.
Over-time kinds, read from the run's history: `always`, `happens`, `never`, `order`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kubesim.findings import Finding

from . import always, command, get, happens, lookup, never, order, pods, request

KINDS = {
    "get": get, "pods": pods, "request": request, "lookup": lookup, "command": command,
    "always": always, "happens": happens, "never": never, "order": order,
}


@dataclass
class Outcome:
    passed: bool
    expected: str = ""
    observed: str = ""
    findings: list[Finding] = field(default_factory=list)


def kind_of(check: dict) -> str | None:
    kinds = [k for k in KINDS if k in check]
    return kinds[0] if len(kinds) == 1 else None
