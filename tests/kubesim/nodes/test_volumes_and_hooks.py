"""Containers sharing volumes, configuration files, and lifecycle hooks."""

from kubesim import kubelet
from kubesim.kubelet import images

from .helpers import apply, cluster, container, event_log, pod, summary

FILE_PULLER = """metadata: {name: site}
spec:
  volumes: [{name: html, emptyDir: {}}]
  containers:
  - name: web-server
    image: nginx
    volumeMounts: [{name: html, mountPath: /usr/share/nginx/html}]
  - name: file-puller
    image: debian
    command: [/bin/sh, -c]
    args: ["while true; do date >> /html/index.html; sleep 10; done"]
    volumeMounts: [{name: html, mountPath: /html}]
"""

POST_START = """metadata: {name: web1}
spec:
  containers:
  - name: web1
    image: nginx:latest
    imagePullPolicy: Always
    env: [{name: TZ, value: Asia/Shanghai}]
    lifecycle:
      postStart:
        exec:
          command: [/bin/sh, -c, "sed -i 's/nginx/apache/g' /usr/share/nginx/html/index.html"]
"""


def test_it_serves_what_the_file_puller_writes_into_the_shared_empty_dir():
    c = cluster()
    apply(c, FILE_PULLER)
    c.advance(60)
    assert summary(c, "site") == ("2/2", "Running", 0)
    page = kubelet.http_get(c, pod(c, "site"), 80, "/")
    lines = page.body.splitlines()
    assert page.status == 200 and len(lines) >= 5
    assert all(line.endswith("UTC 2026") for line in lines)
    c.advance(30)
    assert len(kubelet.http_get(c, pod(c, "site"), 80, "/").body.splitlines()) == len(lines) + 3


def test_it_costs_no_events_while_the_loop_runs():
    c = cluster()
    apply(c, FILE_PULLER)
    c.advance(60)
    # Only the hourly horizon check is queued: no event per loop round.
    assert c.clock.pending() == 1
    assert c.settle()


def test_nginx_ships_its_real_default_page():
    assert len(images.NGINX_INDEX.encode()) == 615
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}]")
    c.advance(30)
    page = kubelet.http_get(c, pod(c, "web"), 80, "/")
    assert page.body == images.NGINX_INDEX
    assert kubelet.http_get(c, pod(c, "web"), 80, "/missing").status == 404
    assert kubelet.http_get(c, pod(c, "web"), 8080, "/") is None


def test_the_post_start_sed_changes_every_nginx_on_the_page():
    c = cluster()
    apply(c, POST_START)
    c.advance(30)
    page = kubelet.http_get(c, pod(c, "web1"), 80, "/").body
    assert page == images.NGINX_INDEX.replace("nginx", "apache")
    assert "<title>Welcome to apache!</title>" in page
    assert "http://apache.org/" in page and "apache.com" in page


def test_a_failing_post_start_hook_kills_the_container():
    c = cluster()
    apply(c, POST_START.replace("sed -i 's/nginx/apache/g' /usr/share/nginx/html/index.html", "exit 3"))
    c.advance(15)
    p = pod(c, "web1")
    log = event_log(c, "web1")
    hook = [m for _, r, m in log if r == "FailedPostStartHook"]
    expected = ('Exec lifecycle hook ([/bin/sh -c exit 3]) for Container "web1" in Pod '
                f'"web1_default({p["metadata"]["uid"]})" failed - error: command \'/bin/sh -c exit 3\' exited '
                'with 3: , message: ""')
    assert hook == [expected]
    assert ("Normal", "Killing", "FailedPostStartHook") in log
    assert container(p)["restartCount"] >= 1


def test_a_hanging_post_start_keeps_container_creating():
    c = cluster()
    apply(c, POST_START.replace("sed -i 's/nginx/apache/g' /usr/share/nginx/html/index.html", "sleep 3600"))
    c.advance(60)
    assert summary(c, "web1") == ("0/1", "ContainerCreating", 0)


def test_config_maps_and_secrets_become_files_and_env():
    c = cluster()
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "conf", "namespace": "default"},
                  "data": {"app.properties": "color=blue\n", "mode": "fast"}})
    c.api.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "pw", "namespace": "default"},
                  "data": {"password": "czNjcjN0"}})
    apply(c, """metadata: {name: app}
spec:
  volumes:
  - {name: conf, configMap: {name: conf}}
  - {name: pw, secret: {secretName: pw}}
  containers:
  - name: app
    image: busybox:1.28
    command: [sh, -c, "sleep 3600"]
    env: [{name: MODE, valueFrom: {configMapKeyRef: {name: conf, key: mode}}}]
    volumeMounts: [{name: conf, mountPath: /etc/conf}, {name: pw, mountPath: /etc/pw}]
""")
    c.advance(10)
    p = pod(c, "app")
    assert kubelet.exec_in(c, p, "app", ["cat", "/etc/conf/app.properties"]).stdout == "color=blue\n"
    assert kubelet.exec_in(c, p, "app", ["cat", "/etc/pw/password"]).stdout == "s3cr3t"
    assert kubelet.exec_in(c, p, "app", ["sh", "-c", "echo $MODE $HOSTNAME"]).stdout == "fast app\n"
    token = kubelet.exec_in(c, p, "app", ["cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace"])
    assert token.stdout == "default"


def test_a_missing_config_map_volume_keeps_the_pod_creating():
    c = cluster()
    apply(c, """metadata: {name: app}
spec:
  volumes: [{name: config, configMap: {name: missing}}]
  containers: [{name: app, image: nginx, volumeMounts: [{name: config, mountPath: /etc/x}]}]
""")
    c.advance(10)
    assert summary(c, "app") == ("0/1", "ContainerCreating", 0)
    assert ("Warning", "FailedMount", 'MountVolume.SetUp failed for volume "config" : configmap "missing" not found'
            ) in event_log(c, "app")
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "missing", "namespace": "default"},
                  "data": {"a": "b"}})
    c.reconcile()
    c.advance(10)
    assert summary(c, "app") == ("1/1", "Running", 0)


def test_exec_only_finds_the_images_binaries():
    c = cluster()
    apply(c, "metadata: {name: bb}\nspec:\n  containers: [{name: bb, image: busybox:1.28, command: [sleep, '3600']}]")
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}]")
    c.advance(20)
    missing = kubelet.exec_in(c, pod(c, "bb"), "bb", ["curl", "http://x"])
    assert missing.exit_code != 0 and 'exec: "curl": executable file not found in $PATH' in missing.stderr
    assert 'exec: "nslookup"' in kubelet.exec_in(c, pod(c, "web"), "nginx", ["nslookup", "x"]).stderr
    assert kubelet.exec_in(c, pod(c, "bb"), "bb", ["hostname"]).exit_code != 126


def test_exec_changes_persist_for_later_requests():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}]")
    c.advance(20)
    kubelet.exec_in(c, pod(c, "web"), "nginx", ["sh", "-c", "echo hello > /usr/share/nginx/html/index.html"])
    c.advance(5)
    assert kubelet.http_get(c, pod(c, "web"), 80, "/").body == "hello\n"
