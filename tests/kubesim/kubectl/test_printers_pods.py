"""`kubectl get pods`: READY, the STATUS algorithm, RESTARTS and the wide columns."""

from kubesim.kubectl.printers import pod_summary, table_output

from .conftest import NOW, at, pod, running, terminated, waiting


def status_of(p):
    ready, reason, _ = pod_summary(p)
    return ready, reason


def test_it_prints_a_running_pod():
    assert table_output("Pod", [pod()], NOW) == (
        "NAME   READY   STATUS    RESTARTS   AGE\n"
        "web    1/1     Running   0          60m\n"
    )


def test_it_shows_container_creating_and_image_pull_back_off():
    p = pod(phase="Pending", statuses=[waiting("app", "ContainerCreating")])
    assert status_of(p) == ("0/1", "ContainerCreating")
    p = pod(phase="Pending", statuses=[waiting("app", "ImagePullBackOff")])
    assert status_of(p) == ("0/1", "ImagePullBackOff")


def test_it_shows_crash_loop_back_off_with_the_last_restart():
    p = pod(statuses=[waiting("app", "CrashLoopBackOff", restarts=3, last_finished=at(59.25))])
    assert table_output("Pod", [p], NOW) == (
        "NAME   READY   STATUS             RESTARTS      AGE\n"
        "web    0/1     CrashLoopBackOff   3 (45s ago)   60m\n"
    )


def test_it_walks_init_containers_in_order():
    init = [{"name": "init-a", "image": "busybox"}, {"name": "init-b", "image": "busybox"}]
    p = pod(phase="Pending", init=init, statuses=[waiting("app", "PodInitializing")],
            init_statuses=[terminated("init-a"), running("init-b", ready=False)])
    assert status_of(p) == ("0/1", "Init:1/2")
    p["status"]["initContainerStatuses"] = [terminated("init-a", 1, "Error"), waiting("init-b", "PodInitializing")]
    assert status_of(p) == ("0/1", "Init:Error")
    p["status"]["initContainerStatuses"] = [waiting("init-a", "CrashLoopBackOff", restarts=2)]
    assert status_of(p) == ("0/1", "Init:CrashLoopBackOff")
    p["status"]["initContainerStatuses"] = [terminated("init-a", 137, None)]
    assert status_of(p) == ("0/1", "Init:ExitCode:137")
    p["status"]["initContainerStatuses"] = [terminated("init-a"), terminated("init-b")]
    assert status_of(p) == ("0/1", "PodInitializing")


def test_it_counts_started_sidecars_as_ready_containers():
    init = [{"name": "proxy", "image": "envoy", "restartPolicy": "Always"}]
    p = pod(init=init, init_statuses=[running("proxy")])
    assert status_of(p) == ("2/2", "Running")


def test_it_says_not_ready_when_a_finished_container_sits_next_to_a_running_one():
    p = pod(containers=["nginx", "debian"], statuses=[running("nginx"), terminated("debian")],
            conditions=[{"type": "Ready", "status": "False"}])
    assert status_of(p) == ("1/2", "NotReady")
    p["status"]["conditions"] = [{"type": "Ready", "status": "True"}]
    assert status_of(p) == ("1/2", "Running")


def test_it_shows_terminal_and_special_statuses():
    assert status_of(pod(phase="Succeeded", statuses=[terminated("app")]))[1] == "Completed"
    assert status_of(pod(phase="Failed", statuses=[terminated("app", 1, "Error")]))[1] == "Error"
    assert status_of(pod(phase="Failed", statuses=[terminated("app", 2, None)]))[1] == "ExitCode:2"
    assert status_of(pod(phase="Failed", statuses=[], reason="Evicted"))[1] == "Evicted"
    gated = pod(phase="Pending", statuses=[],
                conditions=[{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}])
    assert status_of(gated)[1] == "SchedulingGated"
    assert status_of(pod(phase="Pending", statuses=[]))[1] == "Pending"


def test_it_shows_terminating_unless_the_pod_already_finished():
    p = pod()
    p["metadata"]["deletionTimestamp"] = at(59)
    assert status_of(p)[1] == "Terminating"
    done = pod(phase="Succeeded", statuses=[terminated("app")])
    done["metadata"]["deletionTimestamp"] = at(59)
    assert status_of(done)[1] == "Completed"
    lost = pod(reason="NodeLost")
    lost["metadata"]["deletionTimestamp"] = at(59)
    assert status_of(lost)[1] == "Unknown"


def test_it_adds_the_wide_columns():
    p = pod()
    p["spec"]["nodeName"] = "kind-worker"
    p["status"]["podIPs"] = [{"ip": "10.244.1.5"}]
    pending = pod(name="queued", phase="Pending", statuses=[], conditions=[])
    pending["spec"]["readinessGates"] = [{"conditionType": "example.com/gate"}]
    assert table_output("Pod", [p, pending], NOW, wide=True) == (
        "NAME     READY   STATUS    RESTARTS   AGE   IP           NODE          NOMINATED NODE   READINESS GATES\n"
        "web      1/1     Running   0          60m   10.244.1.5   kind-worker   <none>           <none>\n"
        "queued   0/1     Pending   0          60m   <none>       <none>        <none>           0/1\n"
    )


def test_it_adds_namespace_and_labels_columns():
    p = pod()
    p["metadata"]["labels"] = {"app": "web", "pod-template-hash": "7d4c"}
    assert table_output("Pod", [p], NOW, with_namespace=True, show_labels=True) == (
        "NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   LABELS\n"
        "default     web    1/1     Running   0          60m   app=web,pod-template-hash=7d4c\n"
    )
    assert table_output("Pod", [p], NOW, no_headers=True, label_columns=["app"]) == (
        "web   1/1   Running   0     60m   web\n"
    )
