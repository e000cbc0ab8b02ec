"""kube-scheduler: where pods go, and the exact words when they cannot go anywhere."""

from kubesim import scheduler
from kubesim.store import assoc

from .helpers import apply, cluster, condition, event_log, pod

NGINX = "metadata: {name: web}\nspec:\n  containers: [{name: nginx, image: nginx}]\n"


def pending_message(c, name="web"):
    p = pod(c, name)
    assert not p["spec"].get("nodeName")
    cond = condition(p, "PodScheduled")
    assert (cond["status"], cond["reason"]) == ("False", "Unschedulable")
    return cond["message"]


def test_it_binds_a_pod_to_a_worker_and_records_scheduled():
    c = cluster()
    apply(c, NGINX)
    p = pod(c, "web")
    assert p["spec"]["nodeName"] in ("kind-worker", "kind-worker2")
    assert condition(p, "PodScheduled")["status"] == "True"
    scheduled = [e for e in c.store.list("events", "default") if e["reason"] == "Scheduled"]
    assert scheduled[0]["message"] == f"Successfully assigned default/web to {p['spec']['nodeName']}"
    assert scheduled[0]["reportingComponent"] == "default-scheduler"
    assert scheduled[0]["action"] == "Binding"
    assert scheduled[0]["eventTime"].endswith(".000000Z") and scheduled[0]["firstTimestamp"] is None


def test_it_explains_too_big_requests_as_kube_scheduler_words_them():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: a, image: nginx, resources: {requests: {cpu: '100'}}}]")
    expected = ("0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. "
                "no new claims to deallocate, preemption: 0/3 nodes are available: "
                "1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.")
    assert pending_message(c) == expected
    assert event_log(c, "web") == [("Warning", "FailedScheduling", expected)]
    assert pod(c, "web")["status"]["phase"] == "Pending"


def test_it_sorts_reasons_as_strings_with_their_counts():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  nodeSelector: {disktype: ssd}\n"
             "  containers: [{name: a, image: nginx, resources: {requests: {memory: 1000Gi}}}]")
    # The control plane fails on its taint first; the workers on the selector (filters stop at
    # the first plugin that rejects a node).
    assert pending_message(c).startswith("0/3 nodes are available: 1 node(s) had untolerated taint(s), "
                                         "2 node(s) didn't match Pod's node affinity/selector. ")
    assert pending_message(c).endswith("3 Preemption is not helpful for scheduling.")


def test_it_reports_memory_and_cpu_together_on_one_node():
    c = cluster(nodes=1)
    apply(c, "metadata: {name: web}\nspec:\n  tolerations: [{operator: Exists}]\n"
             "  containers: [{name: a, image: nginx, resources: {requests: {cpu: '64', memory: 1000Gi}}}]")
    assert pending_message(c).startswith("0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory.")


def test_it_uses_the_init_container_maximum_for_requests():
    c = cluster(nodes=1)
    # 7 CPUs in an init container, 1 in the app: the effective request is 7, not 8.
    apply(c, "metadata: {name: web}\nspec:\n"
             "  initContainers: [{name: i, image: busybox, resources: {requests: {cpu: '7'}}}]\n"
             "  containers: [{name: a, image: nginx, resources: {requests: {cpu: '1'}}}]")
    assert pod(c, "web")["spec"]["nodeName"] == "kind-worker"
    apply(c, "metadata: {name: two}\nspec:\n"
             "  initContainers: [{name: i, image: busybox, resources: {requests: {cpu: '2'}}}]\n"
             "  containers: [{name: a, image: nginx, resources: {requests: {cpu: '1'}}}]")
    assert "1 Insufficient cpu" in pending_message(c, "two")


def test_it_honours_node_affinity_operators_and_match_fields():
    c = cluster()
    node = c.store.get("nodes", "", "kind-worker2")
    c.api.update_status("nodes", assoc(node, ("metadata", "labels", "gpu-count"), "4"))
    apply(c, """metadata: {name: web}
spec:
  containers: [{name: a, image: nginx}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: gpu-count, operator: Gt, values: ["2"]}
          - {key: node-role.kubernetes.io/control-plane, operator: DoesNotExist}
""")
    assert pod(c, "web")["spec"]["nodeName"] == "kind-worker2"
    apply(c, """metadata: {name: by-name}
spec:
  containers: [{name: a, image: nginx}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchFields: [{key: metadata.name, operator: In, values: [kind-worker]}]
""")
    assert pod(c, "by-name")["spec"]["nodeName"] == "kind-worker"


def test_it_prefers_nodes_by_weight():
    c = cluster()
    apply(c, """metadata: {name: web}
spec:
  containers: [{name: a, image: nginx}]
  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 50
        preference:
          matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [kind-worker]}]
""")
    assert pod(c, "web")["spec"]["nodeName"] == "kind-worker"


