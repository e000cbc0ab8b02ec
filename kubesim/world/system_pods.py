"""The system workloads of a kind cluster: control-plane static pods, CoreDNS, kube-proxy,
kindnet and the ingress-nginx controller, each with its Service and owner."""

from ..naming import template_hash
from . import objects as o

INGRESS_LABELS = {"app.kubernetes.io/component": "controller", "app.kubernetes.io/instance": "ingress-nginx",
                  "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/part-of": "ingress-nginx",
                  "app.kubernetes.io/version": "1.15.0"}
INGRESS_SELECTOR = {k: INGRESS_LABELS[k] for k in ("app.kubernetes.io/component", "app.kubernetes.io/instance",
                                                   "app.kubernetes.io/name")}
CRITICAL_TOLERATIONS = [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]

STATIC_PODS = (
    ("etcd", "registry.k8s.io/etcd:3.6.5-0", "etcd"),
    ("kube-apiserver", "registry.k8s.io/kube-apiserver:v1.37.0", "kube-apiserver"),
    ("kube-controller-manager", "registry.k8s.io/kube-controller-manager:v1.37.0", "kube-controller-manager"),
    ("kube-scheduler", "registry.k8s.io/kube-scheduler:v1.37.0", "kube-scheduler"),
)


class _Addresses:
    """Pod addresses handed out per node, in order, as kindnet's host-local IPAM does."""

    def __init__(self, nodes: list[dict]) -> None:
        self.next = {n["metadata"]["name"]: 2 for n in nodes}

    def take(self, node: dict) -> str:
        name = node["metadata"]["name"]
        octet = self.next[name]
        self.next[name] = octet + 1
        return node["spec"]["podCIDR"].rsplit(".", 1)[0] + f".{octet}"


def _pod_spec(containers: list[dict], **extra) -> dict:
    spec = {"containers": containers, "dnsPolicy": "ClusterFirst", "enableServiceLinks": True,
            "preemptionPolicy": "PreemptLowerPriority", "priority": 0, "restartPolicy": "Always",
            "schedulerName": "default-scheduler", "securityContext": {}, "terminationGracePeriodSeconds": 30}
    spec.update(extra)
    return spec


