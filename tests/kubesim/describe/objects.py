"""Hand-written API objects for the describe tests, shaped as the API server returns them
(defaults filled in). `NOW` is five minutes after the virtual epoch."""

from datetime import UTC, datetime, timedelta

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
NOW = EPOCH + timedelta(minutes=5)


def ts(seconds: int = 0) -> str:
    """An API timestamp `seconds` after the virtual epoch."""
    return (EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def condition(kind: str, status: str = "True", at: int = 0, **extra) -> dict:
    return {"type": kind, "status": status, "lastProbeTime": None, "lastTransitionTime": ts(at), **extra}


def event(reason: str, message: str, *, kind: str = "Normal", source: str = "kubelet", first: int = 0,
          last: int | None = None, count: int = 1, field_path: str = "", name: str = "web",
          involved_kind: str = "Pod") -> dict:
    ref = {"kind": involved_kind, "name": name, "namespace": "default", "uid": "uid-" + name}
    if field_path:
        ref["fieldPath"] = field_path
    return {
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": f"{name}.{reason.lower()}", "namespace": "default"},
        "involvedObject": ref, "reason": reason, "message": message, "type": kind,
        "source": {"component": source}, "count": count,
        "firstTimestamp": ts(first), "lastTimestamp": ts(first if last is None else last),
    }


def kube_api_access(name: str = "kube-api-access-x7k2p") -> dict:
    """The projected service-account volume every pod gets."""
    return {"name": name, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace",
                                    "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
    ]}}


DEFAULT_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
     "tolerationSeconds": 300},
]
