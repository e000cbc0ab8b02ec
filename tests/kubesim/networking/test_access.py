"""The five ways in: the API server with client certificates, kubectl proxy, the apiserver
proxy URLs, NodePort/LoadBalancer, and port-forward to a pod."""

import json

from .helpers import client, new_cluster, sh, web

API = "https://172.18.0.2:6443"
PROXY_PATH = "/api/v1/namespaces/default/services/web/proxy/"


def test_it_refuses_the_anonymous_request_with_the_status_of_fact_137():
    c = web(new_cluster())
    out = sh(c, f"curl -sk {API}/api/v1/namespaces/default/services/my-nginx/proxy/")
    assert json.loads(out) == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": 'services "my-nginx" is forbidden: User "system:anonymous" cannot get resource "services/proxy" '
                   'in API group "" in the namespace "default"',
        "reason": "Forbidden", "details": {"name": "my-nginx", "kind": "services"}, "code": 403}
    assert sh(c, f"curl -sk -o /dev/null -w '%{{http_code}}' {API}/") == "403"


def test_it_wants_the_cluster_ca_or_k_to_talk_to_the_api_server():
    c = new_cluster()
    assert sh(c, f"curl -s -S {API}/version").startswith(
        "curl: (60) SSL certificate problem: unable to get local issuer certificate\n")
    sh(c, "grep 'certificate-authority-data' ~/.kube/config | awk '{print $2}' | base64 -d > ca.crt")
    assert '"gitVersion": "v1.37.0"' in sh(c, f"curl -s --cacert ca.crt {API}/version")


def test_it_accepts_the_kubeconfig_client_certificate_as_in_the_notes():
    c = web(new_cluster())
    sh(c, "grep 'client-certificate-data' ~/.kube/config | head -n 1 | awk '{print $2}' | base64 -d >> kubecfg.crt")
    sh(c, "grep 'client-key-data' ~/.kube/config | head -n 1 | awk '{print $2}' | base64 -d >> kubecfg.key")
    out = sh(c, 'openssl pkcs12 -export -clcerts -inkey kubecfg.key -in kubecfg.crt -out kubecfg.p12 '
                '-name "kubernetes-client"')
    assert out == "Enter Export Password:\nVerifying - Enter Export Password:\n"
    assert "kubecfg.p12" in sh(c, "ls")
    page = sh(c, f"curl -sk --cert kubecfg.crt --key kubecfg.key {API}{PROXY_PATH}")
    assert "<title>Welcome to nginx!</title>" in page
    assert "Subject: O = kubeadm:cluster-admins, CN = kubernetes-admin" in sh(c, "openssl x509 -in kubecfg.crt "
                                                                               "-text -noout")


def test_it_answers_503_through_the_proxy_when_a_service_has_no_endpoints():
    c = new_cluster()
    sh(c, "kubectl create service clusterip empty --tcp=80:80")
    sh(c, "kubectl proxy")
    out = json.loads(sh(c, "curl -s localhost:8001/api/v1/namespaces/default/services/empty/proxy/"))
    assert (out["code"], out["message"]) == (503, 'no endpoints available for service "empty"')


def test_it_serves_kubectl_proxy_on_its_port_and_checks_accept_hosts():
    c = web(new_cluster())
    assert sh(c, "kubectl proxy") == "Starting to serve on 127.0.0.1:8001\n"
    assert "Welcome to nginx!" in sh(c, f"curl -s http://localhost:8001{PROXY_PATH}")
    assert sh(c, "kubectl proxy") == "error: listen tcp 127.0.0.1:8001: bind: address already in use\n[exit 1]\n"
    assert sh(c, "kubectl proxy --address=0.0.0.0 --accept-hosts='^*$' --port=8443") == \
        "Starting to serve on [::]:8443\n"
    assert sh(c, f"curl -s -H 'Host: evil.example' http://localhost:8001{PROXY_PATH}") == "<h3>Unauthorized</h3>"
    assert '"kind": "PodList"' in sh(c, "curl -s localhost:8001/api/v1/pods")


def test_it_forwards_a_local_port_to_one_pod_and_lists_and_stops_forwarders():
    c = web(new_cluster())
    assert sh(c, "kubectl port-forward service/web 8080:80") == ("Forwarding from 127.0.0.1:8080 -> 80\n"
                                                                  "Forwarding from [::1]:8080 -> 80\n")
    assert "Welcome to nginx!" in sh(c, "curl -s localhost:8080")
    listing = sh(c, "cluster forwards")
    assert "kubectl port-forward service/web 8080:80" in listing
    assert sh(c, "cluster forwards stop 1") == "stopped 1: kubectl port-forward service/web 8080:80\n"
    assert "Couldn't connect to server" in sh(c, "curl -sS localhost:8080")


def test_it_refuses_to_forward_to_a_pod_that_is_not_running():
    c = new_cluster()
    sh(c, "kubectl run stuck --image=nginx:no-such-tag")
    c.advance(10)
    pod = c.store.get("pods", "default", "stuck")
    assert pod["status"]["phase"] == "Pending"
    assert sh(c, "kubectl port-forward pod/stuck 8080:80") == (
        "error: unable to forward port because pod is not running. Current status=Pending\n[exit 1]\n")


def test_it_answers_empty_when_the_forwarded_pod_port_has_no_server():
    c = new_cluster()
    pod = client(c)
    sh(c, f"kubectl port-forward {pod['metadata']['name']} 9000:9000")
    assert sh(c, "curl -sS localhost:9000") == ("Handling connection for 9000\n"
                                               "curl: (52) Empty reply from server\n[exit 52]\n")


def test_it_lists_cluster_info_with_the_control_plane_address():
    c = new_cluster()
    assert "Kubernetes control plane is running at https://172.18.0.2:6443" in sh(c, "kubectl cluster-info")
