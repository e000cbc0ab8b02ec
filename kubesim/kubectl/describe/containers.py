"""Containers, probes, environment, mounts and volumes: the parts a Pod shares with every pod
template (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job).

Mirrors describeContainers, DescribeProbe, describeStatus, describeContainerEnvVars,
describeVolumes and DescribePodTemplate in kubernetes/kubectl pkg/describe/describe.go
(v0.37.0-beta.0). Since 1.37 probes print `successThreshold=1 failureThreshold=3` (the older
`#success=1 #failure=3` was replaced by kubectl commit 5c1c16b, "Modify probe message").
"""

from __future__ import annotations

import math
import re

from ...quantity import parse
from .common import (
    annotations_multiline,
    go_list,
    labels_multiline,
    meta,
    print_bool,
    rfc1123z,
    string_or_none,
    tolerations_multiline,
)
from .writer import LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter

_LABEL_PATH = re.compile(r"^metadata\.(labels|annotations)\['(.*)'\]$")


# -- resources and probes -----------------------------------------------------------------------

def describe_resources(resources: dict | None, w: PrefixWriter, level: int) -> None:
    """Limits then Requests, each sorted by resource name."""
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        values = (resources or {}).get(key) or {}
        if values:
            w.write(level, f"{title}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{parse(values[name])}\n")


def _int_or_string(value) -> str:
    return "" if value is None else str(value)


def _join_host_port(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _http_url(action: dict) -> str:
    """The net/url String() of the probe's URL: `http://:80/`."""
    port = _int_or_string(action.get("port"))
    host = action.get("host") or ""
    host = _join_host_port(host, port) if port else host
    path = action.get("path") or ""
    scheme = (action.get("scheme") or "").lower()
    text = f"{scheme}:" if scheme else ""
    if scheme or host:
        text += "//" + host
    if path and not path.startswith("/") and host:
        text += "/"
    return text + path


def describe_probe(probe: dict) -> str:
    """DescribeProbe: `http-get http://:80/ delay=0s timeout=1s period=10s ...`."""
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 0)}s "
             f"period={probe.get('periodSeconds', 0)}s successThreshold={probe.get('successThreshold', 0)} "
             f"failureThreshold={probe.get('failureThreshold', 0)}")
    if probe.get("exec") is not None:
        return f"exec {go_list(probe['exec'].get('command'))} {attrs}"
    if probe.get("httpGet") is not None:
        return f"http-get {_http_url(probe['httpGet'])} {attrs}"
    if probe.get("tcpSocket") is not None:
        tcp = probe["tcpSocket"]
        return f"tcp-socket {tcp.get('host', '')}:{_int_or_string(tcp.get('port'))} {attrs}"
    if probe.get("grpc") is not None:
        grpc = probe["grpc"]
        return f"grpc <pod>:{grpc.get('port', 0)} {grpc.get('service', '')} {attrs}"
    return f"unknown {attrs}"


# -- container blocks ---------------------------------------------------------------------------

def _ports(ports: list, key: str) -> str:
    parts = []
    for port in ports:
        text = f"{port.get(key, 0)}/{port.get('protocol', 'TCP')}"
        if port.get("name"):
            text += f" ({port['name']})"
        parts.append(text)
    return ", ".join(parts)


