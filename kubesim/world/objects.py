"""Builders for the objects of the default world, as a kind cluster shows them."""

from .. import clock as clk

K8S_VERSION = "v1.37.0"
CONTAINERD = "containerd://2.1.4"
KERNEL = "6.8.0-79-generic"
OS_IMAGE = "Debian GNU/Linux 12 (bookworm)"
NODE_MEMORY_KI = 16 * 1024 * 1024
T0 = clk.timestamp(0)


def node_name(index: int) -> str:
    """kind-control-plane, kind-worker, kind-worker2, ..."""
    if index == 0:
        return "kind-control-plane"
    return "kind-worker" if index == 1 else f"kind-worker{index}"


def node_ip(index: int) -> str:
    return f"172.18.0.{index + 2}"


def node(index: int, streams) -> dict:
    name = node_name(index)
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    spec = {"podCIDR": f"10.244.{index}.0/24", "podCIDRs": [f"10.244.{index}.0/24"],
            "providerID": f"kind://docker/kind/{name}"}
    if index == 0:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        spec["taints"] = [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
    resources = {"cpu": "8", "ephemeral-storage": "263112772Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                 "memory": "16Gi", "pods": "110"}
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "annotations": {
                "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
            "labels": labels,
            "name": name,
        },
        "spec": spec,
        "status": {
            "addresses": [{"address": node_ip(index), "type": "InternalIP"}, {"address": name, "type": "Hostname"}],
            "allocatable": dict(resources),
            "capacity": dict(resources),
            "conditions": node_conditions(0),
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": streams.uid(f"boot/{name}"),
                "containerRuntimeVersion": CONTAINERD,
                "kernelVersion": KERNEL,
                "kubeProxyVersion": "",
                "kubeletVersion": K8S_VERSION,
                "machineID": streams.hexdigits("machine-id", name, 32),
                "operatingSystem": "linux",
                "osImage": OS_IMAGE,
                "systemUUID": streams.uid(f"system/{name}"),
            },
        },
    }


def node_conditions(now_ms: int) -> list[dict]:
    t = clk.timestamp(now_ms)
    rows = [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ]
    return [{"lastHeartbeatTime": t, "lastTransitionTime": t, "message": m, "reason": r, "status": s, "type": ty}
            for ty, s, r, m in rows]


def namespace(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"labels": {"kubernetes.io/metadata.name": name}, "name": name},
            "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}


def meta(name: str, namespace: str = "", labels: dict | None = None, annotations: dict | None = None,
         owner: dict | None = None) -> dict:
    out: dict = {"name": name}
    if namespace:
        out["namespace"] = namespace
    if annotations:
        out["annotations"] = annotations
    if labels:
        out["labels"] = labels
    if owner:
        out["ownerReferences"] = [{"apiVersion": owner["apiVersion"], "blockOwnerDeletion": True, "controller": True,
                                   "kind": owner["kind"], "name": owner["metadata"]["name"],
                                   "uid": owner["metadata"]["uid"]}]
    return out


def service_account(name: str, namespace: str) -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, namespace)}


def config_map(name: str, namespace: str, data: dict, labels: dict | None = None) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(name, namespace, labels), "data": data}


def lease(node: str) -> dict:
    return {
        "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": meta(node, "kube-node-lease"),
        "spec": {"holderIdentity": node, "leaseDurationSeconds": 40, "renewTime": clk.timestamp(0).replace("Z", ".000000Z")},
    }


def running_pod(name: str, namespace: str, spec: dict, node: dict, pod_ip: str, labels: dict,
                owner: dict | None, streams, annotations: dict | None = None, qos: str = "Burstable") -> dict:
    """A pod that has been running since time zero, with the status a kubelet reports."""
    host_ip = node["status"]["addresses"][0]["address"]
    spec = {**spec, "nodeName": node["metadata"]["name"]}
    statuses = []
    for c in spec["containers"]:
        statuses.append({
            "containerID": "containerd://" + streams.hexdigits("container-id", f"{namespace}/{name}/{c['name']}", 64),
            "image": _qualified_image(c["image"]),
            "imageID": _qualified_image(c["image"]).split(":")[0] + "@sha256:"
            + streams.hexdigits("image-digest", c["image"], 64),
            "lastState": {},
            "name": c["name"],
            "ready": True,
            "restartCount": 0,
            "started": True,
            "state": {"running": {"startedAt": T0}},
        })
    conditions = [{"lastProbeTime": None, "lastTransitionTime": T0, "status": "True", "type": t}
                  for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta(name, namespace, labels, annotations, owner),
        "spec": spec,
        "status": {
            "conditions": conditions,
            "containerStatuses": statuses,
            "hostIP": host_ip,
            "hostIPs": [{"ip": host_ip}],
            "phase": "Running",
            "podIP": pod_ip,
            "podIPs": [{"ip": pod_ip}],
            "qosClass": qos,
            "startTime": T0,
        },
    }


def _qualified_image(image: str) -> str:
    """How containerd reports an image: with its registry, and `:latest` when untagged."""
    first = image.split("/")[0]
    if "/" not in image:
        image = "docker.io/library/" + image
    elif "." not in first and ":" not in first and first != "localhost":
        image = "docker.io/" + image
    last = image.rsplit("/", 1)[-1]
    if ":" not in last and "@" not in last:
        image += ":latest"
    return image
