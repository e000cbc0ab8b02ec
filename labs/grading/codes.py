"""Every finding code a check can produce, with the parameters its explanation uses.

The simulator's diagnoses (kubesim/findings.py) come first, then the checks' own codes. The
explainer catalogue (labs/explainers.py) has a sentence for each, and a test keeps the two equal.
"""

DIAGNOSES = {
    "unschedulable-taint": ("pod", "taints"),
    "unschedulable-affinity": ("pod", "message"),
    "unschedulable": ("pod", "message"),
    "image-pull": ("pod", "container", "image", "reason", "problem"),
    "init-failing": ("pod", "container", "exit_code", "restarts"),
    "crash-loop": ("pod", "container", "exit_code", "restarts"),
    "probe-wrong-port": ("pod", "container", "probe", "port", "ports"),
    "probe-wrong-path": ("pod", "container", "probe", "path", "status"),
    "selector-no-match": ("selector", "namespace", "labels"),
    "wrong-namespace": ("kind", "name", "expected", "found"),
    "target-port-mismatch": ("service", "port", "target_port", "pod", "container_ports"),
    "endpoints-missing": ("service", "namespace"),
    "quota-exceeded": ("object", "message"),
    "service-type-access": ("service", "type", "access"),
}

CHECK_CODES = {
    "object-missing": ("object", "namespace"),
    "value-mismatch": ("object", "field", "expected", "observed"),
    "count-mismatch": ("pods", "namespace", "expected", "observed"),
    "request-failed": ("url", "origin", "expected", "observed"),
    "lookup-mismatch": ("name", "origin", "expected", "observed"),
    "command-mismatch": ("command", "expected", "observed"),
    "invariant-broken": ("what", "observed", "at"),
    "never-happened": ("what",),
    "deadline-missed": ("what", "within", "took"),
    "unexpected-happened": ("what", "at"),
    "order-broken": ("first", "then"),
}

ALL_CODES = {**DIAGNOSES, **CHECK_CODES}
