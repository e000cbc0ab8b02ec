"""Every STATUS of `kubectl get pods` a learner meets (k8s-facts.md fact 14), each by a scenario."""

from kubesim.store import assoc

from .helpers import apply, cluster, container, pod, statuses_seen, summary

ONE = "metadata: {name: p}\nspec:\n  restartPolicy: POLICY\n  containers: [{name: c, image: IMAGE, command: CMD}]\n"


def one(image="busybox:1.28", cmd='[sh, -c, "exit 0"]', policy="Always"):
    return ONE.replace("IMAGE", image).replace("CMD", cmd).replace("POLICY", policy)


def test_pending_when_no_node_fits():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  nodeSelector: {disk: ssd}\n  containers: [{name: c, image: nginx}]")
    assert summary(c, "p") == ("0/1", "Pending", 0)


def test_scheduling_gated():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  schedulingGates: [{name: x/y}]\n  containers: [{name: c, image: nginx}]")
    assert summary(c, "p") == ("0/1", "SchedulingGated", 0)


def test_container_creating_then_running():
    c = cluster()
    apply(c, one("nginx", "null"))
    assert statuses_seen(c, "p", 20) == ["ContainerCreating", "Running"]


def test_completed_for_a_finished_pod():
    c = cluster()
    apply(c, one(policy="Never"))
    assert statuses_seen(c, "p", 20) == ["ContainerCreating", "Completed"]
    p = pod(c, "p")
    assert p["status"]["phase"] == "Succeeded"
    assert container(p)["state"]["terminated"]["reason"] == "Completed"


def test_error_for_a_failed_pod():
    c = cluster()
    apply(c, one(cmd='[sh, -c, "exit 3"]', policy="Never"))
    assert statuses_seen(c, "p", 20) == ["ContainerCreating", "Error"]
    p = pod(c, "p")
    assert p["status"]["phase"] == "Failed"
    assert container(p)["state"]["terminated"]["exitCode"] == 3


def test_crash_loop_back_off_for_a_container_that_keeps_exiting():
    c = cluster()
    apply(c, one(cmd='[sh, -c, "exit 1"]'))
    seen = statuses_seen(c, "p", 60)
    assert seen[:4] == ["ContainerCreating", "Error", "CrashLoopBackOff", "Error"]
    p = pod(c, "p")
    assert p["status"]["phase"] == "Running"
    assert summary(c, "p")[1] in ("CrashLoopBackOff", "Error")


def test_not_ready_when_one_of_two_containers_completed():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
  - {name: web, image: nginx}
  - {name: job, image: debian, command: [sh, -c, "echo done"]}
""")
    c.advance(30)
    assert summary(c, "p") == ("1/2", "NotReady", 0)
    assert pod(c, "p")["status"]["phase"] == "Running"


def test_err_image_pull_then_image_pull_back_off():
    c = cluster()
    apply(c, one("nginx:1.161", "null"))
    seen = statuses_seen(c, "p", 30)
    assert seen[:3] == ["ContainerCreating", "ErrImagePull", "ImagePullBackOff"]
    p = pod(c, "p")
    assert p["status"]["phase"] == "Pending"
    waiting = container(p)["state"]["waiting"]
    assert waiting["message"].startswith('Back-off pulling image "nginx:1.161": ErrImagePull: rpc error: code = '
                                         'NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.161"')


def test_invalid_image_name():
    c = cluster()
    apply(c, one("NGINX", "null"))
    c.advance(5)
    assert summary(c, "p") == ("0/1", "InvalidImageName", 0)


def test_err_image_never_pull():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  containers: [{name: c, image: 'nginx:1.25', imagePullPolicy: Never}]")
    c.advance(5)
    assert summary(c, "p") == ("0/1", "ErrImageNeverPull", 0)
    assert container(pod(c, "p"))["state"]["waiting"]["message"] == (
        'Container image "nginx:1.25" is not present with pull policy of Never')


def test_create_container_config_error_until_the_config_map_exists():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  containers:
  - name: c
    image: nginx
    env: [{name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: mode}}}]
""")
    c.advance(10)
    assert summary(c, "p") == ("0/1", "CreateContainerConfigError", 0)
    assert container(pod(c, "p"))["state"]["waiting"]["message"] == 'configmap "settings" not found'
    c.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "default"},
                  "data": {"mode": "fast"}})
    c.advance(5)
    assert summary(c, "p") == ("1/1", "Running", 0)


