"""A process whose future depends on the world outside its pod (a Service appearing, a pod
becoming ready) is replayed again when that world changes; what it saw before stays as seen."""

from kubesim import clock as clk

from .helpers import apply, cluster, container, pod


def _seconds(stamp: str) -> float:
    return clk.parse_timestamp(stamp) / 1000


def test_it_ends_an_init_loop_once_the_service_it_waits_for_exists():
    c = cluster()
    apply(c, """metadata: {name: myapp-pod}
spec:
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: [sh, -c, "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  containers:
  - {name: app, image: busybox:1.28, command: [sh, -c, "echo The app is running! && sleep 3600"]}
""")
    c.advance(10)
    assert c.run("kubectl get pod myapp-pod").stdout.split()[-3] == "Init:0/1"
    c.run("kubectl create service clusterip myservice --tcp=80:9376")
    c.advance(20)
    init = container(pod(c, "myapp-pod"), init=True)
    done = _seconds(init["state"]["terminated"]["finishedAt"])
    assert init["state"]["terminated"]["exitCode"] == 0
    assert 10 <= done <= 13  # the next round after the Service appeared, not the first one
    assert c.run("kubectl get pod myapp-pod").stdout.split()[-4:-2] == ["1/1", "Running"]
    log = c.run("kubectl logs myapp-pod -c init-myservice").stdout
    assert log.count("waiting for myservice") >= 3  # the rounds before the change stay as seen
    assert log.rstrip().endswith("Address: " + c.store.get("services", "default", "myservice")["spec"]["clusterIP"])


def test_it_sees_a_backend_pod_become_ready_behind_a_service():
    c = cluster()
    c.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
                  "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
    apply(c, """metadata: {name: watcher}
spec:
  containers:
  - name: w
    image: busybox
    command: [sh, -c, "until wget -qO- -T 1 http://web/ > /dev/null 2>&1; do echo not yet; sleep 3; done; echo reached; sleep 3600"]
""")
    c.advance(20)
    before = c.run("kubectl logs watcher").stdout
    assert before.count("not yet") >= 5 and "reached" not in before
    apply(c, "metadata: {name: web, labels: {app: web}}\nspec:\n  containers: [{name: nginx, image: nginx}]")
    c.advance(30)
    after = c.run("kubectl logs watcher").stdout
    assert after.startswith(before) and after.endswith("reached\n")
    # Looking again later replays the same past: the early rounds still failed.
    c.advance(30)
    assert c.run("kubectl logs watcher").stdout == after
    assert pod(c, "watcher")["status"]["containerStatuses"][0]["restartCount"] == 0


def test_it_replans_a_readiness_probe_that_looks_up_a_service_when_the_service_appears():
    c = cluster()
    apply(c, """metadata: {name: waiter}
spec:
  containers:
  - name: w
    image: busybox
    command: [sleep, "3600"]
    readinessProbe:
      exec: {command: [nslookup, backend.default.svc.cluster.local]}
      periodSeconds: 5
""")
    c.advance(30)
    assert container(pod(c, "waiter"))["ready"] is False
    c.run("kubectl create service clusterip backend --tcp=80:8080")
    c.advance(15)
    assert container(pod(c, "waiter"))["ready"] is True
    c.run("kubectl exec waiter -- true")  # a later replay keeps the probe's past as observed
    c.advance(30)
    assert container(pod(c, "waiter"))["ready"] is True
    assert c.run("kubectl get pod waiter").stdout.split()[-4:-2] == ["1/1", "Running"]
