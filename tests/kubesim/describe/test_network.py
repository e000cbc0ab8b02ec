"""`kubectl describe` for Services (ClusterIP with EndpointSlices, NodePort, LoadBalancer),
Endpoints, Ingresses and IngressClasses."""

from kubesim.kubectl.describe import Related, describe
from kubesim.kubectl.describe.network import format_endpoint_slices

from .objects import NOW, ts


def endpoint_slice(service: str, ips: list[str], ports: list[tuple[str, int, str]], ready=True,
                   namespace: str = "kube-system", suffix: str = "abcde") -> dict:
    return {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
        "metadata": {"name": f"{service}-{suffix}", "namespace": namespace,
                     "labels": {"kubernetes.io/service-name": service}},
        "endpoints": [{"addresses": [ip], "conditions": {"ready": ready, "serving": ready, "terminating": False}}
                      for ip in ips],
        "ports": [{"name": name, "port": port, "protocol": proto} for name, port, proto in ports],
    }


KUBE_DNS = {
    "apiVersion": "v1", "kind": "Service",
    "metadata": {"name": "kube-dns", "namespace": "kube-system", "uid": "uid-kube-dns", "creationTimestamp": ts(0),
                 "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                            "kubernetes.io/name": "CoreDNS"},
                 "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}},
    "spec": {"clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"], "internalTrafficPolicy": "Cluster",
             "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "sessionAffinity": "None", "type": "ClusterIP",
             "selector": {"k8s-app": "kube-dns"},
             "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                       {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                       {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]},
    "status": {"loadBalancer": {}},
}


def kube_dns():
    slices = endpoint_slice("kube-dns", ["10.244.0.2", "10.244.0.3"],
                            [("dns-tcp", 53, "TCP"), ("dns", 53, "UDP"), ("metrics", 9153, "TCP")])
    return KUBE_DNS, [], Related.from_objects([("endpointslices", slices)])


WEB = {
    "apiVersion": "v1", "kind": "Service",
    "metadata": {"name": "web", "namespace": "default", "uid": "uid-web", "creationTimestamp": ts(0),
                 "labels": {"app": "web"}},
    "spec": {"type": "NodePort", "clusterIP": "10.96.45.12", "clusterIPs": ["10.96.45.12"],
             "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "selector": {"app": "web"},
             "ports": [{"port": 80, "protocol": "TCP", "targetPort": "http", "nodePort": 30080}],
             "sessionAffinity": "None", "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster"},
    "status": {"loadBalancer": {}},
}


def node_port():
    slices = endpoint_slice("web", ["10.244.1.2", "10.244.2.3", "10.244.1.4", "10.244.2.5", "10.244.1.6"],
                            [("", 8080, "TCP")], namespace="default")
    not_ready = endpoint_slice("web", ["10.244.2.9"], [("", 8080, "TCP")], ready=False, namespace="default",
                               suffix="fghij")
    events = [{"kind": "Event", "type": "Normal", "reason": "Type", "message": "ClusterIP -> NodePort",
               "source": {"component": "service-controller"}, "count": 1,
               "firstTimestamp": ts(60), "lastTimestamp": ts(60),
               "involvedObject": {"kind": "Service", "name": "web", "namespace": "default"}}]
    return WEB, events, Related.from_objects([("endpointslices", slices), ("endpointslices", not_ready)])


def load_balancer():
    svc = {
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "shop", "namespace": "default", "uid": "uid-shop", "creationTimestamp": ts(0)},
        "spec": {"type": "LoadBalancer", "clusterIP": "10.96.7.7", "clusterIPs": ["10.96.7.7"],
                 "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "selector": {"app": "shop"},
                 "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080, "nodePort": 31234}],
                 "sessionAffinity": "None", "externalTrafficPolicy": "Local", "healthCheckNodePort": 32000,
                 "internalTrafficPolicy": "Cluster", "allocateLoadBalancerNodePorts": True},
        "status": {"loadBalancer": {"ingress": [{"ip": "172.18.255.200", "ipMode": "VIP"}]}},
    }
    return svc, [], Related()


def endpoints():
    ep = {
        "apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "subsets": [{"addresses": [{"ip": "10.244.1.2"}, {"ip": "10.244.2.3"}],
                     "notReadyAddresses": [{"ip": "10.244.2.9"}],
                     "ports": [{"port": 8080, "protocol": "TCP"}]}],
    }
    return ep, [], Related()


def ingress():
    ing = {
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "demo", "namespace": "default", "uid": "uid-demo", "creationTimestamp": ts(0),
                     "annotations": {"nginx.ingress.kubernetes.io/rewrite-target": "/"}},
        "spec": {"ingressClassName": "nginx",
                 "tls": [{"hosts": ["demo.example.com"], "secretName": "demo-tls"}],
                 "rules": [{"host": "demo.example.com", "http": {"paths": [
                     {"path": "/", "pathType": "Prefix",
                      "backend": {"service": {"name": "web", "port": {"number": 80}}}},
                     {"path": "/api", "pathType": "Prefix",
                      "backend": {"service": {"name": "api", "port": {"name": "http"}}}}]}}]},
        "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.4"}, {"ip": "172.18.0.3"}]}},
    }
    events = [{"kind": "Event", "type": "Normal", "reason": "Sync", "message": "Scheduled for sync",
               "source": {"component": "nginx-ingress-controller"}, "count": 2,
               "firstTimestamp": ts(10), "lastTimestamp": ts(70),
               "involvedObject": {"kind": "Ingress", "name": "demo", "namespace": "default"}}]
    slices = endpoint_slice("web", ["10.244.1.2", "10.244.2.3"], [("", 8080, "TCP")], namespace="default")
    return ing, events, Related.from_objects([("services", WEB), ("endpointslices", slices)])


