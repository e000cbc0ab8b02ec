"""Services get their ClusterIP and NodePorts from the API server, with its error texts."""

from kubesim.network import ipam

from .helpers import apply, new_cluster, sh

SVC = """apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  {extra}
  selector:
    app: web
  ports:
  - port: 80
    {port_extra}
"""


def service(name: str, extra: str = "type: ClusterIP", port_extra: str = "protocol: TCP") -> str:
    return SVC.format(name=name, extra=extra, port_extra=port_extra)


def test_it_allocates_a_cluster_ip_in_the_service_range():
    c = new_cluster()
    sh(c, "kubectl create service clusterip web --tcp=80:80")
    ip = c.store.get("services", "default", "web")["spec"]["clusterIP"]
    assert ipam.in_cidr(ip, "10.96.0.0/12")
    assert c.store.get("services", "default", "web")["spec"]["clusterIPs"] == [ip]


def test_it_gives_the_same_address_for_the_same_seed_and_a_different_one_for_another_seed():
    ips = []
    for seed in (1, 1, 2):
        c = new_cluster(seed)
        sh(c, "kubectl create service clusterip web --tcp=80:80")
        ips.append(c.store.get("services", "default", "web")["spec"]["clusterIP"])
    assert ips[0] == ips[1] != ips[2]


def test_it_refuses_an_address_that_is_already_allocated():
    c = new_cluster()
    out = apply(c, service("dns2", "clusterIP: 10.96.0.10"))
    assert out == ('The Service "dns2" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to '
                   "allocate IP 10.96.0.10: provided IP is already allocated\n[exit 1]\n")


def test_it_refuses_an_address_outside_the_service_range():
    c = new_cluster()
    out = apply(c, service("far", "clusterIP: 10.0.0.5"))
    assert out == ('The Service "far" is invalid: spec.clusterIPs: Invalid value: ["10.0.0.5"]: failed to '
                   "allocate IP 10.0.0.5: the provided network does not match the current range\n[exit 1]\n")


def test_it_accepts_a_free_requested_address_and_frees_it_on_delete():
    c = new_cluster()
    assert apply(c, service("a", "clusterIP: 10.96.0.50")) == "service/a created\n"
    assert "already allocated" in apply(c, service("b", "clusterIP: 10.96.0.50"))
    sh(c, "kubectl delete service a")
    assert apply(c, service("b", "clusterIP: 10.96.0.50")) == "service/b created\n"


def test_it_allocates_a_node_port_in_range_and_refuses_a_taken_one():
    c = new_cluster()
    apply(c, service("np", "type: NodePort", "nodePort: 30080"))
    assert c.store.get("services", "default", "np")["spec"]["ports"][0]["nodePort"] == 30080
    out = apply(c, service("np2", "type: NodePort", "nodePort: 30080"))
    assert out == ('The Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is '
                   "already allocated\n[exit 1]\n")
    out = apply(c, service("np3", "type: NodePort", "nodePort: 80"))
    assert out == ('The Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not '
                   "in the valid range. The range of valid ports is 30000-32767\n[exit 1]\n")


def test_it_picks_a_free_node_port_when_none_is_given():
    c = new_cluster()
    sh(c, "kubectl create service nodeport web --tcp=80:80")
    port = c.store.get("services", "default", "web")["spec"]["ports"][0]["nodePort"]
    assert 30000 <= port <= 32767


def test_it_keeps_the_allocations_when_an_update_leaves_them_out():
    c = new_cluster()
    apply(c, service("np", "type: NodePort"))
    before = c.store.get("services", "default", "np")["spec"]
    assert sh(c, "kubectl replace -f -", service("np", "type: NodePort")) == "service/np replaced\n"
    after = c.store.get("services", "default", "np")["spec"]
    assert after["clusterIP"] == before["clusterIP"]
    assert after["ports"][0]["nodePort"] == before["ports"][0]["nodePort"]


def test_it_drops_node_ports_when_the_type_goes_back_to_cluster_ip():
    c = new_cluster()
    apply(c, service("np", "type: NodePort"))
    sh(c, "kubectl replace -f -", service("np", "type: ClusterIP"))
    assert "nodePort" not in c.store.get("services", "default", "np")["spec"]["ports"][0]


def test_it_gives_headless_and_external_name_services_no_cluster_ip():
    c = new_cluster()
    apply(c, service("db", "clusterIP: None"))
    assert c.store.get("services", "default", "db")["spec"]["clusterIP"] == "None"
    sh(c, "kubectl create service externalname ext --external-name my.database.example.com")
    assert "clusterIP" not in c.store.get("services", "default", "ext")["spec"]
    table = sh(c, "kubectl get svc db ext")
    assert "db     ClusterIP      None" in table
    assert "my.database.example.com" in table


def test_it_shows_a_load_balancer_pending_then_its_address():
    c = new_cluster()
    sh(c, "kubectl create service loadbalancer lb --tcp=80:80")
    assert "<pending>" in sh(c, "kubectl get svc lb")
    sh(c, "sleep 5")
    assert "172.18.255.200" in sh(c, "kubectl get svc lb")
    sh(c, "kubectl create service loadbalancer lb2 --tcp=80:80")
    sh(c, "sleep 5")
    assert "172.18.255.201" in sh(c, "kubectl get svc lb2")
