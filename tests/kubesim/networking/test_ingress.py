"""ingress-nginx routes by host and path, redirects to HTTPS when TLS applies, and says 404/503."""

from .helpers import apply, new_cluster, sh, web

NODE = "172.18.0.3"


def ingress(name="test-ingress", rules="", tls="", annotations="", default_backend=""):
    return f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
  annotations: {{{annotations}}}
spec:
{tls}{default_backend}  rules:
{rules}"""


def rule(path="/", path_type="Prefix", service="web", port=80, host=""):
    head = f'  - host: "{host}"\n    http:\n' if host else "  - http:\n"
    return head + f"""      paths:
      - path: {path}
        pathType: {path_type}
        backend:
          service:
            name: {service}
            port:
              number: {port}
"""


def status(c, url, *flags):
    return sh(c, f"curl -s -o /dev/null -w '%{{http_code}}' {' '.join(flags)} {url}")


PAGE_308 = ("<html>\n<head><title>308 Permanent Redirect</title></head>\n<body>\n"
            "<center><h1>308 Permanent Redirect</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n")


def test_it_redirects_http_with_308_when_tls_applies_and_serves_https_with_the_fake_certificate():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/"), tls="  tls:\n  - hosts: [foo.bar.com]\n"
                                          "    secretName: missing\n").replace("  - http:", '  - host: "foo.bar.com"\n    http:'))
    assert sh(c, f"curl -s -H 'Host: foo.bar.com' http://{NODE}/ | tr -d '\\r'") == PAGE_308
    head = sh(c, f"curl -sI -H 'Host: foo.bar.com' http://{NODE}/")
    assert "Location: https://foo.bar.com/\r\n" in head
    err = sh(c, f"curl -s -S --resolve foo.bar.com:443:{NODE} https://foo.bar.com/")
    assert err.startswith("curl: (60) SSL certificate problem: self-signed certificate\n")
    assert status(c, "https://foo.bar.com/", "-k", f"--resolve foo.bar.com:443:{NODE}") == "200"
    assert "Kubernetes Ingress Controller Fake Certificate" in sh(
        c, f"curl -skv --resolve foo.bar.com:443:{NODE} https://foo.bar.com/ -o /dev/null")


def test_it_redirects_hostless_rules_of_an_ingress_with_tls_as_in_the_notes():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/demo"), tls="  tls:\n  - secretName: none\n"))
    assert sh(c, f"curl -s http://{NODE}/demo/ | tr -d '\\r'") == PAGE_308


def test_it_stops_redirecting_with_the_ssl_redirect_annotation():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/"), tls="  tls:\n  - secretName: none\n",
                     annotations='nginx.ingress.kubernetes.io/ssl-redirect: "false"'))
    assert status(c, f"http://{NODE}/") == "200"


def test_it_forces_the_redirect_without_tls_when_asked():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/"), annotations='nginx.ingress.kubernetes.io/force-ssl-redirect: "true"'))
    assert status(c, f"http://{NODE}/") == "308"


def test_it_answers_404_from_the_default_backend_when_nothing_matches():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/app", host="foo.bar.com")))
    assert status(c, f"http://{NODE}/app", "-H 'Host: other.com'") == "404"
    body = sh(c, f"curl -s http://{NODE}/ | tr -d '\\r'")
    assert body == PAGE_308.replace("308 Permanent Redirect", "404 Not Found")


def test_it_answers_503_when_the_backend_has_no_endpoints_or_does_not_exist():
    c = new_cluster()
    sh(c, "kubectl create service clusterip empty --tcp=80:80")
    two = rule("/", service="empty") + rule("/x", service="nosuch").split("paths:\n")[1]
    apply(c, ingress(rules=two))
    assert status(c, f"http://{NODE}/") == "503"
    assert status(c, f"http://{NODE}/x") == "503"
    assert "<title>503 Service Temporarily Unavailable</title>" in sh(c, f"curl -s http://{NODE}/")


def test_it_matches_prefix_by_path_element_and_prefers_the_longest_and_exact():
    from kubesim.network.ingress import Location, best_location, path_matches

    def loc(path, kind):
        return Location({"metadata": {"name": "i"}}, "", path, kind, {}, 0, 0)

    assert path_matches(loc("/aaa/bbb", "Prefix"), "/aaa/bbb/ccc")
    assert not path_matches(loc("/aaa/bb", "Prefix"), "/aaa/bbb")
    assert not path_matches(loc("/aaa/bbb", "Prefix"), "/aaa/bbbxyz")
    assert path_matches(loc("/foo/", "Prefix"), "/foo")
    assert path_matches(loc("/foo", "Exact"), "/foo") and not path_matches(loc("/foo", "Exact"), "/foo/")
    assert best_location([loc("/", "Prefix"), loc("/aaa", "Prefix")], "/aaa/ccc").path == "/aaa"
    assert best_location([loc("/foo", "Prefix"), loc("/foo", "Exact")], "/foo").path_type == "Exact"
    assert best_location([loc("/aaa", "Prefix")], "/ccc") is None


def test_it_routes_by_host_and_wildcard_host():
    c = web(new_cluster())
    web(c, replicas=1, name="other")
    apply(c, ingress(rules=rule("/", host="foo.bar.com") + rule("/", service="other", host="*.bar.com")))
    sh(c, f"curl -s -H 'Host: foo.bar.com' http://{NODE}/")
    assert any(h.id.startswith("pod/default/web-") for h in c.network.last_trace.hops)
    sh(c, f"curl -s -H 'Host: baz.bar.com' http://{NODE}/")
    assert any(h.id.startswith("pod/default/other-") for h in c.network.last_trace.hops)
    assert status(c, f"http://{NODE}/", "-H 'Host: a.baz.bar.com'") == "404"


def test_it_uses_the_ingress_default_backend_when_no_rule_matches():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/app", host="foo.bar.com"),
                     default_backend="  defaultBackend:\n    service:\n      name: web\n      port:\n"
                                     "        number: 80\n"))
    assert status(c, f"http://{NODE}/", "-H 'Host: foo.bar.com'") == "200"


def test_it_rewrites_the_path_with_rewrite_target():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/something(/|$)(.*)", path_type="ImplementationSpecific"),
                     annotations="nginx.ingress.kubernetes.io/rewrite-target: /$2"))
    assert status(c, f"http://{NODE}/something/") == "200"
    assert any("proxied as GET /" == h.reason for h in c.network.last_trace.hops)


def test_it_serves_the_certificate_of_a_tls_secret_for_its_host():
    c = web(new_cluster())
    sh(c, "openssl req -x509 -nodes -days 365 -newkey rsa:2048 -keyout tls.key -out tls.crt "
          "-subj '/CN=foo.bar.com/O=foo.bar.com'")
    sh(c, "kubectl create secret tls testsecret-tls --cert=tls.crt --key=tls.key")
    apply(c, ingress(rules=rule("/", host="foo.bar.com"),
                     tls="  tls:\n  - hosts: [foo.bar.com]\n    secretName: testsecret-tls\n"))
    verbose = sh(c, f"curl -skv --resolve foo.bar.com:443:{NODE} https://foo.bar.com/ -o /dev/null")
    assert "*  subject: CN=foo.bar.com\n" in verbose
    assert status(c, "https://foo.bar.com/", f"--cacert tls.crt --resolve foo.bar.com:443:{NODE}") == "200"


def test_it_writes_the_ingress_address_on_its_next_status_sync():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/")))
    assert sh(c, "kubectl get ingress").splitlines()[1].split()[:4] == ["test-ingress", "nginx", "*", "80"]
    sh(c, "sleep 60")
    assert sh(c, "kubectl get ingress").splitlines()[1].split()[3] == "localhost"


def test_it_speaks_http2_over_tls_like_nginx():
    c = web(new_cluster())
    apply(c, ingress(rules=rule("/")))
    assert sh(c, f"curl -skI https://{NODE}/").startswith("HTTP/2 200\r\ndate: ")