def test_it_spreads_with_required_anti_affinity_and_then_waits():
    c = cluster()
    spec = """metadata: {name: NAME, labels: {app: web}}
spec:
  containers: [{name: a, image: nginx}]
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchLabels: {app: web}}
        topologyKey: kubernetes.io/hostname
"""
    for name in ("a", "b", "c"):
        apply(c, spec.replace("NAME", name))
    assert {pod(c, "a")["spec"]["nodeName"], pod(c, "b")["spec"]["nodeName"]} == {"kind-worker", "kind-worker2"}
    assert pending_message(c, "c").startswith(
        "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match pod anti-affinity rules.")
    assert pending_message(c, "c").endswith(
        "1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.")


def test_it_colocates_with_pod_affinity():
    c = cluster()
    apply(c, "metadata: {name: cache, labels: {app: cache}}\nspec:\n  containers: [{name: a, image: redis}]")
    apply(c, """metadata: {name: web}
spec:
  containers: [{name: a, image: nginx}]
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: {matchExpressions: [{key: app, operator: In, values: [cache]}]}
        topologyKey: kubernetes.io/hostname
""")
    assert pod(c, "web")["spec"]["nodeName"] == pod(c, "cache")["spec"]["nodeName"]


def test_it_lets_tolerations_reach_the_control_plane():
    c = cluster(nodes=0)
    apply(c, NGINX)
    assert "1 node(s) had untolerated taint(s)" in pending_message(c)
    apply(c, "metadata: {name: tolerant}\nspec:\n  tolerations: [{key: node-role.kubernetes.io/control-plane, "
             "operator: Exists, effect: NoSchedule}]\n  containers: [{name: a, image: nginx}]")
    assert pod(c, "tolerant")["spec"]["nodeName"] == "kind-control-plane"


def test_it_retries_when_a_node_changes():
    c = cluster(nodes=1)
    apply(c, "metadata: {name: web}\nspec:\n  nodeSelector: {disktype: ssd}\n  containers: [{name: a, image: nginx}]")
    assert not pod(c, "web")["spec"].get("nodeName")
    node = c.store.get("nodes", "", "kind-worker")
    c.api.update_status("nodes", assoc(node, ("metadata", "labels", "disktype"), "ssd"))
    c.reconcile()
    assert pod(c, "web")["spec"]["nodeName"] == "kind-worker"
    assert [r for _, r, _ in event_log(c, "web")] == ["FailedScheduling", "Scheduled"]


def test_it_skips_cordoned_nodes():
    c = cluster(nodes=1)
    node = c.store.get("nodes", "", "kind-worker")
    c.api.update_status("nodes", assoc(node, ("spec", "unschedulable"), True))
    apply(c, NGINX)
    assert pending_message(c).startswith(
        "0/2 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable.")


def test_it_enforces_the_pod_cap():
    c = cluster(nodes=1)
    node = c.store.get("nodes", "", "kind-worker")
    used = sum(1 for p in c.store.list("pods") if p["spec"].get("nodeName") == "kind-worker")
    c.api.update_status("nodes", assoc(node, ("status", "allocatable", "pods"), str(used)))
    apply(c, NGINX)
    assert "1 Too many pods" in pending_message(c)


def test_it_refuses_a_taken_host_port():
    c = cluster(nodes=1)
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: a, image: nginx, ports: [{containerPort: 80, "
             "hostPort: 80}]}]")
    assert "1 node(s) didn't have free ports for the requested pod ports" in pending_message(c)


def test_it_leaves_preset_node_names_and_other_schedulers_alone():
    c = cluster()
    apply(c, "metadata: {name: direct}\nspec:\n  nodeName: kind-worker\n  containers: [{name: a, image: nginx}]")
    assert reasons_of(c, "direct") == []
    apply(c, "metadata: {name: other}\nspec:\n  schedulerName: my-scheduler\n  containers: [{name: a, image: nginx}]")
    other = pod(c, "other")
    assert not other["spec"].get("nodeName") and "conditions" not in other["status"]
    assert scheduler.why_pending(c, other)["code"] == "OtherScheduler"


def reasons_of(c, name):
    return [r for _, r, _ in event_log(c, name) if r in ("Scheduled", "FailedScheduling")]


def test_it_holds_gated_pods_until_the_gates_go():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  schedulingGates: [{name: example.com/foo}]\n"
             "  containers: [{name: a, image: nginx}]")
    cond = condition(pod(c, "web"), "PodScheduled")
    assert (cond["status"], cond["reason"], cond["message"]) == (
        "False", "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates")
    live = pod(c, "web")
    c.api.update_status("pods", assoc(live, ("spec", "schedulingGates"), []))
    c.reconcile()
    assert pod(c, "web")["spec"]["nodeName"]


