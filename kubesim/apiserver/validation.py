"""The API server's semantic validation, per kind, as apimachinery field errors.

`validate(obj)` is what a create runs, `validate_update(old, new)` what an update adds on
top (immutable fields). Both return `list[FieldError]` in the order the API server builds
them, so the first cause and the `* cause` list kubectl prints match a real cluster.

Sources (read, not copied): kubernetes/kubernetes pkg/apis/core/validation/validation.go
(ValidateObjectMeta, validatePodSpec, validateContainers, validateInitContainers,
validateProbe, validateHandler, validateContainerPorts, ValidateService, validateServicePort,
ValidatePersistentVolumeClaimSpec, ValidateConfigMap, ValidateSecret), pkg/apis/apps/validation
(ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec/Update,
ValidateDaemonSetSpec, ValidatePodTemplateSpecForReplicaSet), pkg/apis/batch/validation,
pkg/apis/networking/validation (validateHTTPIngressPath, validateIngressBackend),
pkg/apis/rbac/validation, apimachinery pkg/apis/meta/v1/validation (label selectors).

Objects reach validation after defaulting (defaults.py); a field that defaulting fills is
read with its default here, so validation gives the same answer with or without it.
"""

from kubesim import resources
from kubesim.apiserver import validation_apps as apps
from kubesim.apiserver import validation_config as config
from kubesim.apiserver import validation_net as net
from kubesim.apiserver import validation_pod as pod
from kubesim.apiserver.errors import FieldError, Struct
from kubesim.apiserver.fields import (
    as_dict,
    as_list,
    forbidden,
    invalid,
    selector_value,
    validate_meta,
)

_VALIDATORS = {
    "Pod": pod.validate_pod,
    "Deployment": apps.validate_deployment,
    "ReplicaSet": apps.validate_replicaset,
    "StatefulSet": apps.validate_statefulset,
    "DaemonSet": apps.validate_daemonset,
    "Job": apps.validate_job,
    "CronJob": apps.validate_cronjob,
    "Service": net.validate_service,
    "Ingress": net.validate_ingress,
    "ConfigMap": config.validate_configmap,
    "Secret": config.validate_secret,
    "Namespace": config.validate_namespace,
    "PersistentVolumeClaim": config.validate_pvc,
    "ResourceQuota": config.validate_quota,
    "ServiceAccount": config.validate_service_account,
    "Role": config.validate_role,
    "ClusterRole": config.validate_role,
    "RoleBinding": config.validate_binding,
    "ClusterRoleBinding": config.validate_binding,
}


def validate(obj: dict) -> list[FieldError]:
    """Every field error a create of `obj` meets, in the API server's order."""
    check = _VALIDATORS.get(obj.get("kind"))
    if check:
        return check(obj)
    r = resources.for_kind(str(obj.get("apiVersion", "")), str(obj.get("kind", "")))
    return validate_meta(obj, namespaced=r.namespaced if r else True)


# --- updates ---------------------------------------------------------------------------------

