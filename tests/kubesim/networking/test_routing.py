"""kube-proxy sends each connection to one endpoint, by its mode's rule, and says why."""

import re

from .helpers import apply, client, exec_in, new_cluster, sh, svc_ip, web


def served_by(c, origin, url, times):
    from kubesim.network.http import Request
    from kubesim.network.tools.urls import parse_url

    chosen = []
    for _ in range(times):
        parsed = parse_url(url)
        ex = c.network.request(origin, Request("GET", parsed.scheme, parsed.host, parsed.port, parsed.path,
                                               [("Host", parsed.host)]))
        assert ex.error is None, ex.trace.text()
        chosen.append(next(h.id for h in ex.trace.hops if h.kind == "pod"))
    return chosen


def test_it_reaches_the_service_from_a_pod_through_kube_proxy():
    c = web(new_cluster())
    out, code = exec_in(c, client(c), "wget", "-qO-", "web")
    assert code == 0 and "<title>Welcome to nginx!</title>" in out
    kinds = [h.kind for h in c.network.last_trace.hops]
    assert kinds == ["client", "dns", "service", "kube-proxy", "endpoint", "pod"]


def test_it_spreads_iptables_choices_at_random_but_the_same_way_for_the_same_seed():
    runs = []
    for _ in range(2):
        c = web(new_cluster())
        origin = c.network.pod_origin(client(c))
        runs.append(served_by(c, origin, "http://web/", 30))
    assert runs[0] == runs[1]
    assert len(set(runs[0])) == 3


def test_it_says_which_statistic_rule_matched():
    c = web(new_cluster())
    exec_in(c, client(c), "wget", "-qO-", "web")
    reason = next(h.reason for h in c.network.last_trace.hops if h.kind == "kube-proxy")
    assert reason.startswith("iptables KUBE-SVC rule ")


def test_it_switches_mode_only_when_kube_proxy_restarts_and_ipvs_goes_round_robin():
    c = web(new_cluster())
    cm = c.store.get("configmaps", "kube-system", "kube-proxy")
    conf = cm["data"]["config.conf"].replace("mode: iptables", "mode: ipvs")
    c.api.update({**cm, "data": {"config.conf": conf}})
    pod = client(c)
    assert c.network.proxy.mode(pod["spec"]["nodeName"]) == "iptables"
    for proxy_pod in c.store.with_labels("pods", "kube-system", {"k8s-app": "kube-proxy"}):
        c.network.proxy.queue.enqueue(proxy_pod["spec"]["nodeName"])  # what a restart of the pod triggers
    c.reconcile()
    assert c.network.proxy.mode(pod["spec"]["nodeName"]) == "ipvs"
    chosen = served_by(c, c.network.pod_origin(pod), "http://web/", 6)
    assert chosen[:3] == chosen[3:] and len(set(chosen)) == 3


def _ipvs(c, scheduler: str) -> None:
    """kube-proxy configured for IPVS with `scheduler`, and restarted on every node."""
    cm = c.store.get("configmaps", "kube-system", "kube-proxy")
    conf = cm["data"]["config.conf"].replace("mode: iptables", "mode: ipvs")
    conf = re.sub(r"scheduler: .*", f"scheduler: {scheduler}", conf)
    c.api.update({**cm, "data": {"config.conf": conf}})
    for node in c.store.list("nodes"):
        c.network.proxy.queue.enqueue(node["metadata"]["name"])  # what a restart of its pod triggers
    c.reconcile()


def test_it_sends_each_connection_to_the_least_connected_server_with_lc():
    c = web(new_cluster())
    _ipvs(c, "lc")
    origin = c.network.pod_origin(client(c))
    burst = served_by(c, origin, "http://web/", 6)
    assert burst[:3] == burst[3:] and len(set(burst)) == 3
    c.advance(121)  # the connections leave TIME_WAIT: every server is idle again, the first wins
    assert served_by(c, origin, "http://web/", 1) == burst[:1]


def test_it_hashes_the_client_with_sh_the_service_with_dh_and_uses_the_first_with_sed_and_nq():
    c = web(new_cluster())
    _ipvs(c, "sh")
    a = served_by(c, c.network.pod_origin(client(c, "a")), "http://web/", 4)
    assert len(set(a)) == 1
    _ipvs(c, "dh")  # destination hashing: every client of one virtual IP reaches one server
    a = served_by(c, c.network.pod_origin(client(c, "a")), "http://web/", 2)
    b = served_by(c, c.network.pod_origin(client(c, "b")), "http://web/", 2)
    assert len(set(a + b)) == 1
    for scheduler in ("sed", "nq"):
        _ipvs(c, scheduler)
        chosen = served_by(c, c.network.pod_origin(client(c, "a")), "http://web/", 3)
        assert len(set(chosen)) == 1
        reason = next(h.reason for h in c.network.last_trace.hops if h.kind == "kube-proxy")
        assert f"({scheduler}): no real server has an active connection" in reason


def test_it_keeps_round_robin_for_a_scheduler_kube_proxy_does_not_know():
    c = web(new_cluster())
    _ipvs(c, "fastest")
    assert c.network.proxy.scheduler("kind-worker") == "rr"


