"""Assemble the default world into a store at time zero (see DESIGN.md, "The default world")."""

from . import objects as o
from . import rbac_defaults, system_pods

NAMESPACES = ("default", "ingress-nginx", "kube-node-lease", "kube-public", "kube-system")


def build_world(store, nodes: int = 2) -> dict:
    """Create every object of a fresh kind cluster with `nodes` workers.

    Returns the network state the world used (next free pod address per node), which the
    cluster keeps so that later pods continue from there.
    """
    streams = store.streams
    for name in NAMESPACES:
        store.create("namespaces", o.namespace(name))
    node_objs = [store.create("nodes", o.node(i, streams)) for i in range(nodes + 1)]
    for n in node_objs:
        store.create("leases", o.lease(n["metadata"]["name"]))
    for name in NAMESPACES:
        store.create("serviceaccounts", o.service_account("default", name))
        store.create("configmaps", o.config_map("kube-root-ca.crt", name, {"ca.crt": CA_PEM}))
    for kind, plural, obj in rbac_defaults.objects():
        store.create(plural, obj)
    for plural, obj in cluster_config():
        store.create(plural, obj)
    return system_pods.create(store, node_objs)


def cluster_config() -> list[tuple[str, dict]]:
    """StorageClass, IngressClass, PriorityClasses and the ConfigMaps learners look at."""
    return [
        ("storageclasses", {
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": o.meta("standard", annotations={"storageclass.kubernetes.io/is-default-class": "true"}),
            "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
            "volumeBindingMode": "WaitForFirstConsumer",
        }),
        ("ingressclasses", {
            "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
            "metadata": o.meta("nginx", labels=system_pods.INGRESS_LABELS,
                               annotations={"ingressclass.kubernetes.io/is-default-class": "true"}),
            "spec": {"controller": "k8s.io/ingress-nginx"},
        }),
        ("priorityclasses", _priority_class("system-cluster-critical", 2000000000,
                                            "Used for system critical pods that must run in the cluster, but can be "
                                            "moved to another node if necessary.")),
        ("priorityclasses", _priority_class("system-node-critical", 2000001000,
                                            "Used for system critical pods that must not be moved from their current "
                                            "node.")),
        ("configmaps", o.config_map("kube-proxy", "kube-system", {"config.conf": KUBE_PROXY_CONFIG},
                                    {"app": "kube-proxy"})),
        ("configmaps", o.config_map("coredns", "kube-system", {"Corefile": COREFILE})),
        ("configmaps", o.config_map("cluster-info", "kube-public", {"kubeconfig": CLUSTER_INFO})),
        ("configmaps", o.config_map("ingress-nginx-controller", "ingress-nginx",
                                    {"allow-snippet-annotations": "false"}, system_pods.INGRESS_LABELS)),
    ]


def _priority_class(name: str, value: int, description: str) -> dict:
    return {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": o.meta(name),
            "description": description, "preemptionPolicy": "PreemptLowerPriority", "value": value}


CA_PEM = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDBTCCAe2gAwIBAgIIKubelabCA0wDQYJKoZIhvcNAQELBQAwFTETMBEGA1UEAxMK\n"
    "a3ViZXJuZXRlczAeFw0yNjAxMDEwMDAwMDBaFw0zNjAxMDEwMDAwMDBaMBUxEzAR\n"
    "BgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIB\n"
    "-----END CERTIFICATE-----\n"
)

KUBE_PROXY_CONFIG = """apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: 10.244.0.0/16
conntrack:
  maxPerCore: 0
iptables:
  masqueradeAll: false
  minSyncPeriod: 1s
  syncPeriod: 30s
ipvs:
  scheduler: ""
  syncPeriod: 30s
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
mode: iptables
nftables:
  minSyncPeriod: 1s
  syncPeriod: 30s
"""

COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""

CLUSTER_INFO = """apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    server: https://kind-control-plane:6443
  name: ""
contexts: null
current-context: ""
kind: Config
preferences: {}
users: null
"""
