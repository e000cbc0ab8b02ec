"""`cluster node`, `cluster sandbox kill` and `cluster crictl`."""

from kubesim import kubelet

from .helpers import apply, cluster, condition, container, event_log, pod, summary

WEB = "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}]\n"


def test_crictl_pods_lists_sandboxes_with_their_columns():
    c = cluster()
    apply(c, WEB)
    c.advance(30)
    node = pod(c, "web")["spec"]["nodeName"]
    out = c.run(f"cluster crictl {node} pods").stdout.splitlines()
    assert out[0].split() == ["POD", "ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]
    assert out[0].startswith("POD ID              CREATED             STATE ")
    web = next(line for line in out if " web " in line)
    assert web.split()[2:4] == ["ago", "Ready"] or "Ready" in web
    assert web.rstrip().endswith("(default)")
    assert any("kube-proxy-" in line for line in out)  # sandboxes of pods running since time zero


def test_crictl_ps_lists_running_containers():
    c = cluster()
    apply(c, WEB)
    c.advance(30)
    node = pod(c, "web")["spec"]["nodeName"]
    out = c.run(f"cluster crictl {node} ps").stdout.splitlines()
    assert out[0].split() == ["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD", "ID", "POD",
                              "NAMESPACE"]
    row = next(line for line in out if " nginx " in line)
    cid = container(pod(c, "web"))["containerID"].split("//")[1]
    assert row.startswith(cid[:13]) and "Running" in row


def test_sandbox_kill_recreates_the_sandbox_and_restarts_everything():
    c = cluster()
    apply(c, """metadata: {name: web}
spec:
  initContainers: [{name: init, image: busybox:1.28, command: [sh, -c, "echo init"]}]
  containers: [{name: nginx, image: nginx}]
""")
    c.advance(30)
    old_ip = pod(c, "web")["status"]["podIP"]
    assert c.run("cluster sandbox kill web").exit_code == 0
    c.advance(30)
    p = pod(c, "web")
    log = event_log(c, "web")
    assert ("Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.") in log
    assert summary(c, "web") == ("1/1", "Running", 1)
    assert container(p, "init", init=True)["restartCount"] == 1
    assert p["status"]["podIP"] != old_ip
    node = p["spec"]["nodeName"]
    sandboxes = [line for line in c.run(f"cluster crictl {node} pods").stdout.splitlines() if " web " in line]
    assert len(sandboxes) == 2 and any("NotReady" in s for s in sandboxes)


def test_node_stop_stops_the_heartbeat_and_queues_a_notice():
    c = cluster()
    c.advance(25)
    assert kubelet.node_running(c, "kind-worker")
    assert kubelet.lease_renew_ms(c, "kind-worker") == 20000
    assert c.run("cluster node stop kind-worker").stdout == "node/kind-worker: kubelet stopped\n"
    c.advance(100)
    assert not kubelet.node_running(c, "kind-worker")
    assert kubelet.lease_renew_ms(c, "kind-worker") == 20000
    lease = c.store.get("leases", "kube-node-lease", "kind-worker")
    assert lease["spec"]["renewTime"] == "2026-01-01T00:00:20.000000Z"
    c.run("cluster node start kind-worker")
    assert kubelet.lease_renew_ms(c, "kind-worker") == 120000


def test_probe_verb_needs_a_running_pod():
    c = cluster()
    result = c.run("cluster probe fail nope")
    assert result.exit_code == 1 and 'pod "nope" not found' in result.stderr


def test_it_leaves_the_pods_status_to_the_node_controller_while_stopped_and_posts_it_again_on_start():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  nodeName: kind-worker\n  containers: [{name: nginx, image: nginx}]")
    c.advance(10)
    c.run("cluster node stop kind-worker")
    c.advance(60)
    nodes = c.run("kubectl get nodes").stdout.splitlines()
    assert len(nodes) == 4 and "kind-worker          NotReady" in nodes[2]
    p = pod(c, "web")
    assert condition(p, "Ready")["status"] == "False"          # MarkPodsNotReady
    assert p["status"]["containerStatuses"][0]["ready"] is True  # untouched: READY stays 1/1
    c.run("cluster node start kind-worker")
    c.advance(10)
    assert condition(pod(c, "web"), "Ready")["status"] == "True"
    assert "kind-worker          Ready" in c.run("kubectl get nodes").stdout
