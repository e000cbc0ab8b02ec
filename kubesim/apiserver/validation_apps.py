"""Validation of workloads: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob.

Source (read, not copied): kubernetes/kubernetes pkg/apis/apps/validation/validation.go
(ValidateDeploymentSpec, ValidateReplicaSetSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec,
ValidatePodTemplateSpecForReplicaSet) and pkg/apis/batch/validation/validation.go.
"""

from kubesim.apiserver.errors import FieldError, Struct
from kubesim.apiserver.fields import (
    SELECTOR_MISMATCH,
    as_dict,
    as_list,
    forbidden,
    invalid,
    nonnegative,
    required,
    selector_matches,
    selector_usable,
    selector_value,
    unsupported,
    validate_meta,
    validate_selector,
)
from kubesim.apiserver.validation_pod import validate_pod_template

# --- workloads (pkg/apis/apps/validation, pkg/apis/batch/validation) ------------------------


def _template_labels(spec: dict):
    return as_dict(as_dict(spec.get("template")).get("metadata")).get("labels")


def _required_selector(spec: dict, what: str) -> list[FieldError]:
    """selector required, valid and non-empty (Deployment, ReplicaSet, StatefulSet)."""
    selector = spec.get("selector")
    if selector is None:
        return [required("spec.selector")]
    errs = validate_selector(selector, "spec.selector")
    if not as_dict(selector).get("matchLabels") and not as_dict(selector).get("matchExpressions"):
        errs.append(
            invalid(
                "spec.selector", selector_value(selector), f"empty selector is invalid for {what}"
            )
        )
    return errs


def _template_for_selector(
    spec: dict, path: str = "spec.template", claims: frozenset = frozenset()
) -> list[FieldError]:
    """ValidatePodTemplateSpecForReplicaSet: the selector must select the template."""
    selector = spec.get("selector")
    if not selector_usable(selector):
        return [invalid("spec.selector", selector_value(selector), "invalid label selector")]
    errs = []
    empty = (
        isinstance(selector, dict)
        and not selector.get("matchLabels")
        and not selector.get("matchExpressions")
    )
    if not empty and not selector_matches(selector, _template_labels(spec)):
        errs.append(invalid(f"{path}.metadata.labels", _template_labels(spec), SELECTOR_MISMATCH))
    return errs + validate_pod_template(spec.get("template"), path, claims)


def _always_restart(spec: dict, kind: str, deadline_rule) -> list[FieldError]:
    pod = as_dict(as_dict(spec.get("template")).get("spec"))
    errs = []
    restart = pod.get("restartPolicy", "Always")
    if restart != "Always":
        errs.append(unsupported("spec.template.spec.restartPolicy", restart, ["Always"]))
    if pod.get("activeDeadlineSeconds") is not None:
        errs.append(
            deadline_rule(
                pod["activeDeadlineSeconds"], f"activeDeadlineSeconds in {kind} is not Supported"
            )
        )
    return errs


def _forbidden_deadline(path: str):
    return lambda value, msg: forbidden(path, msg)


def validate_deployment(obj: dict) -> list[FieldError]:
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj) + nonnegative("spec.replicas", spec.get("replicas", 1))
    errs += _required_selector(spec, "deployment")
    errs += _template_for_selector(spec)
    errs += _always_restart(
        spec, "ReplicaSet", _forbidden_deadline("spec.template.spec.activeDeadlineSeconds")
    )
    errs += _validate_strategy(as_dict(spec.get("strategy")))
    errs += nonnegative("spec.minReadySeconds", spec.get("minReadySeconds", 0))
    errs += nonnegative("spec.revisionHistoryLimit", spec.get("revisionHistoryLimit", 0))
    deadline = spec.get("progressDeadlineSeconds")
    if isinstance(deadline, int):
        errs += nonnegative("spec.progressDeadlineSeconds", deadline)
        min_ready = spec.get("minReadySeconds", 0)
        if isinstance(min_ready, int) and deadline <= min_ready:
            errs.append(
                invalid(
                    "spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"
                )
            )
    return errs


def _validate_strategy(strategy: dict) -> list[FieldError]:
    kind = strategy.get("type", "RollingUpdate")
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            return [
                forbidden(
                    "spec.strategy.rollingUpdate",
                    "may not be specified when strategy `type` is 'Recreate'",
                )
            ]
        return []
    if kind != "RollingUpdate":
        return [unsupported("spec.strategy", Struct(strategy), ["Recreate", "RollingUpdate"])]
    rolling = as_dict(strategy.get("rollingUpdate"))
    errs = []
    for key in ("maxUnavailable", "maxSurge"):
        errs += _int_or_percent(rolling.get(key, "25%"), f"spec.strategy.rollingUpdate.{key}")
    unavailable, surge = rolling.get("maxUnavailable", "25%"), rolling.get("maxSurge", "25%")
    if _percent_value(unavailable) == 0 and _percent_value(surge) == 0:
        errs.append(
            invalid(
                "spec.strategy.rollingUpdate.maxUnavailable",
                unavailable,
                "may not be 0 when `maxSurge` is 0",
            )
        )
    if _percent_value(unavailable) > 100 and isinstance(unavailable, str):
        errs.append(
            invalid(
                "spec.strategy.rollingUpdate.maxUnavailable",
                unavailable,
                "must not be greater than 100%",
            )
        )
    return errs


def _int_or_percent(value, path: str) -> list[FieldError]:
    if isinstance(value, str):
        if not value.endswith("%") or not value[:-1].isdigit():
            return [invalid(path, value, "must be an integer or percentage (e.g '5%')")]
        return []
    return nonnegative(path, value)


