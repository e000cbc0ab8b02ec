"""Simulated service networking: Services and their allocations, Endpoints and
EndpointSlices, CoreDNS, kube-proxy (iptables, ipvs, nftables), ingress-nginx, the API server
seen over HTTPS, `kubectl proxy` / `port-forward`, and the workstation's network tools.

`install(cluster)` wires it all into a cluster (one line in `Cluster._wire`): the Service
allocator into the API server, the controllers, `cluster.network` (routing, DNS, traces),
`cluster.forwards`, the commands `curl`, `wget`, `nslookup`, `dig`, `openssl`, and the
`cluster rules` / `cluster forwards` verbs. Nothing here opens a real socket.
"""


def install(cluster):
    from ..apiserver import service_alloc
    from . import cloud, endpoints, fabric, forwarders, ingress
    from .tools import register

    service_alloc.install(cluster.api)
    cluster.network = fabric.Network(cluster)
    cluster.endpoint_controllers = endpoints.install(cluster)
    cluster.forwards = forwarders.install(cluster)
    ingress.install(cluster)
    cloud.install(cluster)
    register(cluster)
    return cluster.network
