"""`kubectl describe` text, byte for byte as kubectl 1.37 prints it.

Source of truth: kubernetes/kubectl pkg/describe/describe.go and pkg/cmd/describe/describe.go,
read at tag v0.37.0-beta.0 (the describers did not change after it on master). Every function
here is pure: the described object, the events about it, a `Related` view for the other objects
kubectl would fetch, and the virtual "now".

- `describe(obj, events=..., related=..., now=...)`: one object, dispatched by `kind`.
- `describe_many(objs, ...)`: `kubectl describe pods` (several results): each description,
  separated by a blank line, and no Events sections (kubectl turns events off for more than
  one result unless `--show-events` was given).
- `describe_matching(objs, prefix, ...)`: `kubectl describe pods web` when no pod is called
  `web`: every object whose name starts with it, each followed by a newline; None when nothing
  matches (then kubectl reports the original NotFound error). Events are off here too.
- `events_for(obj, all_events)`: the events kubectl's searchEvents would find for an object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..printers.duration import Now
from .common import events_for
from .config import (
    describe_configmap,
    describe_namespace,
    describe_resourcequota,
    describe_secret,
    describe_serviceaccount,
)
from .extra import describe_cronjob, describe_endpointslice, describe_priorityclass
from .generic import describe_generic
from .network import describe_endpoints, describe_ingress, describe_ingressclass, describe_service
from .node import describe_node
from .pod import describe_pod
from .rbac import describe_binding, describe_role
from .related import Related
from .storage import describe_pv, describe_pvc, describe_storageclass
from .workloads import (
    describe_daemonset,
    describe_deployment,
    describe_job,
    describe_replicaset,
    describe_statefulset,
)

Describer = Callable[[dict, "list[dict] | None", Related, Now], str]

# Kinds without events in kubectl's describer (they never search for them).
_NO_EVENTS = {"Secret", "Namespace", "ResourceQuota", "Role", "ClusterRole", "RoleBinding",
              "ClusterRoleBinding"}

DESCRIBERS: dict[str, Describer] = {
    "Pod": lambda o, e, r, n: describe_pod(o, e, n),
    "Deployment": describe_deployment,
    "ReplicaSet": describe_replicaset,
    "StatefulSet": describe_statefulset,
    "DaemonSet": describe_daemonset,
    "Job": describe_job,
    "CronJob": describe_cronjob,
    "Service": describe_service,
    "Endpoints": describe_endpoints,
    "EndpointSlice": describe_endpointslice,
    "Ingress": describe_ingress,
    "IngressClass": describe_ingressclass,
    "Node": describe_node,
    "Namespace": describe_namespace,
    "ConfigMap": describe_configmap,
    "Secret": describe_secret,
    "ServiceAccount": describe_serviceaccount,
    "ResourceQuota": describe_resourcequota,
    "PersistentVolumeClaim": describe_pvc,
    "PersistentVolume": describe_pv,
    "StorageClass": describe_storageclass,
    "PriorityClass": describe_priorityclass,
    "Role": describe_role,
    "ClusterRole": describe_role,
    "RoleBinding": describe_binding,
    "ClusterRoleBinding": describe_binding,
}


def describe(obj: dict, *, events: list[dict] | None, related: Related | None = None,
             now: Now) -> str:
    """The text of `kubectl describe KIND NAME` for one object.

    `events` are the events about the object (see `events_for`); None leaves the Events
    section out, as kubectl does when several objects are described. `now` is the virtual
    time: an aware datetime or epoch seconds.
    """
    describer = DESCRIBERS.get(obj.get("kind", ""), describe_generic)
    return describer(obj, events, related or Related(), now)


def describe_many(objs: Iterable[dict], *, related: Related | None = None, now: Now,
                  events: list[dict] | None = None, show_events: bool = False) -> str:
    """Several descriptions as `kubectl describe pods` prints them: separated by a blank line.

    kubectl keeps the Events sections only when there is a single result or `--show-events`
    was given explicitly (`show_events`); each description then gets the events from
    `events` that concern it.
    """
    objs = list(objs)
    with_events = show_events or len(objs) == 1
    texts = []
    for obj in objs:
        own = None
        if with_events:
            own = events_for(obj, events or [], uid_or_name=obj.get("kind") == "Node")
        texts.append(describe(obj, events=own, related=related, now=now))
    return "\n\n".join(texts)


def describe_matching(objs: Iterable[dict], prefix: str, *, related: Related | None = None,
                      now: Now) -> str | None:
    """DescribeMatchingResources: every object whose name starts with `prefix`, each text
    followed by a newline; None when none matches."""
    texts = [describe(obj, events=None, related=related, now=now) + "\n"
             for obj in objs if (obj.get("metadata") or {}).get("name", "").startswith(prefix)]
    return "".join(texts) if texts else None


def shows_events(kind: str) -> bool:
    """Whether kubectl's describer for this kind has an Events section at all."""
    return kind not in _NO_EVENTS


__all__ = [
    "DESCRIBERS", "Related", "describe", "describe_many", "describe_matching", "events_for",
    "shows_events",
]