def test_it_keeps_a_client_on_one_pod_with_client_ip_affinity():
    c = web(new_cluster())
    svc = c.store.get("services", "default", "web")
    c.api.update({**svc, "spec": {**svc["spec"], "sessionAffinity": "ClientIP"}})
    chosen = served_by(c, c.network.pod_origin(client(c)), "http://web/", 10)
    assert len(set(chosen)) == 1


def test_it_refuses_at_once_when_a_service_has_no_endpoints():
    c = new_cluster()
    sh(c, "kubectl create service clusterip empty --tcp=80:80")
    pod = client(c)
    sh(c, "kubectl run curler --image=curlimages/curl -- sleep 3600")
    c.advance(30)
    curler = c.store.get("pods", "default", "curler")
    out, code = exec_in(c, curler, "curl", "-sS", "http://empty/")
    ip = svc_ip(c, "empty")
    assert (out, code) == (f"curl: (7) Failed to connect to {ip} port 80 after 0 ms: Couldn't connect to server\n",
                           7)
    out, code = exec_in(c, pod, "wget", "-qO-", "empty")
    assert out == f"wget: can't connect to remote host ({ip}): Connection refused\n"


def test_it_does_not_route_cluster_ips_from_the_workstation():
    c = web(new_cluster())
    ip = svc_ip(c, "web")
    before = c.clock.now
    assert sh(c, f"curl {ip}") == (f"curl: (7) Failed to connect to {ip} port 80 after 133000 ms: Couldn't "
                                   "connect to server\n[exit 7]\n")
    assert c.clock.now - before == 133000
    assert sh(c, f"curl -m 5 {ip}") == "curl: (28) Connection timed out after 5001 milliseconds\n[exit 28]\n"


def test_it_reaches_a_node_port_on_every_node():
    c = web(new_cluster())
    sh(c, "kubectl expose deployment web --name=web-np --type=NodePort --port=80")
    port = c.store.get("services", "default", "web-np")["spec"]["ports"][0]["nodePort"]
    for ip in ("172.18.0.2", "172.18.0.3", "172.18.0.4"):
        assert sh(c, f"curl -s -o /dev/null -w '%{{http_code}}' http://{ip}:{port}/") == "200"


def test_it_drops_external_traffic_on_nodes_without_a_local_endpoint_with_local_policy():
    c = web(new_cluster(), replicas=1)
    sh(c, "kubectl expose deployment web --name=web-np --type=NodePort --port=80")
    svc = c.store.get("services", "default", "web-np")
    c.api.update({**svc, "spec": {**svc["spec"], "externalTrafficPolicy": "Local"}})
    port = svc["spec"]["ports"][0]["nodePort"]
    node = c.store.with_labels("pods", "default", {"app": "web"})[0]["spec"]["nodeName"]
    here = c.network.book.node_ip(node)
    other = "172.18.0.3" if here != "172.18.0.3" else "172.18.0.4"
    assert sh(c, f"curl -s -o /dev/null -w '%{{http_code}}' http://{here}:{port}/") == "200"
    assert "Couldn't connect to server" in sh(c, f"curl -sS http://{other}:{port}/")


def test_it_gives_a_load_balancer_address_reachable_from_the_workstation():
    c = web(new_cluster())
    sh(c, "kubectl expose deployment web --name=web-lb --type=LoadBalancer --port=8080 --target-port=80")
    sh(c, "sleep 5")
    assert "Welcome to nginx!" in sh(c, "curl -s http://172.18.255.200:8080/")


def test_it_routes_external_ips_to_the_service():
    c = web(new_cluster())
    apply(c, """apiVersion: v1
kind: Service
metadata: {name: my-service}
spec:
  selector: {app: web}
  ports: [{name: http, protocol: TCP, port: 80, targetPort: 80}]
  externalIPs: [80.11.12.10]
""")
    assert "Welcome to nginx!" in sh(c, "curl -s http://80.11.12.10/")


def test_it_reaches_hand_made_endpoints_outside_the_cluster():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Service
metadata: {name: outside}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: outside}
subsets:
- addresses: [{ip: 93.184.215.14}]
  ports: [{port: 80}]
""")
    sh(c, "kubectl run curler --image=curlimages/curl -- sleep 3600")
    c.advance(30)
    out, code = exec_in(c, c.store.get("pods", "default", "curler"), "curl", "-s", "http://outside/")
    assert code == 0 and "Example Domain" in out


def test_it_reaches_host_port_and_host_network_pods_on_their_node():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Pod
metadata: {name: hp}
spec:
  containers: [{name: web, image: nginx, ports: [{containerPort: 80, hostPort: 8081}]}]
""")
    c.advance(30)
    node_ip = c.store.get("pods", "default", "hp")["status"]["hostIP"]
    assert "Welcome to nginx!" in sh(c, f"curl -s http://{node_ip}:8081/")
    kinds = [h.kind for h in c.network.last_trace.hops]
    assert kinds == ["client", "node", "pod"]
