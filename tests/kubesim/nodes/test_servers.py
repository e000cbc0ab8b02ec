"""What the simulated servers answer: the hook for networking's HTTP requests."""

from kubesim import kubelet

from .helpers import apply, cluster, pod


def test_python_http_server_serves_its_working_directory():
    c = cluster()
    apply(c, """metadata: {name: py}
spec:
  containers:
  - name: py
    image: python:3.12
    workingDir: /srv
    command: [sh, -c, "echo hi > /srv/hello.txt; python -m http.server 8000"]
""")
    c.advance(60)
    assert kubelet.http_get(c, pod(c, "py"), 8000, "/hello.txt").body == "hi\n"
    assert "hello.txt" in kubelet.http_get(c, pod(c, "py"), 8000, "/").body
    assert kubelet.tcp_connect(c, pod(c, "py"), 8000)
    assert not kubelet.tcp_connect(c, pod(c, "py"), 80)


def test_busybox_httpd_and_httpd_images():
    c = cluster()
    apply(c, """metadata: {name: bb}
spec:
  containers:
  - name: bb
    image: busybox:1.36
    command: [sh, -c, "mkdir -p /www && echo busy > /www/index.html && httpd -f -p 8080 -h /www"]
""")
    apply(c, "metadata: {name: apache}\nspec:\n  containers: [{name: httpd, image: 'httpd:2.4'}]")
    c.advance(30)
    assert kubelet.http_get(c, pod(c, "bb"), 8080, "/").body == "busy\n"
    assert kubelet.http_get(c, pod(c, "apache"), 80, "/").body == "<html><body><h1>It works!</h1></body></html>\n"


def test_hello_app_names_its_pod():
    c = cluster()
    apply(c, "metadata: {name: hello}\nspec:\n  containers: [{name: h, image: 'gcr.io/google-samples/hello-app:2.0'}]")
    c.advance(30)
    assert kubelet.http_get(c, pod(c, "hello"), 8080, "/").body == "Hello, world!\nVersion: 2.0.0\nHostname: hello\n"


def test_a_pod_that_is_not_running_refuses_connections():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: 'nginx:1.161'}]")
    c.advance(10)
    assert kubelet.http_get(c, pod(c, "web"), 80, "/") is None
