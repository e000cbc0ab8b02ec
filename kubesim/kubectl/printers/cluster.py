"""`kubectl get` rows for nodes, namespaces, configuration, storage, events, RBAC, quotas,
leases and priority classes (pkg/printers/internalversion/printers.go, 1.37-dev copy).

Kinds the server has no printer for (Role, ClusterRole, LimitRange...) get the API server's
default table, `NAME  CREATED AT` (k8s.io/apiserver registry/rest/table.go); objects kubectl
gets without any table (custom resources without printer columns) get `NAME  AGE`.
"""

from __future__ import annotations

from .duration import Now, age, format_time, parse_time
from .table import Row, columns

NODE_COLUMNS = columns(
    "Name", "Status", "Roles", "Age", "Version",
    wide=("Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"),
)
NAMESPACE_COLUMNS = columns("Name", "Status", "Age")
CONFIGMAP_COLUMNS = columns("Name", "Data", "Age")
SECRET_COLUMNS = columns("Name", "Type", "Data", "Age")
SERVICEACCOUNT_COLUMNS = columns("Name", "Secrets", "Age")
PV_COLUMNS = columns(
    "Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass",
    "VolumeAttributesClass", "Reason", "Age", wide=("VolumeMode",),
)
PVC_COLUMNS = columns(
    "Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass",
    "Age", wide=("VolumeMode",),
)
STORAGECLASS_COLUMNS = columns(
    "Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"
)
# Event columns interleave priorities: SUBOBJECT and SOURCE sit before MESSAGE in -o wide.
EVENT_COLUMNS = [
    *columns("Last Seen", "Type", "Reason", "Object"),
    *columns(wide=("Subobject", "Source")),
    *columns("Message"),
    *columns(wide=("First Seen", "Count", "Name")),
]
BINDING_COLUMNS = columns("Name", "Role", "Age", wide=("Users", "Groups", "ServiceAccounts"))
RESOURCEQUOTA_COLUMNS = columns("Name", "Request", "Limit", "Age")
LEASE_COLUMNS = columns("Name", "Holder", "Age")
PRIORITYCLASS_COLUMNS = columns("Name", "Value", "Global-Default", "Age", wide=("PreemptionPolicy",))
CREATED_AT_COLUMNS = columns("Name", "Created At")
GENERIC_COLUMNS = columns("Name", "Age")

_ROLE_PREFIX = "node-role.kubernetes.io/"
_ACCESS_MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"),
                 ("ReadWriteOncePod", "RWOP"))


def _meta(obj: dict) -> dict:
    return obj.get("metadata") or {}


def _age(obj: dict, now: Now) -> str:
    return age(_meta(obj).get("creationTimestamp"), now)


