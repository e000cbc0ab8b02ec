"""Init containers run one at a time; native sidecars start in order and keep running."""

from kubesim import kubelet

from .helpers import apply, cluster, condition, container, pod, reasons, timeline

MYAPP = """metadata: {name: myapp-pod}
spec:
  initContainers:
  - {name: init-myservice, image: busybox:1.28, command: [sh, -c, "echo waiting; sleep 4"]}
  - {name: init-mydb, image: busybox:1.28, command: [sh, -c, "sleep 6"]}
  containers:
  - {name: myapp-container, image: busybox:1.28, command: [sh, -c, "echo The app is running! && sleep 3600"]}
"""


def test_it_runs_init_containers_one_after_the_other():
    c = cluster()
    apply(c, MYAPP)
    p = pod(c, "myapp-pod")
    init = condition(p, "Initialized")
    assert (init["status"], init["reason"], init["message"]) == (
        "False", "ContainersNotInitialized", "containers with incomplete status: [init-myservice init-mydb]")
    assert container(p, "init-mydb", init=True)["state"] == {"waiting": {"reason": "PodInitializing"}}
    assert container(p)["state"] == {"waiting": {"reason": "PodInitializing"}}
    rows = timeline(c, "myapp-pod", 30)
    # busybox:1.28 is already on the node when the app starts, so PodInitializing is not seen.
    assert [status for _, _, status, _ in rows] == ["Init:0/2", "Init:1/2", "Running"]
    first_done, second_done = rows[1][0], rows[2][0]
    assert round(second_done - first_done, 3) == 6.0  # the second one starts when the first exits
    assert reasons(c, "myapp-pod").count("Started") == 3
    assert condition(pod(c, "myapp-pod"), "Initialized")["status"] == "True"
    assert kubelet.logs(c, pod(c, "myapp-pod"), "init-myservice") == "waiting\n"
    assert kubelet.logs(c, pod(c, "myapp-pod"), "myapp-container") == "The app is running!\n"


def test_sidecars_start_first_count_in_ready_and_keep_running():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  initContainers:
  - {name: logshipper, image: alpine:latest, restartPolicy: Always, command: [sh, -c, "tail -F /opt/logs.txt"],
     volumeMounts: [{name: data, mountPath: /opt}]}
  - {name: setup, image: busybox:1.28, command: [sh, -c, "sleep 2"]}
  containers:
  - {name: myapp, image: alpine:latest, command: [sh, -c, "while true; do echo logging >> /opt/logs.txt; sleep 1; done"],
     volumeMounts: [{name: data, mountPath: /opt}]}
  volumes: [{name: data, emptyDir: {}}]
""")
    rows = timeline(c, "p", 30)
    assert [(ready, status) for _, ready, status, _ in rows] == [
        ("0/2", "Init:0/2"), ("1/2", "Init:1/2"), ("1/2", "PodInitializing"), ("2/2", "Running")]
    assert container(pod(c, "p"), "logshipper", init=True)["state"].get("running")


def test_a_job_like_pod_completes_and_stops_its_sidecar():
    c = cluster()
    apply(c, """metadata: {name: p}
spec:
  restartPolicy: Never
  initContainers:
  - {name: proxy, image: nginx, restartPolicy: Always}
  containers:
  - {name: main, image: busybox:1.28, command: [sh, -c, "sleep 5"]}
""")
    c.advance(40)
    p = pod(c, "p")
    assert p["status"]["phase"] == "Succeeded"
    assert container(p, "proxy", init=True)["state"]["terminated"]["exitCode"] == 0
