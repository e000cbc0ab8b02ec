"""The Job controller: completions, parallelism, back-off limit and deadline."""

from .helpers import apply, events, new_cluster, writes_during


def job(name="pi", command="exit 0", **spec):
    lines = [f"  {k}: {v}" for k, v in spec.items()]
    return "\n".join([
        "apiVersion: batch/v1", "kind: Job", f"metadata: {{name: {name}, namespace: default}}", "spec:", *lines,
        "  template:", "    spec:", "      restartPolicy: Never",
        f"      containers: [{{name: main, image: 'busybox:1.36', command: [sh, -c, '{command}']}}]", ""])


def conditions(cluster, name="pi"):
    return [(c["type"], c["status"], c["reason"]) for c in
            cluster.store.get("jobs", "default", name)["status"].get("conditions", [])]


def test_it_completes_after_the_completions_succeed():
    cluster = new_cluster()
    apply(cluster, job(completions=3, parallelism=2, command="sleep 5"))
    pods = cluster.store.with_labels("pods", "default", {"job-name": "pi"})
    assert len(pods) == 2
    labels = pods[0]["metadata"]["labels"]
    assert labels["batch.kubernetes.io/job-name"] == "pi" and labels["controller-uid"] == \
        labels["batch.kubernetes.io/controller-uid"]
    cluster.advance(120)
    assert conditions(cluster) == [("SuccessCriteriaMet", "True", "CompletionsReached"),
                                   ("Complete", "True", "CompletionsReached")]
    status = cluster.store.get("jobs", "default", "pi")["status"]
    assert status["succeeded"] == 3 and "completionTime" in status and "active" not in status
    assert "Completed: Job completed" in events(cluster, "pi")


def test_it_fails_after_the_backoff_limit_with_growing_delays():
    cluster = new_cluster()
    apply(cluster, job(backoffLimit=2, command="exit 1"))
    cluster.advance(600)
    assert conditions(cluster) == [("FailureTarget", "True", "BackoffLimitExceeded"),
                                   ("Failed", "True", "BackoffLimitExceeded")]
    pods = sorted(cluster.store.with_labels("pods", "default", {"job-name": "pi"}),
                  key=lambda p: p["metadata"]["creationTimestamp"])
    assert len(pods) == 3
    created = [int(p["metadata"]["creationTimestamp"][14:16]) * 60 + int(p["metadata"]["creationTimestamp"][17:19])
               for p in pods]
    assert created[2] - created[1] > created[1] - created[0] >= 10
    assert "BackoffLimitExceeded: Job has reached the specified backoff limit" in events(cluster, "pi")


def test_it_fails_when_active_longer_than_the_deadline():
    cluster = new_cluster()
    apply(cluster, job(activeDeadlineSeconds=20, command="sleep 600"))
    cluster.advance(60)
    assert conditions(cluster)[-1] == ("Failed", "True", "DeadlineExceeded")
    assert all(p["metadata"].get("deletionTimestamp") or p["status"].get("phase") in ("Failed", "Succeeded")
               for p in cluster.store.with_labels("pods", "default", {"job-name": "pi"}))


def test_it_does_nothing_when_converged():
    cluster = new_cluster()
    apply(cluster, job())
    cluster.advance(120)
    queue = next(ctl for ctl in cluster.controllers if ctl.name == "job-controller")
    queue.enqueue("default/pi")
    assert writes_during(cluster, cluster.reconcile) == []


def test_an_indexed_job_runs_a_failed_index_again_and_reports_the_completed_ones():
    from kubesim.controllers.job import INDEX

    cluster = new_cluster()
    apply(cluster, job(completions=3, parallelism=3, completionMode="Indexed", backoffLimit=1,
                       command='test "$JOB_COMPLETION_INDEX" != 1'))
    cluster.advance(300)
    pods = cluster.store.with_labels("pods", "default", {"job-name": "pi"})
    by_index = sorted((p["metadata"]["annotations"][INDEX], p["metadata"]["labels"][INDEX], p["spec"]["hostname"],
                       p["metadata"]["name"].rsplit("-", 1)[0], p["status"]["phase"]) for p in pods)
    assert by_index == [("0", "0", "pi-0", "pi-0", "Succeeded"), ("1", "1", "pi-1", "pi-1", "Failed"),
                        ("1", "1", "pi-1", "pi-1", "Failed"), ("2", "2", "pi-2", "pi-2", "Succeeded")]
    status = cluster.store.get("jobs", "default", "pi")["status"]
    assert status["completedIndexes"] == "0,2" and status["succeeded"] == 2 and status["failed"] == 2
    assert conditions(cluster)[-1] == ("Failed", "True", "BackoffLimitExceeded")


def test_completed_indexes_are_written_as_ranges():
    from kubesim.controllers.job import index_ranges

    assert index_ranges([0, 1, 2, 4, 6, 7]) == "0-2,4,6-7"
    assert index_ranges([3]) == "3"
    assert index_ranges([]) == ""
