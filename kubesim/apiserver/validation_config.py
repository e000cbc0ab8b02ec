"""Validation of ConfigMaps, Secrets, Namespaces, PersistentVolumeClaims, ResourceQuotas,
ServiceAccounts and RBAC objects.

Source (read, not copied): kubernetes/kubernetes pkg/apis/core/validation/validation.go
(ValidateConfigMap, ValidateSecret, ValidatePersistentVolumeClaimSpec, ValidateResourceQuota)
and pkg/apis/rbac/validation/validation.go (ValidatePolicyRule, ValidateRoleBinding).
"""

from kubesim.apiserver import names
from kubesim.apiserver.errors import FieldError
from kubesim.apiserver.fields import (
    as_dict,
    as_list,
    invalid,
    label_name,
    messages,
    path_segment_name,
    required,
    unsupported,
    validate_meta,
)

# --- config, storage, quota, RBAC -----------------------------------------------------------


def validate_configmap(obj: dict) -> list[FieldError]:
    errs = validate_meta(obj)
    binary = as_dict(obj.get("binaryData"))
    for key in as_dict(obj.get("data")):
        errs += messages(f"data[{key}]", key, names.config_key(key))
        if key in binary:
            errs.append(invalid(f"data[{key}]", key, "duplicate of key present in binaryData"))
    for key in binary:
        errs += messages(f"binaryData[{key}]", key, names.config_key(key))
    return errs


_SECRET_KEYS = {
    "kubernetes.io/tls": ("tls.crt", "tls.key"),
    "kubernetes.io/dockerconfigjson": (".dockerconfigjson",),
    "kubernetes.io/dockercfg": (".dockercfg",),
    "kubernetes.io/basic-auth": (),
    "kubernetes.io/ssh-auth": ("ssh-privatekey",),
}


def validate_secret(obj: dict) -> list[FieldError]:
    errs = validate_meta(obj)
    data = as_dict(obj.get("data"))
    for key in data:
        errs += messages(f"data[{key}]", key, names.config_key(key))
    kind = obj.get("type", "Opaque")
    for key in _SECRET_KEYS.get(kind, ()) if isinstance(kind, str) else ():
        if key not in data:
            errs.append(required(f"data[{key}]"))
    if kind == "kubernetes.io/service-account-token":
        annotations = as_dict(as_dict(obj.get("metadata")).get("annotations"))
        if not annotations.get("kubernetes.io/service-account.name"):
            errs.append(required("metadata.annotations[kubernetes.io/service-account.name]"))
    return errs


def validate_namespace(obj: dict) -> list[FieldError]:
    return validate_meta(obj, label_name, namespaced=False)


def validate_pvc(obj: dict) -> list[FieldError]:
    return validate_meta(obj) + validate_pvc_spec(as_dict(obj.get("spec")), "spec")


def validate_pvc_spec(spec: dict, path: str) -> list[FieldError]:
    modes = as_list(spec.get("accessModes"))
    errs = [] if modes else [required(f"{path}.accessModes", "at least 1 access mode is required")]
    supported = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]
    errs += [unsupported(f"{path}.accessModes", m, supported) for m in modes if m not in supported]
    if "storage" not in as_dict(as_dict(spec.get("resources")).get("requests")):
        errs.append(required(f"{path}.resources[storage]"))
    mode = spec.get("volumeMode", "Filesystem")
    if mode not in ("Block", "Filesystem"):
        errs.append(unsupported(f"{path}.volumeMode", mode, ["Block", "Filesystem"]))
    return errs


def validate_quota(obj: dict) -> list[FieldError]:
    errs = validate_meta(obj)
    for key, value in as_dict(as_dict(obj.get("spec")).get("hard")).items():
        errs += messages(f"spec.hard[{key}]", key, names.qualified_name(key))
        if (
            isinstance(value, (int, float))
            and value < 0
            or isinstance(value, str)
            and value.startswith("-")
        ):
            errs.append(
                invalid(f"spec.hard[{key}]", str(value), "must be greater than or equal to 0")
            )
    return errs


def validate_service_account(obj: dict) -> list[FieldError]:
    return validate_meta(obj)


def validate_role(obj: dict) -> list[FieldError]:
    namespaced = obj.get("kind") == "Role"
    errs = validate_meta(obj, path_segment_name, namespaced)
    for i, rule in enumerate(as_list(obj.get("rules"))):
        errs += _validate_policy_rule(as_dict(rule), namespaced, f"rules[{i}]")
    return errs


def _validate_policy_rule(rule: dict, namespaced: bool, path: str) -> list[FieldError]:
    errs = (
        []
        if rule.get("verbs")
        else [required(f"{path}.verbs", "verbs must contain at least one value")]
    )
    urls = rule.get("nonResourceURLs")
    if urls:
        if namespaced:
            errs.append(
                invalid(
                    f"{path}.nonResourceURLs",
                    urls,
                    "namespaced rules cannot apply to non-resource URLs",
                )
            )
        if rule.get("apiGroups") or rule.get("resources") or rule.get("resourceNames"):
            detail = "rules cannot apply to both regular resources and non-resource URLs"
            errs.append(invalid(f"{path}.nonResourceURLs", urls, detail))
        return errs
    if not rule.get("apiGroups"):
        errs.append(
            required(f"{path}.apiGroups", "resource rules must supply at least one api group")
        )
    if not rule.get("resources"):
        errs.append(
            required(f"{path}.resources", "resource rules must supply at least one resource")
        )
    return errs


_RBAC_GROUP = "rbac.authorization.k8s.io"


def validate_binding(obj: dict) -> list[FieldError]:
    namespaced = obj.get("kind") == "RoleBinding"
    errs = validate_meta(obj, path_segment_name, namespaced)
    ref = as_dict(obj.get("roleRef"))
    if ref.get("apiGroup") != _RBAC_GROUP:
        errs.append(unsupported("roleRef.apiGroup", ref.get("apiGroup", ""), [_RBAC_GROUP]))
    kinds = ["Role", "ClusterRole"] if namespaced else ["ClusterRole"]
    if ref.get("kind") not in kinds:
        errs.append(unsupported("roleRef.kind", ref.get("kind", ""), kinds))
    if not ref.get("name"):
        errs.append(required("roleRef.name"))
    else:
        errs += messages("roleRef.name", ref["name"], path_segment_name(ref["name"]))
    for i, subject in enumerate(as_list(obj.get("subjects"))):
        errs += _validate_subject(as_dict(subject), namespaced, f"subjects[{i}]")
    return errs


def _validate_subject(subject: dict, namespaced: bool, path: str) -> list[FieldError]:
    errs = [] if subject.get("name") else [required(f"{path}.name")]
    kind, group = subject.get("kind"), subject.get("apiGroup", "")
    if kind == "ServiceAccount":
        if subject.get("name"):
            errs += messages(
                f"{path}.name", subject["name"], names.dns1123_subdomain(subject["name"])
            )
        if group:
            errs.append(unsupported(f"{path}.apiGroup", group, [""]))
        if not namespaced and not subject.get("namespace"):
            errs.append(required(f"{path}.namespace"))
    elif kind in ("User", "Group"):
        if group != _RBAC_GROUP:
            errs.append(unsupported(f"{path}.apiGroup", group, [_RBAC_GROUP]))
    else:
        errs.append(unsupported(f"{path}.kind", kind or "", ["ServiceAccount", "User", "Group"]))
    return errs
