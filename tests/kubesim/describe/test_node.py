"""`kubectl describe node`: the kind-worker node with its Lease, pods, requests and limits;
a control-plane node with a taint, a role and no Lease."""

import copy

from kubesim.kubectl.describe import Related, describe
from kubesim.kubectl.describe.node import node_roles, pod_amounts

from .objects import NOW, ts


def _condition(kind, status, reason, message):
    return {"type": kind, "status": status, "reason": reason, "message": message,
            "lastHeartbeatTime": ts(240), "lastTransitionTime": ts(0)}


KIND_WORKER = {
    "apiVersion": "v1", "kind": "Node",
    "metadata": {
        "name": "kind-worker", "uid": "uid-kind-worker", "creationTimestamp": ts(0),
        "annotations": {"kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
                        "node.alpha.kubernetes.io/ttl": "0",
                        "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
        "labels": {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                   "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": "kind-worker",
                   "kubernetes.io/os": "linux"},
    },
    "spec": {"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24"], "providerID": "kind://docker/kind/kind-worker"},
    "status": {
        "addresses": [{"address": "172.18.0.3", "type": "InternalIP"}, {"address": "kind-worker", "type": "Hostname"}],
        "allocatable": {"cpu": "8", "ephemeral-storage": "263112772Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                        "memory": "16Gi", "pods": "110"},
        "capacity": {"cpu": "8", "ephemeral-storage": "263112772Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                     "memory": "16Gi", "pods": "110"},
        "conditions": [
            _condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            _condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            _condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            _condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ],
        "nodeInfo": {"architecture": "amd64", "bootID": "c93759f3-2474-4aea-b2d6-d90e3d3a7b89",
                     "containerRuntimeVersion": "containerd://2.1.4", "kernelVersion": "6.8.0-79-generic",
                     "kubeProxyVersion": "", "kubeletVersion": "v1.37.0",
                     "machineID": "8ea3bf4c1e1b237396814f6b7a7c1ee9", "operatingSystem": "linux",
                     "osImage": "Debian GNU/Linux 12 (bookworm)", "systemUUID": "ede67ba6-756e-4c39-91d5-abb9320270fa"},
    },
}

LEASE = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
         "metadata": {"name": "kind-worker", "namespace": "kube-node-lease"},
         "spec": {"holderIdentity": "kind-worker", "leaseDurationSeconds": 40, "renewTime": "2026-01-01T00:04:50.000000Z"}}


def _pod(namespace, name, node, containers, phase="Running", init=(), created=0):
    return {"kind": "Pod", "metadata": {"name": name, "namespace": namespace, "creationTimestamp": ts(created)},
            "spec": {"nodeName": node, "containers": list(containers), "initContainers": list(init)},
            "status": {"phase": phase}}


def _container(requests=None, limits=None, restart_policy=None):
    c = {"name": "c", "image": "x", "resources": {k: v for k, v in (("requests", requests), ("limits", limits)) if v}}
    if restart_policy:
        c["restartPolicy"] = restart_policy
    return c


PODS = [
    _pod("default", "web-5f8b9c7d6e-d2x4k", "kind-worker",
         [_container({"cpu": "250m", "memory": "64Mi"}, {"cpu": "500m", "memory": "128Mi"})], created=120),
    _pod("default", "done-job-xk2lp", "kind-worker", [_container({"cpu": "1"})], phase="Succeeded"),
    _pod("kube-system", "kube-proxy-hlb8d", "kind-worker", [_container()]),
    _pod("kube-system", "coredns-6647fb65b4-s6ttk", "kind-worker",
         [_container({"cpu": "100m", "memory": "70Mi"}, {"memory": "170Mi"})]),
    _pod("default", "with-sidecar", "kind-worker", [_container({"cpu": "100m"})],
         init=[_container({"cpu": "1"}), _container({"cpu": "50m"}, restart_policy="Always")], created=200),
    _pod("default", "elsewhere", "kind-worker2", [_container({"cpu": "2"})]),
]


def kind_worker():
    events = [{"kind": "Event", "type": "Normal", "reason": "NodeReady",
               "message": "Node kind-worker status is now: NodeReady", "source": {"component": "kubelet"},
               "count": 1, "firstTimestamp": ts(20), "lastTimestamp": ts(20),
               "involvedObject": {"kind": "Node", "name": "kind-worker", "uid": "kind-worker"}},
              {"kind": "Event", "type": "Normal", "reason": "RegisteredNode",
               "message": "Node kind-worker event: Registered Node kind-worker in Controller",
               "source": {"component": "node-controller"}, "count": 1, "firstTimestamp": ts(10),
               "lastTimestamp": ts(10), "involvedObject": {"kind": "Node", "name": "kind-worker",
                                                           "uid": "uid-kind-worker"}}]
    related = Related.from_objects([("leases", LEASE)] + [("pods", p) for p in PODS])
    return KIND_WORKER, events, related


def control_plane():
    node = copy.deepcopy(KIND_WORKER)
    node["metadata"]["name"] = "kind-control-plane"
    node["metadata"]["labels"]["node-role.kubernetes.io/control-plane"] = ""
    node["spec"]["taints"] = [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
    node["spec"]["unschedulable"] = True
    node["status"]["addresses"][0]["address"] = "172.18.0.2"
    return node, [], Related()


def _text(factory):
    obj, events, related = factory()
    return describe(obj, events=events, related=related, now=NOW)


def test_it_finds_roles_in_labels():
    node, _, _ = control_plane()
    node["metadata"]["labels"]["kubernetes.io/role"] = "edge"
    assert node_roles(node) == ["control-plane", "edge"]


def test_it_counts_sidecars_and_the_largest_init_container():
    pod = PODS[4]
    # 100m + 50m sidecar running together, but the plain init container needs 1 CPU first.
    assert str(pod_amounts(pod, "requests")["cpu"]) == "1"
    pod = _pod("d", "p", "n", [_container({"cpu": "600m"})], init=[_container({"cpu": "500m"}),
                                                                  _container({"cpu": "50m"}, restart_policy="Always")])
    assert str(pod_amounts(pod, "requests")["cpu"]) == "650m"


def test_it_describes_kind_worker_with_its_lease_pods_and_allocations():
    assert _text(kind_worker) == """\
Name:               kind-worker
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=kind-worker
                    kubernetes.io/os=linux
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  kind-worker
  AcquireTime:     <unset>
  RenewTime:       Thu, 01 Jan 2026 00:04:50 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.3
  Hostname:    kind-worker
Capacity:
  cpu:                8
  ephemeral-storage:  263112772Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             16Gi
  pods:               110
Allocatable:
  cpu:                8
  ephemeral-storage:  263112772Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             16Gi
  pods:               110
System Info:
  Machine ID:                 8ea3bf4c1e1b237396814f6b7a7c1ee9
  System UUID:                ede67ba6-756e-4c39-91d5-abb9320270fa
  Boot ID:                    c93759f3-2474-4aea-b2d6-d90e3d3a7b89
  Kernel Version:             6.8.0-79-generic
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://2.1.4
  Kubelet Version:            v1.37.0
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
ProviderID:                   kind://docker/kind/kind-worker
Non-terminated Pods:          (4 in total)
  Namespace                   Name                        CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                        ------------  ----------  ---------------  -------------  ---
  default                     web-5f8b9c7d6e-d2x4k        250m (3%)     500m (6%)   64Mi (0%)        128Mi (0%)     3m
  default                     with-sidecar                1 (12%)       0 (0%)      0 (0%)           0 (0%)         100s
  kube-system                 coredns-6647fb65b4-s6ttk    100m (1%)     0 (0%)      70Mi (0%)        170Mi (1%)     5m
  kube-system                 kube-proxy-hlb8d            0 (0%)        0 (0%)      0 (0%)           0 (0%)         5m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests     Limits
  --------           --------     ------
  cpu                1350m (16%)  500m (6%)
  memory             134Mi (0%)   298Mi (1%)
  ephemeral-storage  0 (0%)       0 (0%)
  hugepages-1Gi      0 (0%)       0 (0%)
  hugepages-2Mi      0 (0%)       0 (0%)
Events:
  Type    Reason          Age    From             Message
  ----    ------          ----   ----             -------
  Normal  RegisteredNode  4m50s  node-controller  Node kind-worker event: Registered Node kind-worker in Controller
  Normal  NodeReady       4m40s  kubelet          Node kind-worker status is now: NodeReady
"""


def test_it_describes_a_tainted_cordoned_control_plane_without_a_lease():
    assert _text(control_plane) == """\
Name:               kind-control-plane
Roles:              control-plane
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=kind-worker
                    kubernetes.io/os=linux
                    node-role.kubernetes.io/control-plane=
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Taints:             node-role.kubernetes.io/control-plane:NoSchedule
Unschedulable:      true
Lease:              Failed to get lease: leases.coordination.k8s.io "kind-control-plane" not found
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Thu, 01 Jan 2026 00:04:00 +0000   Thu, 01 Jan 2026 00:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.2
  Hostname:    kind-worker
Capacity:
  cpu:                8
  ephemeral-storage:  263112772Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             16Gi
  pods:               110
Allocatable:
  cpu:                8
  ephemeral-storage:  263112772Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             16Gi
  pods:               110
System Info:
  Machine ID:                 8ea3bf4c1e1b237396814f6b7a7c1ee9
  System UUID:                ede67ba6-756e-4c39-91d5-abb9320270fa
  Boot ID:                    c93759f3-2474-4aea-b2d6-d90e3d3a7b89
  Kernel Version:             6.8.0-79-generic
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://2.1.4
  Kubelet Version:            v1.37.0
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
ProviderID:                   kind://docker/kind/kind-worker
Non-terminated Pods:          (0 in total)
  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----    ------------  ----------  ---------------  -------------  ---
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests  Limits
  --------           --------  ------
  cpu                0 (0%)    0 (0%)
  memory             0 (0%)    0 (0%)
  ephemeral-storage  0 (0%)    0 (0%)
  hugepages-1Gi      0 (0%)    0 (0%)
  hugepages-2Mi      0 (0%)    0 (0%)
Events:              <none>
"""
