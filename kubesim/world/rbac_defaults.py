"""The default RBAC objects a learner meets: the user-facing roles and their bindings."""

from . import objects as o

_READ = ["get", "list", "watch"]
_WRITE = ["create", "delete", "deletecollection", "patch", "update"]

# Resources by API group that the aggregated admin/edit/view roles cover.
_WORKLOADS = {
    "": ["configmaps", "endpoints", "persistentvolumeclaims", "pods", "replicationcontrollers",
         "replicationcontrollers/scale", "serviceaccounts", "services"],
    "apps": ["daemonsets", "deployments", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets",
             "statefulsets/scale"],
    "autoscaling": ["horizontalpodautoscalers"],
    "batch": ["cronjobs", "jobs"],
    "discovery.k8s.io": ["endpointslices"],
    "networking.k8s.io": ["ingresses", "networkpolicies"],
    "policy": ["poddisruptionbudgets"],
}
_STATUS = ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
           "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]


def _rules(verbs: list[str], with_secrets: bool) -> list[dict]:
    rules = []
    for group, resources in _WORKLOADS.items():
        names = list(resources)
        if group == "" and with_secrets:
            names.append("secrets")
        rules.append({"apiGroups": [group], "resources": sorted(names), "verbs": verbs})
    return rules


def _role(name: str, rules: list[dict], labels: dict | None = None) -> dict:
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": o.meta(name, labels=labels or {"kubernetes.io/bootstrapping": "rbac-defaults"}),
            "rules": rules}


def _binding(name: str, role: str, subjects: list[dict]) -> dict:
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": o.meta(name, labels={"kubernetes.io/bootstrapping": "rbac-defaults"}),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": subjects}


def _group(name: str) -> dict:
    return {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": name}


def objects() -> list[tuple[str, str, dict]]:
    view = _rules(_READ, with_secrets=False) + [{"apiGroups": [""], "resources": _STATUS + ["namespaces"],
                                                 "verbs": _READ}]
    edit = _rules(_READ + _WRITE, with_secrets=True) + [
        {"apiGroups": [""], "resources": ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy",
                                          "services/proxy"], "verbs": ["create", "delete", "get", "list", "patch",
                                                                      "update", "watch"]},
        {"apiGroups": [""], "resources": _STATUS + ["namespaces"], "verbs": _READ},
    ]
    admin = edit + [{"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["rolebindings", "roles"],
                     "verbs": _READ + _WRITE}]
    roles = [
        _role("cluster-admin", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                                {"nonResourceURLs": ["*"], "verbs": ["*"]}]),
        _role("admin", admin),
        _role("edit", edit),
        _role("view", view),
        _role("system:public-info-viewer", [{"nonResourceURLs": ["/healthz", "/livez", "/readyz", "/version",
                                                                 "/version/"], "verbs": ["get"]}]),
        _role("system:discovery", [{"nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
                                                        "/openapi", "/openapi/*", "/readyz", "/version", "/version/"],
                                    "verbs": ["get"]}]),
    ]
    bindings = [
        _binding("cluster-admin", "cluster-admin", [_group("system:masters")]),
        _binding("kubeadm:cluster-admins", "cluster-admin", [_group("kubeadm:cluster-admins")]),
        _binding("system:public-info-viewer", "system:public-info-viewer",
                 [_group("system:authenticated"), _group("system:unauthenticated")]),
        _binding("system:discovery", "system:discovery", [_group("system:authenticated")]),
    ]
    return [("ClusterRole", "clusterroles", r) for r in roles] + [
        ("ClusterRoleBinding", "clusterrolebindings", b) for b in bindings]