def test_run_container_error_when_the_command_is_missing():
    c = cluster()
    apply(c, one("nginx", "[curlx, x]"))
    seen = statuses_seen(c, "p", 30)
    assert "RunContainerError" in seen
    last = container(pod(c, "p"))["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"]) == ("StartError", 128)
    assert 'exec: "curlx": executable file not found in $PATH' in last["message"]


def test_oom_killed_for_a_memory_hog():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  containers:
  - name: memory-demo-2-ctr
    image: polinux/stress
    resources: {requests: {memory: 50Mi}, limits: {memory: 100Mi}}
    command: [stress]
    args: [--vm, "1", --vm-bytes, 250M, --vm-hang, "1"]
""")
    seen = statuses_seen(c, "p", 40)
    assert "OOMKilled" in seen and "CrashLoopBackOff" in seen
    last = container(pod(c, "p"))["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"]) == ("OOMKilled", 137)


def test_init_statuses_in_order():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  initContainers:
  - {name: a, image: busybox:1.28, command: [sleep, "5"]}
  - {name: b, image: busybox:1.28, command: [sleep, "5"]}
  containers: [{name: app, image: nginx}]
""")
    assert statuses_seen(c, "p", 30) == ["Init:0/2", "Init:1/2", "PodInitializing", "Running"]


def test_init_error_then_init_crash_loop_back_off():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  initContainers: [{name: a, image: busybox:1.28, command: [sh, -c, "exit 1"]}]
  containers: [{name: app, image: nginx}]
""")
    seen = statuses_seen(c, "p", 40)
    assert seen[:3] == ["Init:0/1", "Init:Error", "Init:CrashLoopBackOff"]
    assert pod(c, "p")["status"]["phase"] == "Pending"


def test_init_error_fails_the_pod_with_restart_policy_never():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  restartPolicy: Never
  initContainers: [{name: a, image: busybox:1.28, command: [sh, -c, "exit 1"]}]
  containers: [{name: app, image: nginx}]
""")
    c.advance(20)
    assert summary(c, "p") == ("0/1", "Init:Error", 0)
    assert pod(c, "p")["status"]["phase"] == "Failed"


def test_terminating_while_the_grace_period_runs():
    c = cluster()
    apply(c, one(cmd='[sh, -c, "sleep 3600"]'))
    c.advance(10)
    c.api.delete(c.api.resource_of(pod(c, "p")), "default", "p")
    c.reconcile()
    assert summary(c, "p") == ("0/1", "Terminating", 0)


def test_deadline_exceeded():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  activeDeadlineSeconds: 20\n  terminationGracePeriodSeconds: 5\n"
             "  containers: [{name: c, image: busybox:1.28, command: [sleep, '3600']}]")
    c.advance(40)
    p = pod(c, "p")
    assert summary(c, "p")[1] == "DeadlineExceeded"
    assert (p["status"]["phase"], p["status"]["reason"], p["status"]["message"]) == (
        "Failed", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline")


def test_a_node_without_its_kubelet_freezes_what_learners_see():
    c = cluster()
    apply(c, one("nginx", "null"))
    node = pod(c, "p")["spec"]["nodeName"]
    c.run(f"cluster node stop {node}")
    c.advance(30)
    assert summary(c, "p") == ("0/1", "ContainerCreating", 0)
    c.run(f"cluster node start {node}")
    c.advance(10)
    assert summary(c, "p") == ("1/1", "Running", 0)


def test_readiness_gates_keep_ready_false():
    c = cluster()
    apply(c, "metadata: {name: p}\nspec:\n  readinessGates: [{conditionType: example.com/lb}]\n"
             "  containers: [{name: c, image: nginx}]")
    c.advance(20)
    ready = next(x for x in pod(c, "p")["status"]["conditions"] if x["type"] == "Ready")
    assert (ready["reason"], ready["message"]) == (
        "ReadinessGatesNotReady", 'corresponding condition of pod readiness gate "example.com/lb" does not exist.')
    assert pod(c, "p")["status"]["phase"] == "Running"
    assert assoc  # (kept for symmetry with other files)