def _basic_info(container: dict, status: dict | None, space: str, w: PrefixWriter) -> None:
    w.write(LEVEL_1, f"{' ' if space else ''}{container.get('name', '')}:\n")
    if status is not None:
        w.write(LEVEL_2, f"Container ID:\t{status.get('containerID', '')}\n")
    w.write(LEVEL_2, f"Image:\t{container.get('image', '')}\n")
    if status is not None:
        w.write(LEVEL_2, f"Image ID:\t{status.get('imageID', '')}\n")
    ports = container.get("ports") or []
    for title, key in (("Port", "containerPort"), ("Host Port", "hostPort")):
        text = _ports(ports, key)
        if "," in text:
            w.write(LEVEL_2, f"{title}s:\t{text}\n")
        else:
            w.write(LEVEL_2, f"{title}:\t{string_or_none(text)}\n")
    seccomp = (container.get("securityContext") or {}).get("seccompProfile")
    if seccomp is not None:
        w.write(LEVEL_2, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
        if seccomp.get("type") == "Localhost":
            w.write(LEVEL_3, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")


def _command(container: dict, w: PrefixWriter) -> None:
    for title, key in (("Command", "command"), ("Args", "args")):
        values = container.get(key) or []
        if values:
            w.write(LEVEL_2, f"{title}:\n")
        for value in values:
            for part in str(value).split("\n"):
                w.write(LEVEL_3, f"{part}\n")


def describe_state(name: str, state: dict | None, w: PrefixWriter) -> None:
    """describeStatus: Running/Waiting/Terminated with their details."""
    state = state or {}
    if state.get("running") is not None:
        w.write(LEVEL_2, f"{name}:\tRunning\n")
        w.write(LEVEL_3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(LEVEL_2, f"{name}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(LEVEL_3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        done = state["terminated"]
        w.write(LEVEL_2, f"{name}:\tTerminated\n")
        if done.get("reason"):
            w.write(LEVEL_3, f"Reason:\t{done['reason']}\n")
        if done.get("message"):
            w.write(LEVEL_3, f"Message:\t{done['message']}\n")
        w.write(LEVEL_3, f"Exit Code:\t{done.get('exitCode', 0)}\n")
        if (done.get("signal") or 0) > 0:
            w.write(LEVEL_3, f"Signal:\t{done['signal']}\n")
        w.write(LEVEL_3, f"Started:\t{rfc1123z(done.get('startedAt'))}\n")
        w.write(LEVEL_3, f"Finished:\t{rfc1123z(done.get('finishedAt'))}\n")
    else:
        w.write(LEVEL_2, f"{name}:\tWaiting\n")


def _state(status: dict, w: PrefixWriter) -> None:
    describe_state("State", status.get("state"), w)
    last = status.get("lastState") or {}
    if last.get("terminated") is not None:
        describe_state("Last State", last, w)
    w.write(LEVEL_2, f"Ready:\t{print_bool(status.get('ready'))}\n")
    w.write(LEVEL_2, f"Restart Count:\t{status.get('restartCount', 0)}\n")


def _probes(container: dict, w: PrefixWriter) -> None:
    for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                       ("Startup", "startupProbe")):
        if container.get(key) is not None:
            w.write(LEVEL_2, f"{title}:\t{describe_probe(container[key])}\n")


def _env_from(container: dict, w: PrefixWriter) -> None:
    w.write(LEVEL_2, "Environment Variables from:\n")
    for source in container.get("envFrom") or []:
        name, kind, optional = "", "", False
        for key, label in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
            ref = source.get(key)
            if ref is not None:
                name, kind, optional = ref.get("name", ""), label, bool(ref.get("optional"))
                break
        prefix = source.get("prefix")
        kind_text = f"{kind} with prefix '{prefix}'" if prefix else kind
        w.write(LEVEL_3, f"{name}\t{kind_text}\tOptional: {str(optional).lower()}\n")


def field_path_value(pod: dict | None, path: str) -> str:
    """fieldpath.ExtractFieldPathAsString for the fields a downward-API env var may name."""
    if pod is None:
        return ""
    m, spec, status = meta(pod), pod.get("spec") or {}, pod.get("status") or {}
    label = _LABEL_PATH.match(path)
    if label:
        return str((m.get(label.group(1)) or {}).get(label.group(2), ""))
    simple = {
        "metadata.name": m.get("name"), "metadata.namespace": m.get("namespace"),
        "metadata.uid": m.get("uid"), "spec.nodeName": spec.get("nodeName"),
        "spec.serviceAccountName": spec.get("serviceAccountName"),
        "status.hostIP": status.get("hostIP"), "status.podIP": status.get("podIP"),
        "status.podIPs": ",".join(i.get("ip", "") for i in status.get("podIPs") or []),
        "status.hostIPs": ",".join(i.get("ip", "") for i in status.get("hostIPs") or []),
    }
    return str(simple.get(path) or "")


def _resource_field_value(ref: dict, container: dict) -> str:
    """ExtractContainerResourceValue: the amount divided by the divisor, rounded up."""
    resource = ref.get("resource", "")
    kind, _, name = resource.partition(".")
    amount = parse(((container.get("resources") or {}).get(kind) or {}).get(name, "0"))
    divisor = parse(ref.get("divisor") or "1")
    if not divisor.value:
        return ""
    return str(math.ceil(amount.value / divisor.value))


def _env(container: dict, pod: dict | None, w: PrefixWriter) -> None:
    env = container.get("env") or []
    w.write(LEVEL_2, "Environment:" + ("" if env else "\t<none>") + "\n")
    for var in env:
        name, source = var.get("name", ""), var.get("valueFrom")
        if source is None:
            for i, part in enumerate(str(var.get("value", "")).split("\n")):
                w.write(LEVEL_3, f"{name}:\t{part}\n" if i == 0 else f"\t{part}\n")
        elif source.get("fieldRef") is not None:
            ref = source["fieldRef"]
            value = field_path_value(pod, ref.get("fieldPath", ""))
            w.write(LEVEL_3, f"{name}:\t{value} ({ref.get('apiVersion', '')}:{ref.get('fieldPath', '')})\n")
        elif source.get("resourceFieldRef") is not None:
            ref = source["resourceFieldRef"]
            value = _resource_field_value(ref, container)
            if value == "0" and ref.get("resource") in ("limits.cpu", "limits.memory"):
                value = "node allocatable"
            w.write(LEVEL_3, f"{name}:\t{value} ({ref.get('resource', '')})\n")
        elif source.get("secretKeyRef") is not None:
            ref = source["secretKeyRef"]
            w.write(LEVEL_3, f"{name}:\t<set to the key '{ref.get('key', '')}' in secret "
                             f"'{ref.get('name', '')}'>\tOptional: {str(bool(ref.get('optional'))).lower()}\n")
        elif source.get("configMapKeyRef") is not None:
            ref = source["configMapKeyRef"]
            w.write(LEVEL_3, f"{name}:\t<set to the key '{ref.get('key', '')}' of config map "
                             f"'{ref.get('name', '')}'>\tOptional: {str(bool(ref.get('optional'))).lower()}\n")


def _mounts(container: dict, w: PrefixWriter) -> None:
    mounts = container.get("volumeMounts") or []
    none = "" if mounts else "\t<none>"
    w.write(LEVEL_2, f"Mounts:{none}\n")
    for mount in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append('path="' + mount["subPath"].replace("\\", "\\\\").replace('"', '\\"') + '"')
        w.write(LEVEL_3, f"{mount.get('mountPath', '')} from {mount.get('name', '')} ({','.join(flags)})\n")
    devices = container.get("volumeDevices") or []
    if devices:
        w.write(LEVEL_2, f"Devices:{none}\n")
        for device in sorted(devices, key=lambda d: d.get("devicePath", "")):
            w.write(LEVEL_3, f"{device.get('devicePath', '')} from {device.get('name', '')}\n")


def describe_containers(label: str, containers: list | None, statuses: list | None, pod: dict | None,
                        w: PrefixWriter, space: str = "") -> None:
    """describeContainers: `Containers:` (or `Init Containers:`) and one block per container.

    `statuses` is None for pod templates, which have none; `pod` resolves downward-API values.
    """
    containers = containers or []
    by_name = {s.get("name"): s for s in statuses or []}
    w.write(LEVEL_0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    for container in containers:
        status = by_name.get(container.get("name"))
        _basic_info(container, status, space, w)
        _command(container, w)
        if status is not None:
            _state(status, w)
        describe_resources(container.get("resources"), w, LEVEL_2)
        _probes(container, w)
        if container.get("envFrom"):
            _env_from(container, w)
        _env(container, pod, w)
        _mounts(container, w)


# -- volumes -------------------------------------------------------------------------------------

def _optional(source: dict) -> str:
    return str(bool(source.get("optional"))).lower()


def volume_source_lines(volume: dict) -> list[str]:
    """The lines under a volume's name (each already indented four spaces)."""
    if volume.get("hostPath") is not None:
        hp = volume["hostPath"]
        return ["Type:\tHostPath (bare host directory volume)", f"Path:\t{hp.get('path', '')}",
                f"HostPathType:\t{hp.get('type') if hp.get('type') is not None else '<none>'}"]
    if volume.get("emptyDir") is not None:
        ed = volume["emptyDir"]
        limit = parse(ed.get("sizeLimit")) if ed.get("sizeLimit") is not None else None
        size = str(limit) if limit is not None and limit.value > 0 else "<unset>"
        return ["Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)",
                f"Medium:\t{ed.get('medium', '')}", f"SizeLimit:\t{size}"]
    if volume.get("secret") is not None:
        s = volume["secret"]
        return ["Type:\tSecret (a volume populated by a Secret)", f"SecretName:\t{s.get('secretName', '')}",
                f"Optional:\t{_optional(s)}"]
    if volume.get("configMap") is not None:
        c = volume["configMap"]
        return ["Type:\tConfigMap (a volume populated by a ConfigMap)", f"Name:\t{c.get('name', '')}",
                f"Optional:\t{_optional(c)}"]
    if volume.get("persistentVolumeClaim") is not None:
        c = volume["persistentVolumeClaim"]
        return ["Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
                f"ClaimName:\t{c.get('claimName', '')}", f"ReadOnly:\t{str(bool(c.get('readOnly'))).lower()}"]
    if volume.get("downwardAPI") is not None:
        lines = ["Type:\tDownwardAPI (a volume populated by information about the pod)", "Items:"]
        for item in volume["downwardAPI"].get("items") or []:
            if item.get("fieldRef") is not None:
                lines.append(f"  {item['fieldRef'].get('fieldPath', '')} -> {item.get('path', '')}")
            if item.get("resourceFieldRef") is not None:
                lines.append(f"  {item['resourceFieldRef'].get('resource', '')} -> {item.get('path', '')}")
        return lines
    if volume.get("projected") is not None:
        return _projected_lines(volume["projected"])
    if volume.get("nfs") is not None:
        n = volume["nfs"]
        return ["Type:\tNFS (an NFS mount that lasts the lifetime of a pod)", f"Server:\t{n.get('server', '')}",
                f"Path:\t{n.get('path', '')}", f"ReadOnly:\t{str(bool(n.get('readOnly'))).lower()}"]
    if volume.get("image") is not None:
        i = volume["image"]
        return ["Type:\tImage (a container image or OCI artifact)", f"Reference:\t{i.get('reference', '')}",
                f"PullPolicy:\t{i.get('pullPolicy', '')}"]
    return []


def _projected_lines(projected: dict) -> list[str]:
    lines = ["Type:\tProjected (a volume that contains injected data from multiple sources)"]
    for source in projected.get("sources") or []:
        if source.get("secret") is not None:
            lines += [f"SecretName:\t{source['secret'].get('name', '')}",
                      f"Optional:\t{_optional(source['secret'])}"]
        elif source.get("downwardAPI") is not None:
            lines.append("DownwardAPI:\ttrue")
        elif source.get("configMap") is not None:
            lines += [f"ConfigMapName:\t{source['configMap'].get('name', '')}",
                      f"Optional:\t{_optional(source['configMap'])}"]
        elif source.get("serviceAccountToken") is not None:
            lines.append(f"TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds', 0)}")
    return lines


def describe_volumes(volumes: list | None, w: PrefixWriter, space: str = "") -> None:
    if not volumes:
        w.write(LEVEL_0, f"{space}Volumes:\t<none>\n")
        return
    w.write(LEVEL_0, f"{space}Volumes:\n")
    for volume in volumes:
        w.write(LEVEL_1, f"{' ' if space else ''}{volume.get('name', '')}:\n")
        lines = volume_source_lines(volume)
        if not lines:
            w.write(LEVEL_1, "<unknown>\n")
        for line in lines:
            w.write(LEVEL_2, line + "\n")


def describe_topology_spread(constraints: list | None, w: PrefixWriter, space: str = "") -> None:
    from ..selectors import format_label_selector

    if not constraints:
        return
    w.write(LEVEL_0, f"{space}Topology Spread Constraints:\t")
    for i, tsc in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey", ""))):
        if i:
            w.write(LEVEL_0, space + "\t")
        text = (f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')}"
                f" when max skew {tsc.get('maxSkew', 0)} is exceeded")
        if tsc.get("labelSelector") is not None:
            text += f" for selector {format_label_selector(tsc['labelSelector'])}"
        w.write(LEVEL_0, text + "\n")


def describe_pod_template(template: dict | None, w: PrefixWriter) -> None:
    """DescribePodTemplate: the `Pod Template:` section of workload descriptions."""
    w.write(LEVEL_0, "Pod Template:\n")
    if template is None:
        w.write(LEVEL_1, "<unset>")
        return
    m, spec = meta(template), template.get("spec") or {}
    labels_multiline(w, "  Labels", m.get("labels"))
    if m.get("annotations"):
        annotations_multiline(w, "  Annotations", m["annotations"])
    if spec.get("serviceAccountName"):
        w.write(LEVEL_1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        describe_containers("Init Containers", spec["initContainers"], None, None, w, "  ")
    describe_containers("Containers", spec.get("containers"), None, None, w, "  ")
    describe_volumes(spec.get("volumes"), w, "  ")
    describe_topology_spread(spec.get("topologySpreadConstraints"), w, "  ")
    if spec.get("priorityClassName"):
        w.write(LEVEL_1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))
