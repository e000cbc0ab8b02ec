"""Defaulting as a 1.37 API server does it, without touching the input."""

import copy

import pytest

from kubesim.apiserver.defaults import apply_defaults, generate_job_selector, pull_policy


def pod_spec(**extra):
    return {"containers": [{"name": "web", "image": "nginx", **extra}]}


def test_it_defaults_a_pod_like_the_api_server():
    out = apply_defaults(
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": pod_spec()}
    )
    spec = out["spec"]
    assert {k: v for k, v in spec.items() if k != "containers"} == {
        "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "securityContext": {},
        "schedulerName": "default-scheduler",
        "enableServiceLinks": True,
        "priority": 0,
        "preemptionPolicy": "PreemptLowerPriority",
    }
    assert spec["containers"] == [
        {
            "name": "web",
            "image": "nginx",
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "resources": {},
            "imagePullPolicy": "Always",
        }
    ]


@pytest.mark.parametrize(
    ("image", "policy"),
    [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("nginx:1.27", "IfNotPresent"),
        ("localhost:5000/app", "Always"),
        ("localhost:5000/app:v2", "IfNotPresent"),
        ("nginx@sha256:0123abcd", "IfNotPresent"),
    ],
)
def test_it_picks_the_image_pull_policy_from_the_tag(image, policy):
    assert pull_policy(image) == policy


def test_it_defaults_ports_probes_and_requests():
    container = apply_defaults(
        {
            "kind": "Pod",
            "spec": pod_spec(
                ports=[{"containerPort": 80}],
                livenessProbe={"httpGet": {"port": 80}},
                resources={"limits": {"cpu": "500m"}},
            ),
        }
    )["spec"]["containers"][0]
    assert container["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert container["livenessProbe"] == {
        "httpGet": {"port": 80, "path": "/", "scheme": "HTTP"},
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }
    assert "initialDelaySeconds" not in container["livenessProbe"]
    assert container["resources"] == {"limits": {"cpu": "500m"}, "requests": {"cpu": "500m"}}


def test_it_defaults_volume_modes():
    volumes = apply_defaults(
        {
            "kind": "Pod",
            "spec": {
                **pod_spec(),
                "volumes": [
                    {"name": "a", "configMap": {"name": "c"}},
                    {"name": "b", "secret": {"secretName": "s"}},
                    {"name": "c"},
                ],
            },
        }
    )["spec"]["volumes"]
    assert volumes == [
        {"name": "a", "configMap": {"name": "c", "defaultMode": 420}},
        {"name": "b", "secret": {"secretName": "s", "defaultMode": 420}},
        {"name": "c", "emptyDir": {}},
    ]


def test_it_defaults_a_deployment():
    spec = apply_defaults(
        {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": pod_spec()}}}
    )["spec"]
    assert (spec["replicas"], spec["revisionHistoryLimit"], spec["progressDeadlineSeconds"]) == (
        1,
        10,
        600,
    )
    assert spec["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"},
    }
    assert spec["template"]["spec"]["restartPolicy"] == "Always"
    assert "priority" not in spec["template"]["spec"]  # admission sets it on pods only


def test_it_leaves_recreate_without_rolling_update():
    spec = apply_defaults({"kind": "Deployment", "spec": {"strategy": {"type": "Recreate"}}})[
        "spec"
    ]
    assert spec["strategy"] == {"type": "Recreate"}


def test_it_defaults_a_statefulset():
    spec = apply_defaults(
        {
            "kind": "StatefulSet",
            "spec": {
                "serviceName": "web",
                "volumeClaimTemplates": [
                    {"metadata": {"name": "www"}, "spec": {"accessModes": ["ReadWriteOnce"]}}
                ],
            },
        }
    )["spec"]
    assert spec["serviceName"] == "web"
    assert spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert spec["revisionHistoryLimit"] == 10
    assert spec["persistentVolumeClaimRetentionPolicy"] == {
        "whenDeleted": "Retain",
        "whenScaled": "Retain",
    }
    assert spec["volumeClaimTemplates"] == [
        {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "www"},
            "spec": {"accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem"},
            "status": {"phase": "Pending"},
        }
    ]


def test_it_defaults_a_daemonset():
    spec = apply_defaults({"kind": "DaemonSet", "spec": {}})["spec"]
    assert spec["updateStrategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0},
    }
    assert spec["revisionHistoryLimit"] == 10