def test_it_counts_repeated_failures_in_one_event_series():
    c = cluster(nodes=1)
    apply(c, "metadata: {name: web}\nspec:\n  nodeSelector: {disktype: ssd}\n  containers: [{name: a, image: nginx}]")
    node = c.store.get("nodes", "", "kind-worker")
    c.api.update_status("nodes", assoc(node, ("metadata", "labels", "zone"), "a"))
    c.reconcile()
    failed = [e for e in c.store.list("events", "default") if e["reason"] == "FailedScheduling"]
    assert len(failed) == 1 and failed[0]["series"]["count"] == 2


def test_it_returns_structured_findings_for_the_web_layer():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: a, image: nginx, resources: {requests: {cpu: '100'}}}]")
    why = scheduler.why_pending(c, pod(c, "web"))
    assert why["code"] == "Unschedulable"
    assert why["nodes"]["kind-control-plane"][0]["code"] == "UntoleratedTaint"
    assert why["nodes"]["kind-control-plane"][0]["params"]["key"] == "node-role.kubernetes.io/control-plane"
    assert why["nodes"]["kind-worker"][0] == {"code": "InsufficientResource", "reason": "Insufficient cpu",
                                              "params": {"resource": "cpu", "requested": 100000, "free": 8000,
                                                         "allocatable": 8000}}


def test_it_reports_a_missing_claim_before_any_node():
    c = cluster()
    apply(c, "metadata: {name: web}\nspec:\n  containers: [{name: a, image: nginx}]\n"
             "  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]")
    assert pending_message(c) == ('0/3 nodes are available: persistentvolumeclaim "data" not found. no new claims to '
                                  "deallocate, preemption: 0/3 nodes are available: 3 Preemption is not helpful for "
                                  "scheduling.")


def test_it_keeps_hard_topology_spread_within_max_skew():
    c = cluster()
    spec = """metadata: {name: NAME, labels: {app: web}}
spec:
  containers: [{name: a, image: nginx}]
  nodeSelector: {kubernetes.io/os: linux}
  topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule,
     labelSelector: {matchLabels: {app: web}}}
  tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists}]
"""
    for name in ("a", "b", "c", "d", "e", "f"):
        apply(c, spec.replace("NAME", name))
    placed = [pod(c, n)["spec"]["nodeName"] for n in ("a", "b", "c", "d", "e", "f")]
    assert sorted(placed.count(n) for n in set(placed)) == [2, 2, 2]


GATED = """metadata: {name: test-pod}
spec:
  schedulingGates: [{name: example.com/foo}, {name: example.com/bar}]
  containers: [{name: pause, image: 'registry.k8s.io/pause:3.6'}]
"""


def test_it_schedules_and_starts_a_pod_once_its_last_gate_is_removed():
    c = cluster()
    apply(c, GATED)
    c.advance(5)
    assert condition(pod(c, "test-pod"), "PodScheduled")["reason"] == "SchedulingGated"
    one = c.run("""kubectl patch pod test-pod --type=json -p='[{"op":"remove","path":"/spec/schedulingGates/0"}]'""")
    assert one.stdout == "pod/test-pod patched\n"
    c.advance(5)
    assert not pod(c, "test-pod")["spec"].get("nodeName")
    last = c.run("""kubectl patch pod test-pod --type=json -p='[{"op":"remove","path":"/spec/schedulingGates"}]'""")
    assert last.stdout == "pod/test-pod patched\n"
    c.advance(10)
    p = pod(c, "test-pod")
    assert p["spec"]["nodeName"].startswith("kind-worker")
    assert condition(p, "PodScheduled")["status"] == "True"
    assert p["status"]["phase"] == "Running"


def test_it_refuses_to_add_a_scheduling_gate_to_an_existing_pod():
    c = cluster()
    apply(c, GATED)
    result = c.run("""kubectl patch pod test-pod --type=json """
                   """-p='[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"x"}}]'""")
    assert result.exit_code == 1
    assert ("spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate 'x'"
            in result.stderr)


def test_it_sees_room_made_by_a_pod_that_leaves_a_full_node():
    # The scheduler remembers each node's verdict for a kind of pod; a pod leaving must count.
    c = cluster(nodes=2)
    big = "metadata: {name: NAME}\nspec:\n  containers: [{name: a, image: 'nginx:1.27', resources: {requests: {cpu: '6'}}}]"
    for name in ("one", "two", "three"):
        apply(c, big.replace("NAME", name))
    placed = {pod(c, n)["spec"].get("nodeName") for n in ("one", "two")}
    assert placed == {"kind-worker", "kind-worker2"}
    assert "2 Insufficient cpu" in pending_message(c, "three")
    freed = pod(c, "one")["spec"]["nodeName"]
    c.run("kubectl delete pod one --grace-period=0 --force")
    c.advance(5)
    assert pod(c, "three")["spec"]["nodeName"] == freed
