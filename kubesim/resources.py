"""The API resources the simulator serves: kind, plural, group/version, scope, short names.

One table drives decoding, discovery (`kubectl api-resources`), kubectl's resource-name
resolution and the store's keys, so that a kind is added in one place.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    kind: str
    plural: str
    group: str  # "" for the core group
    version: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def qualified(self) -> str:
        """The name kubectl prints for this resource: `deployment.apps`, `pod`."""
        return f"{self.singular}.{self.group}" if self.group else self.singular

    @property
    def qualified_plural(self) -> str:
        """The name in API errors: `deployments.apps`, `pods`."""
        return f"{self.plural}.{self.group}" if self.group else self.plural


_R = Resource
RESOURCES: tuple[Resource, ...] = (
    _R("Binding", "bindings", "", "v1", True, verbs=("create",)),
    _R("ConfigMap", "configmaps", "", "v1", True, ("cm",)),
    _R("Endpoints", "endpoints", "", "v1", True, ("ep",)),
    _R("Event", "events", "", "v1", True, ("ev",)),
    _R("LimitRange", "limitranges", "", "v1", True, ("limits",)),
    _R("Namespace", "namespaces", "", "v1", False, ("ns",)),
    _R("Node", "nodes", "", "v1", False, ("no",)),
    _R("PersistentVolumeClaim", "persistentvolumeclaims", "", "v1", True, ("pvc",)),
    _R("PersistentVolume", "persistentvolumes", "", "v1", False, ("pv",)),
    _R("Pod", "pods", "", "v1", True, ("po",)),
    _R("ReplicationController", "replicationcontrollers", "", "v1", True, ("rc",)),
    _R("ResourceQuota", "resourcequotas", "", "v1", True, ("quota",)),
    _R("Secret", "secrets", "", "v1", True),
    _R("ServiceAccount", "serviceaccounts", "", "v1", True, ("sa",)),
    _R("Service", "services", "", "v1", True, ("svc",)),
    _R("ControllerRevision", "controllerrevisions", "apps", "v1", True),
    _R("DaemonSet", "daemonsets", "apps", "v1", True, ("ds",)),
    _R("Deployment", "deployments", "apps", "v1", True, ("deploy",)),
    _R("ReplicaSet", "replicasets", "apps", "v1", True, ("rs",)),
    _R("StatefulSet", "statefulsets", "apps", "v1", True, ("sts",)),
    _R("HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling", "v2", True, ("hpa",)),
    _R("CronJob", "cronjobs", "batch", "v1", True, ("cj",)),
    _R("Job", "jobs", "batch", "v1", True),
    _R("Lease", "leases", "coordination.k8s.io", "v1", True),
    _R("EndpointSlice", "endpointslices", "discovery.k8s.io", "v1", True),
    _R("IngressClass", "ingressclasses", "networking.k8s.io", "v1", False),
    _R("Ingress", "ingresses", "networking.k8s.io", "v1", True, ("ing",)),
    _R("NetworkPolicy", "networkpolicies", "networking.k8s.io", "v1", True, ("netpol",)),
    _R("PodDisruptionBudget", "poddisruptionbudgets", "policy", "v1", True, ("pdb",)),
    _R("ClusterRoleBinding", "clusterrolebindings", "rbac.authorization.k8s.io", "v1", False),
    _R("ClusterRole", "clusterroles", "rbac.authorization.k8s.io", "v1", False),
    _R("RoleBinding", "rolebindings", "rbac.authorization.k8s.io", "v1", True),
    _R("Role", "roles", "rbac.authorization.k8s.io", "v1", True),
    _R("PriorityClass", "priorityclasses", "scheduling.k8s.io", "v1", False, ("pc",)),
    _R("StorageClass", "storageclasses", "storage.k8s.io", "v1", False, ("sc",)),
)

BY_KIND: dict[tuple[str, str], Resource] = {(r.api_version, r.kind): r for r in RESOURCES}
BY_PLURAL: dict[str, Resource] = {r.plural: r for r in RESOURCES}

# apiVersions that once served a kind and were removed: `kubectl apply` answers
# `no matches for kind ... in version ...`, and we add a hint with today's apiVersion.
REMOVED_API_VERSIONS: dict[str, str] = {
    "extensions/v1beta1": "removed in 1.16 (workloads) and 1.22 (Ingress)",
    "apps/v1beta1": "removed in 1.16",
    "apps/v1beta2": "removed in 1.16",
    "networking.k8s.io/v1beta1": "removed in 1.22",
    "batch/v1beta1": "removed in 1.25",
    "policy/v1beta1": "removed in 1.25",
    "autoscaling/v2beta1": "removed in 1.25",
    "autoscaling/v2beta2": "removed in 1.26",
    "rbac.authorization.k8s.io/v1beta1": "removed in 1.22",
    "storage.k8s.io/v1beta1": "removed in 1.22",
    "discovery.k8s.io/v1beta1": "removed in 1.25",
}


def for_kind(api_version: str, kind: str) -> Resource | None:
    return BY_KIND.get((api_version, kind))


def current_api_version(kind: str) -> str | None:
    """Today's apiVersion for a kind, for hints after a removed apiVersion."""
    for r in RESOURCES:
        if r.kind == kind:
            return r.api_version
    return None


def lookup(name: str) -> Resource | None:
    """Resolve what a learner types after `kubectl get`: plural, singular, short name,
    kind, or a group-qualified form such as `deployments.apps` or `deploy.apps`."""
    name = name.lower()
    base, _, group = name.partition(".")
    for r in RESOURCES:
        if group and r.group != group and not r.group.startswith(group + "."):
            continue
        if base in (r.plural, r.singular, *r.short_names):
            return r
    return None