def _percent_value(value) -> int:
    if isinstance(value, str):
        return int(value[:-1]) if value.endswith("%") and value[:-1].isdigit() else -1
    return value if isinstance(value, int) else -1


def validate_replicaset(obj: dict) -> list[FieldError]:
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj) + nonnegative("spec.replicas", spec.get("replicas", 1))
    errs += nonnegative("spec.minReadySeconds", spec.get("minReadySeconds", 0))
    errs += _required_selector(spec, "deployment")  # sic: the ReplicaSet code says "deployment"
    errs += _template_for_selector(spec)
    return errs + _always_restart(
        spec, "ReplicaSet", _forbidden_deadline("spec.template.spec.activeDeadlineSeconds")
    )


def validate_statefulset(obj: dict) -> list[FieldError]:
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj)
    policy = spec.get("podManagementPolicy", "OrderedReady")
    if policy not in ("OrderedReady", "Parallel"):
        errs.append(
            invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'")
        )
    strategy = as_dict(spec.get("updateStrategy"))
    kind = strategy.get("type", "RollingUpdate")
    if kind == "OnDelete" and strategy.get("rollingUpdate") is not None:
        errs.append(
            invalid(
                "spec.updateStrategy.rollingUpdate",
                Struct(strategy["rollingUpdate"]),
                "only allowed for updateStrategy 'RollingUpdate'",
            )
        )
    elif kind not in ("OnDelete", "RollingUpdate"):
        errs.append(
            invalid(
                "spec.updateStrategy", Struct(strategy), "must be 'RollingUpdate' or 'OnDelete'"
            )
        )
    errs += nonnegative("spec.replicas", spec.get("replicas", 1))
    errs += nonnegative("spec.minReadySeconds", spec.get("minReadySeconds", 0))
    errs += _required_selector(spec, "statefulset")
    claims = frozenset(
        name
        for t in as_list(spec.get("volumeClaimTemplates"))
        if isinstance(name := as_dict(as_dict(t).get("metadata")).get("name"), str)
    )
    errs += _template_for_selector(spec, claims=claims)
    return errs + _always_restart(
        spec, "StatefulSet", _forbidden_deadline("spec.template.spec.activeDeadlineSeconds")
    )


def validate_daemonset(obj: dict) -> list[FieldError]:
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj)
    selector = spec.get("selector")
    errs += validate_selector(selector, "spec.selector") if selector is not None else []
    if selector_usable(selector) and not selector_matches(selector, _template_labels(spec)):
        errs.append(
            invalid("spec.template.metadata.labels", _template_labels(spec), SELECTOR_MISMATCH)
        )
    if (
        isinstance(selector, dict)
        and not selector.get("matchLabels")
        and not selector.get("matchExpressions")
    ):
        errs.append(
            invalid(
                "spec.selector", selector_value(selector), "empty selector is invalid for daemonset"
            )
        )
    errs += validate_pod_template(spec.get("template"), "spec.template")
    deadline = lambda value, msg: invalid("spec.template.spec.activeDeadlineSeconds", value, msg)
    errs += _always_restart(spec, "DaemonSet", deadline)
    errs += nonnegative("spec.minReadySeconds", spec.get("minReadySeconds", 0))
    return errs + nonnegative("spec.revisionHistoryLimit", spec.get("revisionHistoryLimit", 0))


def validate_job(obj: dict) -> list[FieldError]:
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj)
    for key in ("parallelism", "completions", "backoffLimit"):
        errs += nonnegative(f"spec.{key}", spec.get(key, 0))
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and deadline <= 0:
        errs.append(
            invalid("spec.activeDeadlineSeconds", deadline, "must be greater than or equal to 1")
        )
    mode = spec.get("completionMode", "NonIndexed")
    if mode not in ("NonIndexed", "Indexed"):
        errs.append(unsupported("spec.completionMode", mode, ["NonIndexed", "Indexed"]))
    if spec.get("manualSelector") is True:
        errs += (
            _required_selector(spec, "job")[:1]
            if spec.get("selector") is None
            else validate_selector(spec["selector"], "spec.selector")
        )
        if spec.get("selector") is not None and not selector_matches(
            spec["selector"], _template_labels(spec)
        ):
            errs.append(
                invalid("spec.template.metadata.labels", _template_labels(spec), SELECTOR_MISMATCH)
            )
    errs += validate_pod_template(spec.get("template"), "spec.template")
    restart = as_dict(as_dict(spec.get("template")).get("spec")).get("restartPolicy", "Always")
    if restart not in ("OnFailure", "Never"):
        errs.append(
            unsupported("spec.template.spec.restartPolicy", restart, ["OnFailure", "Never"])
        )
    return errs


def validate_cronjob(obj: dict) -> list[FieldError]:
    spec = as_dict(obj.get("spec"))
    errs = validate_meta(obj)
    if not spec.get("schedule"):
        errs.append(required("spec.schedule"))
    template = as_dict(spec.get("jobTemplate"))
    job_spec = as_dict(template.get("spec"))
    errs += validate_pod_template(job_spec.get("template"), "spec.jobTemplate.spec.template")
    restart = as_dict(as_dict(job_spec.get("template")).get("spec")).get("restartPolicy", "Always")
    if restart not in ("OnFailure", "Never"):
        errs.append(
            unsupported(
                "spec.jobTemplate.spec.template.spec.restartPolicy", restart, ["OnFailure", "Never"]
            )
        )
    return errs
