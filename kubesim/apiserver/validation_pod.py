"""Validation of pod specs (also inside workload templates): containers, init containers
and native sidecars, ports, probes and hooks, volumes.

Source (read, not copied): kubernetes/kubernetes pkg/apis/core/validation/validation.go
(validatePodSpec, validateContainers, validateInitContainers, validateContainerCommon,
validateContainerPorts, validateProbe, validateHandler, validateRestartPolicy).
"""

from kubesim.apiserver import names
from kubesim.apiserver.errors import NOT_FOUND, FieldError
from kubesim.apiserver.fields import (
    as_dict,
    as_list,
    as_str,
    child,
    duplicate,
    forbidden,
    invalid,
    messages,
    nonnegative,
    required,
    unsupported,
    validate_annotations,
    validate_labels,
    validate_meta,
)

_INIT_FORBIDDEN = "may not be set for init containers without restartPolicy=Always"


# --- pods -------------------------------------------------------------------------------------


def validate_pod_spec(spec, path: str, claim_volumes: frozenset = frozenset()) -> list[FieldError]:
    """`claim_volumes`: a StatefulSet's volumeClaimTemplates, which containers may mount."""
    spec = as_dict(spec)
    errs = []
    volumes = (
        _validate_volumes(as_list(spec.get("volumes")), child(path, "volumes"), errs)
        | claim_volumes
    )
    containers, inits = as_list(spec.get("containers")), as_list(spec.get("initContainers"))
    errs += _validate_containers(containers, volumes, child(path, "containers"))
    errs += _validate_init_containers(inits, containers, volumes, child(path, "initContainers"))
    restart = spec.get("restartPolicy", "Always")
    if restart not in ("Always", "OnFailure", "Never"):
        errs.append(
            unsupported(child(path, "restartPolicy"), restart, ["Always", "OnFailure", "Never"])
        )
    dns = spec.get("dnsPolicy", "ClusterFirst")
    if dns not in ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"):
        supported = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
        errs.append(unsupported(child(path, "dnsPolicy"), dns, supported))
    errs += validate_labels(spec.get("nodeSelector"), child(path, "nodeSelector"))
    account = spec.get("serviceAccountName")
    if account:
        errs += messages(
            child(path, "serviceAccountName"), account, names.dns1123_subdomain(account)
        )
    deadline = spec.get("activeDeadlineSeconds")
    if isinstance(deadline, int) and not 1 <= deadline <= 2**31 - 1:
        errs.append(
            invalid(
                child(path, "activeDeadlineSeconds"),
                deadline,
                "must be between 1 and 2147483647, inclusive",
            )
        )
    for key in ("hostname", "subdomain"):
        if spec.get(key):
            errs += messages(child(path, key), spec[key], names.dns1123_label(spec[key]))
    return errs


def _validate_volumes(volumes: list, path: str, errs: list) -> set:
    seen: set = set()
    for i, volume in enumerate(volumes):
        name = as_str(as_dict(volume).get("name"))
        where = f"{path}[{i}].name"
        if not name:
            errs.append(required(where))
        elif names.dns1123_label(name):
            errs.extend(messages(where, name, names.dns1123_label(name)))
        elif name in seen:
            errs.append(duplicate(where, name))
        if isinstance(name, str):
            seen.add(name)
    return seen


def _validate_container_common(c: dict, volumes: set, path: str) -> list[FieldError]:
    errs = []
    name = c.get("name", "")
    if not name:
        errs.append(required(f"{path}.name"))
    else:
        errs += messages(f"{path}.name", name, names.dns1123_label(str(name)))
    if not c.get("image"):
        errs.append(required(f"{path}.image"))
    policy = c.get("terminationMessagePolicy", "File")
    if policy not in ("File", "FallbackToLogsOnError"):
        errs.append(
            unsupported(
                f"{path}.terminationMessagePolicy", policy, ["File", "FallbackToLogsOnError"]
            )
        )
    errs += _validate_container_ports(as_list(c.get("ports")), f"{path}.ports")
    for i, env in enumerate(as_list(c.get("env"))):
        if not as_dict(env).get("name"):
            errs.append(required(f"{path}.env[{i}].name"))
    for i, mount in enumerate(as_list(c.get("volumeMounts"))):
        mount = as_dict(mount)
        where = f"{path}.volumeMounts[{i}]"
        if not mount.get("name"):
            errs.append(required(f"{where}.name"))
        elif isinstance(mount["name"], str) and mount["name"] not in volumes:
            errs.append(FieldError(NOT_FOUND, f"{where}.name", mount["name"]))
        if not mount.get("mountPath"):
            errs.append(required(f"{where}.mountPath"))
    pull = c.get("imagePullPolicy")
    if pull is not None and pull not in ("Always", "IfNotPresent", "Never"):
        errs.append(
            unsupported(f"{path}.imagePullPolicy", pull, ["Always", "IfNotPresent", "Never"])
        )
    return errs


def _validate_container_ports(ports: list, path: str) -> list[FieldError]:
    errs, seen = [], set()
    for i, port in enumerate(ports):
        port, where = as_dict(port), f"{path}[{i}]"
        name = as_str(port.get("name"))
        if name:
            msgs = names.port_name(name)
            if msgs:
                errs += messages(f"{where}.name", name, msgs)
            elif name in seen:
                errs.append(duplicate(f"{where}.name", name))
            seen.add(name)
        number = port.get("containerPort", 0)
        if not number:
            errs.append(required(f"{where}.containerPort"))
        else:
            errs += messages(f"{where}.containerPort", number, names.port_number(number))
        if port.get("hostPort"):
            errs += messages(
                f"{where}.hostPort", port["hostPort"], names.port_number(port["hostPort"])
            )
        protocol = port.get("protocol", "TCP")
        if protocol not in ("SCTP", "TCP", "UDP"):
            errs.append(unsupported(f"{where}.protocol", protocol, ["SCTP", "TCP", "UDP"]))
    return errs


