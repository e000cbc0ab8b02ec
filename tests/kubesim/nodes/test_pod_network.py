"""The containers of a pod share the sandbox's network namespace (fact 45): a request to
localhost, 127.0.0.1 or the pod's own IP from one container reaches the server of another.
Requests between pods from inside replays are bounded: no command ever hangs or nests without end."""

import threading

import pytest

from kubesim.kubelet import world as world_mod

from .helpers import apply, cluster, pod

PAIR = """metadata: {name: pair}
spec:
  containers:
  - name: web
    image: nginx
  - name: client
    image: busybox
    command: [sleep, "3600"]
"""


@pytest.fixture
def nesting(monkeypatch):
    """The deepest stack of worlds replaying at once, and how many world runs started."""
    seen = {"depth": 0, "runs": 0}
    original = world_mod.PodWorld.run

    def run(self, until, observe=None):
        seen["runs"] += 1
        seen["depth"] = max(seen["depth"], len(world_mod.replaying(self.cluster)) + 1)
        return original(self, until, observe)

    monkeypatch.setattr(world_mod.PodWorld, "run", run)
    return seen


def test_it_answers_localhost_127_0_0_1_and_the_pod_ip_from_the_sibling_container():
    c = cluster()
    apply(c, PAIR)
    c.advance(30)
    ip = pod(c, "pair")["status"]["podIP"]
    for url in ("http://localhost:80", "http://127.0.0.1", f"http://{ip}/"):
        result = c.run(f"kubectl exec pair -c client -- wget -qO- {url}")
        assert result.exit_code == 0, (url, result.stderr)
        assert "<title>Welcome to nginx!</title>" in result.stdout
    # Later commands in the same cluster keep working (their replays include those execs).
    again = c.run("kubectl exec pair -c client -- wget -qO- http://localhost:80")
    assert again.exit_code == 0 and "Welcome to nginx!" in again.stdout
    assert c.run("kubectl exec pair -c web -- cat /usr/share/nginx/html/index.html").exit_code == 0


def test_it_refuses_localhost_ports_nobody_in_the_pod_listens_on():
    c = cluster()
    apply(c, PAIR)
    c.advance(30)
    result = c.run("kubectl exec pair -c client -- wget -qO- http://localhost:8080")
    assert result.exit_code == 1
    assert "Connection refused" in result.stderr


def test_it_serves_a_loop_that_asks_its_own_pod_without_replaying_the_pod_inside_itself(nesting):
    c = cluster()
    apply(c, """metadata: {name: self-asker}
spec:
  containers:
  - name: web
    image: nginx
  - name: client
    image: busybox
    command: [sh, -c, "while true; do wget -qO- http://localhost/ > /tmp/last; sleep 5; done"]
""")
    c.advance(30)
    result = c.run("kubectl exec self-asker -c client -- cat /tmp/last")
    assert "Welcome to nginx!" in result.stdout
    assert nesting["depth"] == 1


def test_it_bounds_pods_that_ask_each_other_in_a_cycle(nesting):
    """Guard: each pod's loop asks the other's Service; every command returns, threads end,
    replays nest at most MAX_NESTING deep."""
    c = cluster()
    threads = threading.active_count()
    for me, other in (("ping", "pong"), ("pong", "ping")):
        apply(c, f"""metadata: {{name: {me}, labels: {{app: {me}}}}}
spec:
  containers:
  - name: web
    image: nginx
  - name: client
    image: busybox
    command: [sh, -c, "while true; do wget -qO- -T 1 http://{other}/ > /dev/null; sleep 1; done"]
""")
        c.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": me, "namespace": "default"},
                      "spec": {"selector": {"app": me}, "ports": [{"port": 80}]}})
    c.advance(20)
    result = c.run("kubectl exec ping -c client -- wget -qO- -T 2 http://pong/")
    assert result.exit_code == 0 and "Welcome to nginx!" in result.stdout
    assert c.run("kubectl get pods").stdout.count("2/2     Running") == 2
    assert nesting["depth"] <= world_mod.MAX_NESTING
    assert threading.active_count() <= threads


def test_it_stalls_a_process_whose_requests_exceed_the_nested_replay_budget(monkeypatch, nesting):
    """Each request for a new path replays the other pod once; past the budget the asking
    loop is taken to run on unchanged, as after its step budget."""
    monkeypatch.setattr(world_mod, "NESTED_RUNS", 3)
    c = cluster()
    apply(c, "metadata: {name: target, labels: {app: target}}\nspec:\n  containers: [{name: web, image: nginx, "
             "command: [nginx, -g, 'daemon off;']}]")
    c.advance(20)
    ip = pod(c, "target")["status"]["podIP"]
    apply(c, f"""metadata: {{name: asker}}
spec:
  containers:
  - name: client
    image: busybox
    command: [sh, -c, "i=0; while true; do i=$((i+1)); wget -qO- -T 1 http://{ip}/$i > /dev/null; echo $i > /tmp/n; sleep 1; done"]
""")
    c.advance(30)
    assert c.run("kubectl get pod asker").stdout.split()[-3] == "Running"
    count = int(c.run("kubectl exec asker -- cat /tmp/n").stdout)
    assert 1 <= count <= 3