def ingress_without_rules():
    ing = {
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "catch-all", "namespace": "default"},
        "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}},
        "status": {"loadBalancer": {}},
    }
    return ing, [], Related.from_objects([("services", WEB)])


def ingress_class():
    ic = {
        "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
        "metadata": {"name": "nginx", "labels": {"app.kubernetes.io/name": "ingress-nginx"},
                     "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
        "spec": {"controller": "k8s.io/ingress-nginx"},
    }
    return ic, [], Related()


def _text(factory):
    obj, events, related = factory()
    return describe(obj, events=events, related=related, now=NOW)


def test_it_lists_at_most_three_ready_endpoints():
    slices = endpoint_slice("web", [f"10.0.0.{i}" for i in range(1, 6)], [("", 80, "TCP")])
    assert format_endpoint_slices([slices], {""}) == "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more..."
    assert format_endpoint_slices([], {""}) == "<none>"


def test_it_prints_an_empty_endpoints_line_when_no_endpoint_is_ready():
    slices = endpoint_slice("web", ["10.0.0.1"], [("", 80, "TCP")], ready=False)
    assert format_endpoint_slices([slices], {""}) == ""


def test_it_describes_kube_dns_with_its_endpoints():
    assert _text(kube_dns) == """\
Name:                     kube-dns
Namespace:                kube-system
Labels:                   k8s-app=kube-dns
                          kubernetes.io/cluster-service=true
                          kubernetes.io/name=CoreDNS
Annotations:              prometheus.io/port: 9153
                          prometheus.io/scrape: true
Selector:                 k8s-app=kube-dns
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.0.10
IPs:                      10.96.0.10
Port:                     dns  53/UDP
TargetPort:               53/UDP
Endpoints:                10.244.0.2:53,10.244.0.3:53
Port:                     dns-tcp  53/TCP
TargetPort:               53/TCP
Endpoints:                10.244.0.2:53,10.244.0.3:53
Port:                     metrics  9153/TCP
TargetPort:               9153/TCP
Endpoints:                10.244.0.2:9153,10.244.0.3:9153
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
"""


def test_it_describes_a_node_port_service_with_many_endpoints_and_events():
    assert _text(node_port) == """\
Name:                     web
Namespace:                default
Labels:                   app=web
Annotations:              <none>
Selector:                 app=web
Type:                     NodePort
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.45.12
IPs:                      10.96.45.12
Port:                     <unset>  80/TCP
TargetPort:               http/TCP
NodePort:                 <unset>  30080/TCP
Endpoints:                10.244.1.2:8080,10.244.2.3:8080,10.244.1.4:8080 + 2 more...
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:
  Type    Reason  Age   From                Message
  ----    ------  ----  ----                -------
  Normal  Type    4m    service-controller  ClusterIP -> NodePort
"""


def test_it_describes_a_load_balancer_service():
    assert _text(load_balancer) == """\
Name:                     shop
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=shop
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.7.7
IPs:                      10.96.7.7
LoadBalancer Ingress:     172.18.255.200 (VIP)
Port:                     http  80/TCP
TargetPort:               8080/TCP
NodePort:                 http  31234/TCP
Endpoints:                <none>
Session Affinity:         None
External Traffic Policy:  Local
Internal Traffic Policy:  Cluster
HealthCheck NodePort:     32000
Events:                   <none>
"""


def test_it_describes_endpoints():
    assert _text(endpoints) == """\
Name:         web
Namespace:    default
Labels:       app=web
Annotations:  <none>
Subsets:
  Addresses:          10.244.1.2,10.244.2.3
  NotReadyAddresses:  10.244.2.9
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  8080  TCP

Events:  <none>
"""


def test_it_describes_an_ingress_with_tls_rules_and_a_missing_service():
    assert _text(ingress) == """\
Name:             demo
Labels:           <none>
Namespace:        default
Address:          172.18.0.3,172.18.0.4
Ingress Class:    nginx
Default backend:  <default>
TLS:
  demo-tls terminates demo.example.com
Rules:
  Host              Path  Backends
  ----              ----  --------
  demo.example.com  
                    /      web:80 (10.244.1.2:8080,10.244.2.3:8080)
                    /api   api:http (<error: services "api" not found>)
Annotations:        nginx.ingress.kubernetes.io/rewrite-target: /
Events:
  Type    Reason  Age                    From                      Message
  ----    ------  ----                   ----                      -------
  Normal  Sync    3m50s (x2 over 4m50s)  nginx-ingress-controller  Scheduled for sync
"""


def test_it_describes_an_ingress_with_only_a_default_backend():
    assert _text(ingress_without_rules) == """\
Name:             catch-all
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    <none>
Default backend:  web:80 (<none>)
Rules:
  Host        Path  Backends
  ----        ----  --------
  *           *     web:80 (<none>)
Annotations:  <none>
Events:       <none>
"""


def test_it_describes_an_ingress_class():
    assert _text(ingress_class) == """\
Name:         nginx
Labels:       app.kubernetes.io/name=ingress-nginx
Annotations:  ingressclass.kubernetes.io/is-default-class: true
Controller:   k8s.io/ingress-nginx
Events:       <none>
"""