def node_status(node: dict) -> str:
    """`Ready`, `NotReady`, `Unknown`, plus `,SchedulingDisabled` when cordoned."""
    status = []
    for c in (node.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            status = ["Ready" if c.get("status") == "True" else "NotReady"]
    status = status or ["Unknown"]
    if (node.get("spec") or {}).get("unschedulable"):
        status.append("SchedulingDisabled")
    return ",".join(status)


def node_roles(node: dict) -> str:
    roles = set()
    for key, value in (_meta(node).get("labels") or {}).items():
        if key.startswith(_ROLE_PREFIX) and key[len(_ROLE_PREFIX):]:
            roles.add(key[len(_ROLE_PREFIX):])
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return ",".join(sorted(roles)) or "<none>"


def _node_address(node: dict, kind: str) -> str:
    for a in (node.get("status") or {}).get("addresses") or []:
        if a.get("type") == kind:
            return a.get("address", "")
    return "<none>"


def node_row(obj: dict, now: Now) -> Row:
    info = (obj.get("status") or {}).get("nodeInfo") or {}
    return Row([
        _meta(obj).get("name", ""), node_status(obj), node_roles(obj), _age(obj, now),
        info.get("kubeletVersion", ""), _node_address(obj, "InternalIP"), _node_address(obj, "ExternalIP"),
        info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
        info.get("containerRuntimeVersion") or "<unknown>",
    ], obj)


def namespace_row(obj: dict, now: Now) -> Row:
    return Row([_meta(obj).get("name", ""), (obj.get("status") or {}).get("phase", ""), _age(obj, now)], obj)


def configmap_row(obj: dict, now: Now) -> Row:
    count = len(obj.get("data") or {}) + len(obj.get("binaryData") or {})
    return Row([_meta(obj).get("name", ""), count, _age(obj, now)], obj)


def secret_row(obj: dict, now: Now) -> Row:
    return Row([_meta(obj).get("name", ""), obj.get("type", ""), len(obj.get("data") or {}), _age(obj, now)], obj)


def serviceaccount_row(obj: dict, now: Now) -> Row:
    return Row([_meta(obj).get("name", ""), len(obj.get("secrets") or []), _age(obj, now)], obj)


def access_modes(modes: list | None) -> str:
    """GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, comma-joined."""
    modes = modes or []
    return ",".join(short for long, short in _ACCESS_MODES if long in modes)


def _storage_class(obj: dict) -> str:
    annotations = _meta(obj).get("annotations") or {}
    beta = annotations.get("volume.beta.kubernetes.io/storage-class")
    if beta is not None:
        return beta
    return (obj.get("spec") or {}).get("storageClassName") or ""


def pv_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    claim = spec.get("claimRef")
    phase = "Terminating" if _meta(obj).get("deletionTimestamp") else status.get("phase", "")
    return Row([
        _meta(obj).get("name", ""), (spec.get("capacity") or {}).get("storage", "0"),
        access_modes(spec.get("accessModes")), spec.get("persistentVolumeReclaimPolicy", ""), phase,
        f"{claim.get('namespace', '')}/{claim.get('name', '')}" if claim else "", _storage_class(obj),
        spec.get("volumeAttributesClassName") or "<unset>", status.get("reason", ""), _age(obj, now),
        spec.get("volumeMode") or "<unset>",
    ], obj)


def pvc_row(obj: dict, now: Now) -> Row:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    phase = "Terminating" if _meta(obj).get("deletionTimestamp") else status.get("phase", "")
    capacity = modes = ""
    if spec.get("volumeName"):
        capacity = (status.get("capacity") or {}).get("storage", "0")
        modes = access_modes(status.get("accessModes"))
    return Row([
        _meta(obj).get("name", ""), phase, spec.get("volumeName", ""), capacity, modes, _storage_class(obj),
        spec.get("volumeAttributesClassName") or "<unset>", _age(obj, now), spec.get("volumeMode") or "<unset>",
    ], obj)


def is_default_class(obj: dict) -> bool:
    annotations = _meta(obj).get("annotations") or {}
    return "true" in (annotations.get("storageclass.kubernetes.io/is-default-class"),
                      annotations.get("storageclass.beta.kubernetes.io/is-default-class"))


def storageclass_row(obj: dict, now: Now) -> Row:
    name = _meta(obj).get("name", "") + (" (default)" if is_default_class(obj) else "")
    return Row([
        name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
        obj.get("volumeBindingMode") or "Immediate", bool(obj.get("allowVolumeExpansion")), _age(obj, now),
    ], obj)


def _event_source(obj: dict) -> str:
    source = obj.get("source") or {}
    component = source.get("component") or obj.get("reportingComponent") or ""
    host = source.get("host") or obj.get("reportingInstance") or ""
    return f"{component}, {host}" if host else component


def event_row(obj: dict, now: Now) -> Row:
    first = age(obj["firstTimestamp"], now) if obj.get("firstTimestamp") else age(obj.get("eventTime"), now)
    last = age(obj["lastTimestamp"], now) if obj.get("lastTimestamp") else first
    count = obj.get("count") or 0
    if obj.get("series"):
        last = age(obj["series"].get("lastObservedTime"), now)
        count = obj["series"].get("count", 0)
    elif count == 0:
        count = 1
    involved = obj.get("involvedObject") or {}
    target = (involved.get("kind") or "").lower()
    if involved.get("name"):
        target += "/" + involved["name"]
    return Row([
        last, obj.get("type", ""), obj.get("reason", ""), target, involved.get("fieldPath", ""),
        _event_source(obj), (obj.get("message") or "").strip(), first, count, _meta(obj).get("name", ""),
    ], obj)


def binding_row(obj: dict, now: Now) -> Row:
    """RoleBinding and ClusterRoleBinding: ROLE is `Kind/name`; wide lists the subjects."""
    ref = obj.get("roleRef") or {}
    users, groups, sas = [], [], []
    for s in obj.get("subjects") or []:
        if s.get("kind") == "User":
            users.append(s.get("name", ""))
        elif s.get("kind") == "Group":
            groups.append(s.get("name", ""))
        elif s.get("kind") == "ServiceAccount":
            sas.append(f"{s.get('namespace', '')}:{s.get('name', '')}")
    return Row([
        _meta(obj).get("name", ""), f"{ref.get('kind', '')}/{ref.get('name', '')}", _age(obj, now),
        ", ".join(users), ", ".join(groups), ", ".join(sas),
    ], obj)


def resourcequota_row(obj: dict, now: Now) -> Row:
    status = obj.get("status") or {}
    hard, used = status.get("hard") or {}, status.get("used") or {}
    requests, limits = [], []
    for resource in sorted(hard):
        entry = f"{resource}: {used.get(resource, '0')}/{hard[resource]}"
        (limits if resource.split(".")[0] == "limits" and "." in resource else requests).append(entry)
    return Row([_meta(obj).get("name", ""), ", ".join(requests), ", ".join(limits), _age(obj, now)], obj)


def lease_row(obj: dict, now: Now) -> Row:
    holder = (obj.get("spec") or {}).get("holderIdentity") or ""
    return Row([_meta(obj).get("name", ""), holder, _age(obj, now)], obj)


def priorityclass_row(obj: dict, now: Now) -> Row:
    return Row([
        _meta(obj).get("name", ""), obj.get("value", 0), bool(obj.get("globalDefault")), _age(obj, now),
        obj.get("preemptionPolicy", ""),
    ], obj)


def created_at_row(obj: dict, now: Now) -> Row:
    """The API server's default table: NAME and CREATED AT (RFC 3339, UTC)."""
    created = parse_time(_meta(obj).get("creationTimestamp"))
    return Row([_meta(obj).get("name", ""), format_time(created) if created else "0001-01-01T00:00:00Z"], obj)


def generic_row(obj: dict, now: Now) -> Row:
    return Row([_meta(obj).get("name", ""), _age(obj, now)], obj)
