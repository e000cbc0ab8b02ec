"""CoreDNS answers from the cluster's Services and pods; the workstation sees only the internet."""

from .helpers import apply, client, exec_in, new_cluster, sh, svc_ip, web

HEADLESS = """apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80}]
"""


def test_it_answers_a_service_name_with_its_cluster_ip_in_busybox_format():
    c = web(new_cluster())
    out, code = exec_in(c, client(c), "nslookup", "web")
    assert code == 0
    assert out == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                   f"Name:\tweb.default.svc.cluster.local\nAddress: {svc_ip(c, 'web')}\n\n")


def test_it_answers_a_headless_service_with_every_ready_pod():
    c = web(new_cluster())
    apply(c, HEADLESS)
    out, _ = exec_in(c, client(c), "nslookup", "web-headless")
    ips = sorted((p["status"]["podIP"] for p in c.store.with_labels("pods", "default", {"app": "web"})),
                 key=lambda ip: [int(x) for x in ip.split(".")])
    assert out.count("Name:\tweb-headless.default.svc.cluster.local\n") == 3
    assert [line.split()[-1] for line in out.splitlines() if line.startswith("Address: ")] == ips


def test_it_says_nxdomain_for_a_name_nobody_has():
    c = new_cluster()
    out, code = exec_in(c, client(c), "nslookup", "nosuch")
    assert code == 1
    assert out.endswith("** server can't find nosuch: NXDOMAIN\n\n")


def test_it_uses_the_search_path_across_namespaces():
    c = new_cluster()
    out, code = exec_in(c, client(c), "nslookup", "kube-dns.kube-system")
    assert code == 0
    assert "Name:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.96.0.10\n" in out


def test_it_answers_an_external_name_with_a_cname():
    c = new_cluster()
    sh(c, "kubectl create service externalname my-service --external-name my.database.example.com")
    out, _ = exec_in(c, client(c), "nslookup", "my-service")
    assert "my-service.default.svc.cluster.local\tcanonical name = my.database.example.com\n" in out
    assert "Name:\tmy.database.example.com\nAddress: 203.0.113.10\n" in out


def test_a_cname_query_gets_the_cname_record_alone():
    c = new_cluster()
    sh(c, "kubectl create service externalname my-service --external-name my.database.example.com")
    sh(c, "kubectl create service clusterip plain --tcp=80")
    out, code = exec_in(c, client(c), "nslookup", "-type=cname", "my-service")
    assert code == 0
    assert out.endswith("\n\nmy-service.default.svc.cluster.local\tcanonical name = my.database.example.com\n\n")
    assert "Address: 203.0.113.10" not in out  # a CNAME query follows no alias
    # A Service that is no alias has no CNAME record: busybox prints no answer at all.
    out, code = exec_in(c, client(c), "nslookup", "-type=cname", "plain")
    assert (out, code) == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n\n", 0)


def test_it_answers_pod_hostnames_under_their_subdomain():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Service
metadata: {name: default-subdomain}
spec:
  clusterIP: None
  selector: {name: busybox}
  ports: [{name: foo, port: 1234}]
---
apiVersion: v1
kind: Pod
metadata: {name: busybox1, labels: {name: busybox}}
spec:
  hostname: busybox-1
  subdomain: default-subdomain
  containers: [{name: busybox, image: busybox, command: [sleep, "3600"], ports: [{containerPort: 1234}]}]
""")
    c.advance(30)
    ip = c.store.get("pods", "default", "busybox1")["status"]["podIP"]
    out, code = exec_in(c, client(c), "nslookup", "busybox-1.default-subdomain")
    assert code == 0
    assert f"Name:\tbusybox-1.default-subdomain.default.svc.cluster.local\nAddress: {ip}\n" in out


def test_it_answers_pod_a_records_from_the_dashed_address():
    c = new_cluster()
    pod = client(c)
    dashed = pod["status"]["podIP"].replace(".", "-")
    out, code = exec_in(c, pod, "nslookup", f"{dashed}.default.pod.cluster.local")
    assert code == 0
    assert f"Address: {pod['status']['podIP']}\n" in out


def test_it_answers_hand_made_endpoints_of_a_selector_less_headless_service():
    c = new_cluster()
    apply(c, """apiVersion: v1
kind: Service
metadata: {name: ext-db}
spec:
  clusterIP: None
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: ext-db}
subsets:
- addresses: [{ip: 192.0.2.10}, {ip: 192.0.2.11}]
  ports: [{port: 5432}]
""")
    out, _ = exec_in(c, client(c), "nslookup", "ext-db")
    assert "Address: 192.0.2.10\n" in out and "Address: 192.0.2.11\n" in out


def test_it_resolves_only_internet_names_on_the_workstation():
    c = new_cluster()
    assert sh(c, "nslookup example.com") == ("Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n"
                                            "Non-authoritative answer:\nName:\texample.com\n"
                                            "Address: 93.184.215.14\n\n")
    assert sh(c, "nslookup kubernetes.default.svc.cluster.local").endswith(
        "** server can't find kubernetes.default.svc.cluster.local: NXDOMAIN\n\n[exit 1]\n")


def test_it_prints_bind_format_in_images_without_busybox():
    c = new_cluster()
    sh(c, "kubectl run dns --image=python -- sleep 3600")
    c.advance(30)
    pod = c.store.get("pods", "default", "dns")
    assert c.network.origin_of is not None
    origin = c.network.pod_origin(pod, flavour="bind")
    answer = c.network.resolve(origin, "kubernetes")
    assert answer.addresses == ["10.96.0.1"] and answer.name == "kubernetes.default.svc.cluster.local"


def test_it_prints_short_dig_answers():
    c = new_cluster()
    assert sh(c, "dig +short example.com") == "93.184.215.14\n"


def test_it_computes_the_service_environment_a_container_gets():
    from kubesim.network.service_env import service_env

    c = web(new_cluster())
    pod = client(c)
    env = service_env(c.store, pod, c.clock.now)
    ip = svc_ip(c, "web")
    assert env["WEB_SERVICE_HOST"] == ip and env["WEB_SERVICE_PORT"] == "80"
    assert env["WEB_PORT_80_TCP"] == f"tcp://{ip}:80"
    assert env["KUBERNETES_SERVICE_HOST"] == "10.96.0.1" and env["KUBERNETES_SERVICE_PORT_HTTPS"] == "443"
    sh(c, "kubectl create service clusterip later --tcp=80:80")
    assert "LATER_SERVICE_HOST" not in service_env(c.store, pod, c.clock.now - 1)


def test_it_times_out_when_nothing_answers_at_the_cluster_dns_address():
    c = new_cluster()
    pod = client(c)
    # (Scaling CoreDNS to zero does the same once the kubelet stops the world's pods.)
    sh(c, "kubectl -n kube-system delete service kube-dns")
    out, code = exec_in(c, pod, "nslookup", "kubernetes")
    assert code == 1
    assert out.endswith(";; connection timed out; no servers could be reached\n\n")