def _validate_containers(containers: list, volumes: set, path: str) -> list[FieldError]:
    if not containers:
        return [required(path)]
    errs, seen = [], set()
    for i, c in enumerate(containers):
        c, where = as_dict(c), f"{path}[{i}]"
        errs += _validate_container_common(c, volumes, where)
        name = c.get("name") if isinstance(c.get("name"), str) else None
        if name in seen:
            errs.append(duplicate(f"{where}.name", name))
        seen.add(name)
        errs += _validate_probes_and_hooks(c, where)
        if "restartPolicy" in c:
            errs.append(
                forbidden(f"{where}.restartPolicy", "may not be set for non-init containers")
            )
    return errs


def _validate_init_containers(
    inits: list, containers: list, volumes: set, path: str
) -> list[FieldError]:
    errs = []
    seen = {as_str(as_dict(c).get("name")) for c in containers}
    for i, c in enumerate(inits):
        c, where = as_dict(c), f"{path}[{i}]"
        errs += _validate_container_common(c, volumes, where)
        sidecar = False
        if "restartPolicy" in c:
            if c["restartPolicy"] != "Always":
                errs.append(unsupported(f"{where}.restartPolicy", c["restartPolicy"], ["Always"]))
            sidecar = c["restartPolicy"] == "Always"
        name = c.get("name") if isinstance(c.get("name"), str) else None
        if name in seen:
            errs.append(duplicate(f"{where}.name", name))
        elif name:
            seen.add(name)
        if sidecar:
            errs += _validate_probes_and_hooks(c, where)
        else:
            for key in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
                if c.get(key) is not None:
                    errs.append(forbidden(f"{where}.{key}", _INIT_FORBIDDEN))
    return errs


def _validate_probes_and_hooks(c: dict, path: str) -> list[FieldError]:
    errs = []
    lifecycle = as_dict(c.get("lifecycle"))
    for hook in ("postStart", "preStop"):
        if lifecycle.get(hook) is not None:
            errs += _validate_handler(as_dict(lifecycle[hook]), f"{path}.lifecycle.{hook}")
    for key in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = c.get(key)
        if probe is None:
            continue
        probe, where = as_dict(probe), f"{path}.{key}"
        errs += _validate_handler(probe, where)
        for field in (
            "initialDelaySeconds",
            "timeoutSeconds",
            "periodSeconds",
            "successThreshold",
            "failureThreshold",
        ):
            errs += nonnegative(f"{where}.{field}", probe.get(field, 0))
        grace = probe.get("terminationGracePeriodSeconds")
        if isinstance(grace, int) and grace <= 0:
            errs.append(
                invalid(f"{where}.terminationGracePeriodSeconds", grace, "must be greater than 0")
            )
        threshold = probe.get("successThreshold", 1)
        if key != "readinessProbe" and threshold != 1:
            errs.append(invalid(f"{where}.successThreshold", threshold, "must be 1"))
    return errs


def _validate_handler(handler: dict, path: str) -> list[FieldError]:
    """Exactly one handler: exec, httpGet, tcpSocket, grpc (validateHandler's order), or
    sleep for lifecycle hooks."""
    errs, count = [], 0
    for kind in ("exec", "httpGet", "tcpSocket", "grpc", "sleep"):
        if handler.get(kind) is None:
            continue
        if count:
            errs.append(forbidden(f"{path}.{kind}", "may not specify more than 1 handler type"))
            continue
        count += 1
        errs += _validate_action(kind, as_dict(handler[kind]), f"{path}.{kind}")
    if not count:
        errs.append(required(path, "must specify a handler type"))
    return errs


def _validate_action(kind: str, action: dict, path: str) -> list[FieldError]:
    if kind == "exec":
        return [] if action.get("command") else [required(f"{path}.command")]
    if kind in ("httpGet", "tcpSocket"):
        errs = port_num_or_name(action.get("port", 0), f"{path}.port")
        scheme = action.get("scheme", "HTTP")
        if kind == "httpGet" and scheme not in ("HTTP", "HTTPS"):
            errs.append(unsupported(f"{path}.scheme", scheme, ["HTTP", "HTTPS"]))
        return errs
    if kind == "grpc":
        return messages(
            f"{path}.port", action.get("port", 0), names.port_number(action.get("port", 0))
        )
    return []


def port_num_or_name(port, path: str) -> list[FieldError]:
    if isinstance(port, str):
        return messages(path, port, names.port_name(port))
    return messages(path, port, names.port_number(port))


def validate_pod_template(
    template, path: str, claim_volumes: frozenset = frozenset()
) -> list[FieldError]:
    template = as_dict(template)
    meta = as_dict(template.get("metadata"))
    # ObjectMeta is inline in Go's PodTemplateSpec, hence `spec.template.labels`.
    errs = validate_labels(meta.get("labels"), f"{path}.labels")
    errs += validate_annotations(meta.get("annotations"), f"{path}.annotations")
    return errs + validate_pod_spec(template.get("spec"), f"{path}.spec", claim_volumes)


def validate_pod(obj: dict) -> list[FieldError]:
    return validate_meta(obj) + validate_pod_spec(obj.get("spec"), "spec")