def _container(name: str, image: str, **extra) -> dict:
    c = {"image": image, "imagePullPolicy": "IfNotPresent", "name": name, "resources": {},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
    c.update(extra)
    return c


def create(store, nodes: list[dict]) -> dict:
    addresses = _Addresses(nodes)
    control_plane = nodes[0]
    for name, image, component in STATIC_PODS:
        _static_pod(store, name, image, component, control_plane)
    _coredns(store, control_plane, addresses)
    _daemonset(store, "kube-system", "kube-proxy", {"k8s-app": "kube-proxy"},
               [_container("kube-proxy", "registry.k8s.io/kube-proxy:v1.37.0",
                           command=["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                    "--hostname-override=$(NODE_NAME)"])],
               nodes, addresses, host_network=True, priority="system-node-critical")
    _daemonset(store, "kube-system", "kindnet", {"app": "kindnet", "k8s-app": "kindnet", "tier": "node"},
               [_container("kindnet-cni", "docker.io/kindest/kindnetd:v20250512-df8de77b")],
               nodes, addresses, host_network=True, priority=None)
    _daemonset(store, "ingress-nginx", "ingress-nginx-controller", INGRESS_LABELS,
               [_container("controller", "registry.k8s.io/ingress-nginx/controller:v1.15.0",
                           ports=[{"containerPort": 80, "hostPort": 80, "name": "http", "protocol": "TCP"},
                                  {"containerPort": 443, "hostPort": 443, "name": "https", "protocol": "TCP"},
                                  {"containerPort": 8443, "name": "webhook", "protocol": "TCP"}])],
               nodes, addresses, host_network=False, priority=None, selector=INGRESS_SELECTOR)
    _services(store)
    return {"podAddresses": addresses.next}


def _static_pod(store, name: str, image: str, component: str, node: dict) -> None:
    node_name = node["metadata"]["name"]
    spec = _pod_spec([_container(name, image, command=[name])], hostNetwork=True,
                     priority=2000001000, priorityClassName="system-node-critical",
                     tolerations=[{"effect": "NoExecute", "operator": "Exists"}])
    owner = {"apiVersion": "v1", "kind": "Node", "metadata": node["metadata"]}
    labels = {"component": component, "tier": "control-plane"}
    annotations = {"kubernetes.io/config.source": "file"}
    pod = o.running_pod(f"{name}-{node_name}", "kube-system", spec, node, o.node_ip(0), labels, owner,
                        store.streams, annotations)
    pod["metadata"]["ownerReferences"][0]["blockOwnerDeletion"] = False
    store.create("pods", pod)


def _coredns(store, node: dict, addresses: _Addresses) -> None:
    labels = {"k8s-app": "kube-dns"}
    container = _container("coredns", "registry.k8s.io/coredns/coredns:v1.12.3", args=["-conf", "/etc/coredns/Corefile"],
                           ports=[{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                  {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                  {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                           resources={"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}})
    spec = _pod_spec([container], dnsPolicy="Default", priorityClassName="system-cluster-critical",
                     priority=2000000000, serviceAccountName="coredns", serviceAccount="coredns",
                     tolerations=CRITICAL_TOLERATIONS, nodeSelector={"kubernetes.io/os": "linux"})
    template = {"metadata": {"labels": labels}, "spec": spec}
    store.create("serviceaccounts", o.service_account("coredns", "kube-system"))
    deploy = store.create("deployments", {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": o.meta("coredns", "kube-system", labels, {"deployment.kubernetes.io/revision": "1"}),
        "spec": {"progressDeadlineSeconds": 600, "replicas": 2, "revisionHistoryLimit": 10,
                 "selector": {"matchLabels": labels},
                 "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}, "type": "RollingUpdate"},
                 "template": template},
    })
    pth = template_hash(template)
    rs_labels = {**labels, "pod-template-hash": pth}
    rs = store.create("replicasets", {
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": o.meta(f"coredns-{pth}", "kube-system", rs_labels,
                           {"deployment.kubernetes.io/desired-replicas": "2",
                            "deployment.kubernetes.io/max-replicas": "3",
                            "deployment.kubernetes.io/revision": "1"}, deploy),
        "spec": {"replicas": 2, "selector": {"matchLabels": rs_labels},
                 "template": {"metadata": {"labels": rs_labels}, "spec": spec}},
    })
    for _ in range(2):
        name = f"coredns-{pth}-{store.streams.suffix('pod-name', rs['metadata']['name'])}"
        store.create("pods", o.running_pod(name, "kube-system", spec, node, addresses.take(node), rs_labels, rs,
                                           store.streams))
    _set_status(store, "deployments", deploy, _deployment_status(2))
    _set_status(store, "replicasets", rs, {"availableReplicas": 2, "fullyLabeledReplicas": 2, "observedGeneration": 1,
                                           "readyReplicas": 2, "replicas": 2})


def _daemonset(store, namespace: str, name: str, labels: dict, containers: list[dict], nodes: list[dict],
               addresses: _Addresses, host_network: bool, priority: str | None, selector: dict | None = None) -> None:
    selector = selector or {k: v for k, v in labels.items() if k in ("k8s-app", "app")}
    store.create("serviceaccounts", o.service_account(name if name != "ingress-nginx-controller" else "ingress-nginx",
                                                      namespace))
    extra = {"hostNetwork": True} if host_network else {}
    if priority:
        extra.update(priorityClassName=priority, priority=2000001000)
    spec = _pod_spec(containers, tolerations=[{"operator": "Exists"}], nodeSelector={"kubernetes.io/os": "linux"},
                     **extra)
    template = {"metadata": {"labels": labels}, "spec": spec}
    ds = store.create("daemonsets", {
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": o.meta(name, namespace, labels, {"deprecated.daemonset.template.generation": "1"}),
        "spec": {"revisionHistoryLimit": 10, "selector": {"matchLabels": selector}, "template": template,
                 "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"}},
    })
    revision = template_hash(template)
    for node in nodes:
        ip = node["status"]["addresses"][0]["address"] if host_network else addresses.take(node)
        pod_labels = {**labels, "controller-revision-hash": revision, "pod-template-generation": "1"}
        pod_spec = {**spec, "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In",
                                                    "values": [node["metadata"]["name"]]}]}]}}}}
        pod_name = f"{name}-{store.streams.suffix('pod-name', f'{namespace}/{name}')}"
        store.create("pods", o.running_pod(pod_name, namespace, pod_spec, node, ip, pod_labels, ds, store.streams,
                                           qos="BestEffort"))
    n = len(nodes)
    _set_status(store, "daemonsets", ds, {"currentNumberScheduled": n, "desiredNumberScheduled": n,
                                          "numberAvailable": n, "numberMisscheduled": 0, "numberReady": n,
                                          "observedGeneration": 1, "updatedNumberScheduled": n})


def _services(store) -> None:
    def svc(name, namespace, labels, selector, ports, cluster_ip, **extra):
        spec = {"clusterIP": cluster_ip, "clusterIPs": [cluster_ip], "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "ports": ports, "sessionAffinity": "None",
                "type": "ClusterIP"}
        if selector:
            spec["selector"] = selector
        spec.update(extra)
        store.create("services", {"apiVersion": "v1", "kind": "Service", "metadata": o.meta(name, namespace, labels),
                                  "spec": spec, "status": {"loadBalancer": {}}})

    svc("kubernetes", "default", {"component": "apiserver", "provider": "kubernetes"}, None,
        [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}], "10.96.0.1")
    svc("kube-dns", "kube-system", {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                    "kubernetes.io/name": "CoreDNS"}, {"k8s-app": "kube-dns"},
        [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
         {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
         {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}], "10.96.0.10")
    svc("ingress-nginx-controller", "ingress-nginx", INGRESS_LABELS, INGRESS_SELECTOR,
        [{"appProtocol": "http", "name": "http", "nodePort": 31080, "port": 80, "protocol": "TCP",
          "targetPort": "http"},
         {"appProtocol": "https", "name": "https", "nodePort": 31443, "port": 443, "protocol": "TCP",
          "targetPort": "https"}], "10.96.120.15", type="NodePort", externalTrafficPolicy="Cluster")
    svc("ingress-nginx-controller-admission", "ingress-nginx", INGRESS_LABELS, INGRESS_SELECTOR,
        [{"appProtocol": "https", "name": "https-webhook", "port": 443, "protocol": "TCP", "targetPort": "webhook"}],
        "10.96.88.231")


def _deployment_status(replicas: int) -> dict:
    t = o.T0
    return {
        "availableReplicas": replicas,
        "conditions": [
            {"lastTransitionTime": t, "lastUpdateTime": t, "message": "Deployment has minimum availability.",
             "reason": "MinimumReplicasAvailable", "status": "True", "type": "Available"},
            {"lastTransitionTime": t, "lastUpdateTime": t,
             "message": 'ReplicaSet "coredns-' + '" has successfully progressed.', "reason": "NewReplicaSetAvailable",
             "status": "True", "type": "Progressing"},
        ],
        "observedGeneration": 1, "readyReplicas": replicas, "replicas": replicas, "updatedReplicas": replicas,
    }


def _set_status(store, plural: str, obj: dict, status: dict) -> None:
    live = store.get(plural, obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
    if plural == "deployments":
        rs_name = "coredns-" + template_hash(live["spec"]["template"])
        status["conditions"][1]["message"] = f'ReplicaSet "{rs_name}" has successfully progressed.'
    store.update(plural, {**live, "status": status})