_POD_UPDATABLE = (
    "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
    "`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)
_STS_UPDATABLE = (
    "replicas",
    "ordinals",
    "template",
    "updateStrategy",
    "revisionHistoryLimit",
    "persistentVolumeClaimRetentionPolicy",
    "minReadySeconds",
)


def validate_update(old: dict, new: dict) -> list[FieldError]:
    """What an update adds to `validate(new)`: the fields that may not change."""
    kind = new.get("kind")
    old_spec, new_spec = as_dict(old.get("spec")), as_dict(new.get("spec"))
    if kind in ("Deployment", "ReplicaSet", "DaemonSet"):
        return _immutable(
            "spec.selector", old_spec.get("selector"), new_spec.get("selector"), selector_value
        )
    if kind == "StatefulSet":
        return _statefulset_update(old_spec, new_spec)
    if kind == "Pod":
        return _pod_update(old_spec, new_spec)
    if kind == "Service":
        return _service_update(old_spec, new_spec)
    if kind == "Job":
        errs = _immutable(
            "spec.selector", old_spec.get("selector"), new_spec.get("selector"), selector_value
        )
        errs += _immutable(
            "spec.completions", old_spec.get("completions"), new_spec.get("completions")
        )
        return errs + _immutable(
            "spec.template", old_spec.get("template"), new_spec.get("template"), Struct
        )
    if kind in ("RoleBinding", "ClusterRoleBinding") and old.get("roleRef") != new.get("roleRef"):
        return [invalid("roleRef", Struct(as_dict(new.get("roleRef"))), "cannot change roleRef")]
    if kind in ("ConfigMap", "Secret"):
        return _immutable_data(old, new)
    if kind == "PersistentVolumeClaim":
        return _pvc_update(old_spec, new_spec)
    return []


def _immutable(path: str, old, new, render=lambda v: v) -> list[FieldError]:
    if old == new:
        return []
    return [invalid(path, render(new) if new is not None else None, "field is immutable")]


def _statefulset_update(old: dict, new: dict) -> list[FieldError]:
    strip = lambda spec: {k: v for k, v in spec.items() if k not in _STS_UPDATABLE}
    if strip(old) == strip(new):
        return []
    listed = ", ".join(f"'{k}'" for k in _STS_UPDATABLE[:-1]) + f" and '{_STS_UPDATABLE[-1]}'"
    return [
        forbidden(
            "spec", f"updates to statefulset spec for fields other than {listed} are forbidden"
        )
    ]


def _pod_update(old: dict, new: dict) -> list[FieldError]:
    """Only images, activeDeadlineSeconds, added tolerations, terminationGracePeriodSeconds and
    removed scheduling gates may change (kubernetes pkg/apis/core/validation, ValidatePodUpdate
    and validateOnlyDeletedSchedulingGates). The real message goes on with a go-cmp diff of the
    two specs, left out here."""
    deadline = _deadline_update(old.get("activeDeadlineSeconds"), new.get("activeDeadlineSeconds"))
    if deadline:
        return deadline
    old_gates = {as_dict(g).get("name") for g in as_list(old.get("schedulingGates"))}
    added = [
        forbidden(
            f"spec.schedulingGates[{i}].name",
            f"only deletion is allowed, but found new scheduling gate '{as_dict(g).get('name')}'",
        )
        for i, g in enumerate(as_list(new.get("schedulingGates")))
        if as_dict(g).get("name") not in old_gates
    ]
    if added:
        return added

    def munge(spec: dict) -> dict:
        out = {
            k: v
            for k, v in spec.items()
            if k not in ("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds",
                         "schedulingGates")
        }
        for key in ("containers", "initContainers"):
            out[key] = [
                {k: v for k, v in as_dict(c).items() if k != "image"}
                for c in as_list(spec.get(key))
            ]
        return out

    old_tolerations, new_tolerations = (
        as_list(old.get("tolerations")),
        as_list(new.get("tolerations")),
    )
    removed = any(t not in new_tolerations for t in old_tolerations)
    if munge(old) == munge(new) and not removed:
        return []
    return [forbidden("spec", f"pod updates may not change fields other than {_POD_UPDATABLE}")]


def _deadline_update(before, after) -> list[FieldError]:
    """activeDeadlineSeconds may be set where it was not, or lowered; never raised or removed
    (a running pod's deadline only ever comes closer)."""
    path = "spec.activeDeadlineSeconds"
    if after is None and before is not None:
        # A nil pointer: apimachinery prints the value as the quoted string "null".
        return [invalid(path, "null", "must not update from a positive integer to a nil value")]
    numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (before, after))
    if numbers and after > before:
        return [invalid(path, after, "must be less than or equal to previous value")]
    return []


def _service_update(old: dict, new: dict) -> list[FieldError]:
    before, after = old.get("clusterIP"), new.get("clusterIP")
    if (
        not before
        or not after
        or before == after
        or "ExternalName" in (old.get("type"), new.get("type"))
    ):
        return []
    return [invalid("spec.clusterIPs[0]", after, "may not change once set")]


def _immutable_data(old: dict, new: dict) -> list[FieldError]:
    if old.get("immutable") is not True:
        return []
    errs = []
    if new.get("immutable") is not True:
        errs.append(forbidden("immutable", "field is immutable when `immutable` is set"))
    for key in ("data", "binaryData"):
        if old.get(key) != new.get(key):
            errs.append(forbidden(key, "field is immutable when `immutable` is set"))
    return errs


def _pvc_update(old: dict, new: dict) -> list[FieldError]:
    def strip(spec: dict) -> dict:
        out = {
            k: v
            for k, v in spec.items()
            if k not in ("resources", "volumeAttributesClassName", "volumeName")
        }
        return out

    if strip(old) == strip(new):
        return []
    detail = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"
    return [forbidden("spec", detail)]
