"""Sandbox limits: the most objects and pods one simulated cluster may hold.

Not a Kubernetes feature but the host's guard (a web server runs many clusters at once): the
API server refuses a create past a limit the way it refuses one past a ResourceQuota, with a
403 Forbidden that kubectl prints as `Error from server (Forbidden): ...`. Controllers create
through the same path, so a Deployment scaled to 10,000 replicas stops at the pod limit and
its ReplicaSet records a FailedCreate event with this message. Events are not counted: the
cluster writes them itself, never through a create request.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .. import resources as res
from .errors import forbidden

# Workloads whose spec.replicas asks for pods (a warning when it asks for more than the limit).
REPLICATED = ("deployments", "replicasets", "statefulsets", "replicationcontrollers")
UNCOUNTED = ("events",)


@dataclass(frozen=True)
class Limits:
    """None: no limit."""

    objects: int | None = None
    pods: int | None = None

    def dump(self) -> dict:
        return asdict(self)

    @classmethod
    def load(cls, data: dict | None) -> Limits | None:
        return cls(**data) if data else None


def check_create(limits: Limits | None, store, r: res.Resource, obj: dict) -> None:
    """Refuse the object if the cluster already holds as many pods or objects as it may."""
    if limits is None:
        return
    # A generated name is shown by its prefix, as Kubernetes' admission errors do (they run
    # before the name is made); it also keeps a controller's repeated refusals one event series.
    name = obj["metadata"].get("generateName") or obj["metadata"].get("name", "")
    if r.plural == "pods" and limits.pods is not None:
        used = store.count("pods")
        if used >= limits.pods:
            raise forbidden(r.qualified_plural, name, _exceeded("pods", used, limits.pods))
    if limits.objects is not None:
        used = sum(store.count(plural) for plural in store.plurals() if plural not in UNCOUNTED)
        if used >= limits.objects:
            raise forbidden(r.qualified_plural, name, _exceeded("objects", used, limits.objects))


def _exceeded(key: str, used: int, limit: int) -> str:
    # The shape of a ResourceQuota refusal, which learners meet in real clusters, plus the fix.
    return (f"exceeded sandbox limit, requested: {key}=1, used: {key}={used}, limited: {key}={limit} "
            f"(this sandbox holds at most {limit} {key}; delete some to make room)")


def replicas_warning(limits: Limits | None, r: res.Resource, obj: dict) -> str | None:
    """A warning for kubectl when a workload asks for more pods than the sandbox may hold."""
    if limits is None or limits.pods is None or r.plural not in REPLICATED:
        return None
    replicas = (obj.get("spec") or {}).get("replicas")
    if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas <= limits.pods:
        return None
    return (f"spec.replicas: {replicas} is more than this sandbox's limit of {limits.pods} pods; "
            f"pods past the limit will not be created")