def test_it_defaults_a_job_and_gives_it_its_template_labels():
    job = apply_defaults(
        {
            "kind": "Job",
            "metadata": {"name": "pi"},
            "spec": {"template": {"metadata": {"labels": {"app": "pi"}}, "spec": pod_spec()}},
        }
    )
    spec = job["spec"]
    assert {
        k: spec[k]
        for k in (
            "completions",
            "parallelism",
            "backoffLimit",
            "completionMode",
            "suspend",
            "podReplacementPolicy",
        )
    } == {
        "completions": 1,
        "parallelism": 1,
        "backoffLimit": 6,
        "completionMode": "NonIndexed",
        "suspend": False,
        "podReplacementPolicy": "TerminatingOrFailed",
    }
    assert "manualSelector" not in spec
    assert job["metadata"]["labels"] == {"app": "pi"}
    parallel = apply_defaults({"kind": "Job", "spec": {"parallelism": 3}})["spec"]
    assert "completions" not in parallel


def test_it_defaults_services_by_type():
    spec = apply_defaults({"kind": "Service", "spec": {"ports": [{"port": 80}]}})["spec"]
    assert spec == {
        "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
        "type": "ClusterIP",
        "sessionAffinity": "None",
        "internalTrafficPolicy": "Cluster",
        "ipFamilyPolicy": "SingleStack",
        "ipFamilies": ["IPv4"],
    }
    node_port = apply_defaults(
        {"kind": "Service", "spec": {"type": "NodePort", "ports": [{"port": 80}]}}
    )["spec"]
    assert node_port["externalTrafficPolicy"] == "Cluster"
    lb = apply_defaults({"kind": "Service", "spec": {"type": "LoadBalancer"}})["spec"]
    assert lb["allocateLoadBalancerNodePorts"] is True
    external = apply_defaults(
        {"kind": "Service", "spec": {"type": "ExternalName", "externalName": "x.example"}}
    )["spec"]
    assert "ipFamilies" not in external


def test_it_defaults_secrets_namespaces_claims_and_bindings():
    secret = apply_defaults({"kind": "Secret", "stringData": {"user": "admin"}})
    assert secret == {"kind": "Secret", "type": "Opaque", "data": {"user": "YWRtaW4="}}
    ns = apply_defaults({"kind": "Namespace", "metadata": {"name": "dev"}})
    assert ns["metadata"]["labels"] == {"kubernetes.io/metadata.name": "dev"}
    assert apply_defaults({"kind": "PersistentVolumeClaim", "spec": {}})["spec"] == {
        "volumeMode": "Filesystem"
    }
    binding = apply_defaults(
        {
            "kind": "RoleBinding",
            "subjects": [
                {"kind": "User", "name": "jane"},
                {"kind": "ServiceAccount", "name": "default"},
            ],
        }
    )
    assert [s["apiGroup"] for s in binding["subjects"]] == ["rbac.authorization.k8s.io", ""]


@pytest.mark.parametrize(
    "kind",
    [
        "Pod",
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "Job",
        "CronJob",
        "Service",
        "Secret",
        "Namespace",
        "RoleBinding",
    ],
)
def test_it_never_changes_its_input(kind):
    obj = {
        "kind": kind,
        "metadata": {"name": "x", "labels": {}},
        "stringData": {"a": "b"},
        "subjects": [{"kind": "User", "name": "u"}],
        "spec": {
            "ports": [{"port": 80}],
            "containers": [{"name": "c", "image": "i", "ports": [{"containerPort": 1}]}],
            "template": {"spec": pod_spec(livenessProbe={"httpGet": {"port": 80}})},
        },
    }
    before = copy.deepcopy(obj)
    apply_defaults(obj)
    assert obj == before


def test_it_is_idempotent():
    obj = {
        "kind": "Deployment",
        "spec": {"template": {"spec": pod_spec(ports=[{"containerPort": 80}])}},
    }
    once = apply_defaults(obj)
    assert apply_defaults(once) == once


def test_it_generates_a_jobs_selector_from_its_uid():
    job = {
        "kind": "Job",
        "metadata": {"name": "pi"},
        "spec": {"template": {"metadata": {"labels": {"app": "pi"}}}},
    }
    out = generate_job_selector(job, "u-1")
    assert out["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}}
    assert out["spec"]["template"]["metadata"]["labels"] == {
        "app": "pi",
        "batch.kubernetes.io/controller-uid": "u-1",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": "u-1",
        "job-name": "pi",
    }
    assert "selector" not in job["spec"]
    manual = {"kind": "Job", "spec": {"manualSelector": True}}
    assert generate_job_selector(manual, "u-1") is manual
