"""Client-side `kubectl apply`: the last-applied annotation and what each re-apply does."""

import copy

from kubesim.kubectl.patching import last_applied, plan_apply
from tests.kubesim.patch.patch_objects import LAST_APPLIED, edited, stored, web_manifest, without

WEB_LAST_APPLIED = (
    '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},'
    '"labels":{"app":"web","tier":"frontend"},"name":"web","namespace":"default"},'
    '"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":'
    '{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27","name":"web",'
    '"ports":[{"containerPort":80}]}]}}}}\n'
)


def with_namespace(manifest: dict) -> dict:
    return edited(manifest, "metadata.namespace", "default")


def annotation_for(manifest: dict) -> str:
    return last_applied(with_namespace(manifest))


# --- the annotation ---------------------------------------------------------------------


def test_it_writes_the_manifest_as_sorted_compact_json_with_empty_annotations_and_a_newline(
    manifest,
):
    assert last_applied(with_namespace(manifest)) == WEB_LAST_APPLIED


def test_it_leaves_its_own_annotation_out_of_the_annotation_and_keeps_the_others(manifest):
    manifest["metadata"]["annotations"] = {LAST_APPLIED: "stale", "team": "a&b <ops>"}
    value = last_applied(manifest)
    assert '"annotations":{"team":"a\\u0026b \\u003cops\\u003e"}' in value
    assert "stale" not in value


def test_it_writes_whole_numbers_without_a_fraction_as_go_does():
    value = last_applied(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "x": 1.0, "y": 0.5}
    )
    assert (
        value
        == '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"name":"c"},"x":1,"y":0.5}\n'
    )


# --- create -------------------------------------------------------------------------------


def test_it_creates_an_absent_object_with_the_annotation_and_the_namespace(manifest):
    plan = plan_apply(manifest, None, namespace="default")
    assert plan.action == "created"
    assert plan.patch is None
    expected = with_namespace(manifest)
    expected["metadata"]["annotations"] = {LAST_APPLIED: WEB_LAST_APPLIED}
    assert plan.result == expected


def test_it_leaves_the_namespace_out_of_cluster_scoped_objects():
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
    plan = plan_apply(ns, None, namespace="default")
    assert plan.result["metadata"] == {
        "name": "shop",
        "annotations": {
            LAST_APPLIED: '{"apiVersion":"v1","kind":"Namespace","metadata":{"annotations":{},"name":"shop"}}\n'
        },
    }


# --- re-apply -----------------------------------------------------------------------------


def test_it_reports_unchanged_when_the_same_file_is_applied_again(manifest, live):
    plan = plan_apply(manifest, live, namespace="default")
    assert (plan.action, plan.patch, plan.result) == ("unchanged", {}, live)
    assert plan.warnings == ()


def test_it_reports_unchanged_although_controllers_changed_status_and_annotations(manifest, live):
    live = edited(live, "status.readyReplicas", 0)
    live["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = "3"
    assert plan_apply(manifest, live, namespace="default").action == "unchanged"


def test_it_changes_only_the_image_and_the_annotation_when_the_image_changes(manifest, live):
    changed = edited(manifest, "spec.template.spec.containers.0.image", "nginx:1.28")
    plan = plan_apply(changed, live, namespace="default")
    assert plan.action == "configured"
    assert plan.patch == {
        "metadata": {"annotations": {LAST_APPLIED: annotation_for(changed)}},
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "web"}],
                    "containers": [{"image": "nginx:1.28", "name": "web"}],
                }
            }
        },
    }
    expected = edited(live, "spec.template.spec.containers.0.image", "nginx:1.28")
    expected = edited(expected, ("metadata", "annotations", LAST_APPLIED), annotation_for(changed))
    assert plan.result == expected


def test_it_removes_a_label_that_left_the_file(manifest, live):
    changed = without(manifest, "metadata.labels.tier")
    plan = plan_apply(changed, live, namespace="default")
    assert plan.patch == {
        "metadata": {
            "annotations": {LAST_APPLIED: annotation_for(changed)},
            "labels": {"tier": None},
        }
    }
    assert plan.result["metadata"]["labels"] == {"app": "web"}


def test_it_keeps_a_label_added_by_kubectl_label(manifest, live):
    labelled = edited(live, "metadata.labels.env", "prod")
    assert plan_apply(manifest, labelled, namespace="default").action == "unchanged"
    changed = edited(manifest, "spec.template.spec.containers.0.image", "nginx:1.28")
    plan = plan_apply(changed, labelled, namespace="default")
    assert plan.result["metadata"]["labels"] == {"app": "web", "tier": "frontend", "env": "prod"}


def test_it_keeps_a_sidecar_added_by_hand_but_reports_configured_every_time(manifest, live):
    # The containers list merges by name, so the sidecar (never in last-applied) survives;
    # but live and file differ in length, so kubectl always sends the file's order.
    sidecar = {"name": "log", "image": "busybox:1.36", "imagePullPolicy": "IfNotPresent"}
    pod_spec = live["spec"]["template"]["spec"]
    live = edited(live, "spec.template.spec.containers", [*pod_spec["containers"], sidecar])
    plan = plan_apply(manifest, live, namespace="default")
    assert plan.action == "configured"
    assert plan.patch == {
        "spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "web"}]}}}
    }
    assert plan.result == live


def test_it_removes_a_container_that_left_the_file(live):
    two = web_manifest()
    two["spec"]["template"]["spec"]["containers"].append({"name": "log", "image": "busybox:1.36"})
    live = stored(two)
    plan = plan_apply(web_manifest(), live, namespace="default")
    assert plan.patch["spec"] == {
        "template": {
            "spec": {
                "$setElementOrder/containers": [{"name": "web"}],
                "containers": [{"$patch": "delete", "name": "log"}],
            }
        }
    }
    assert [c["name"] for c in plan.result["spec"]["template"]["spec"]["containers"]] == ["web"]


def test_it_switches_a_defaulted_strategy_to_recreate_and_drops_rolling_update(manifest, live):
    changed = edited(manifest, "spec.strategy", {"type": "Recreate"})
    plan = plan_apply(changed, live, namespace="default")
    assert plan.patch["spec"] == {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}
    assert plan.result["spec"]["strategy"] == {"type": "Recreate"}


def test_it_switches_a_written_rolling_update_to_recreate(manifest):
    rolling = edited(
        manifest, "spec.strategy", {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}
    )
    live = stored(rolling)
    changed = edited(manifest, "spec.strategy", {"type": "Recreate"})
    plan = plan_apply(changed, live, namespace="default")
    assert plan.patch["spec"] == {
        "strategy": {"$retainKeys": ["type"], "rollingUpdate": None, "type": "Recreate"}
    }
    assert plan.result["spec"]["strategy"] == {"type": "Recreate"}


def test_it_overwrites_replicas_set_by_kubectl_scale_when_the_file_sets_replicas(manifest, live):
    scaled = edited(live, "spec.replicas", 5)
    plan = plan_apply(manifest, scaled, namespace="default")
    assert plan.patch == {"spec": {"replicas": 2}}
    assert plan.result["spec"]["replicas"] == 2


def test_it_keeps_replicas_set_by_kubectl_scale_when_the_file_never_set_replicas():
    manifest = without(web_manifest(), "spec.replicas")
    scaled = edited(stored(manifest), "spec.replicas", 5)
    plan = plan_apply(manifest, scaled, namespace="default")
    assert plan.action == "unchanged"
    assert plan.result["spec"]["replicas"] == 5


def test_it_deletes_replicas_when_the_line_leaves_the_file(manifest, live):
    plan = plan_apply(without(manifest, "spec.replicas"), live, namespace="default")
    assert plan.patch["spec"] == {"replicas": None}
    assert "replicas" not in plan.result["spec"]  # the API server then defaults it to 1


def test_it_warns_and_patches_the_annotation_of_an_object_made_by_kubectl_create(manifest, live):
    created = without(live, ("metadata", "annotations", LAST_APPLIED))
    plan = plan_apply(manifest, created, namespace="default")
    assert plan.warnings == (
        (
            "Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration "
            "annotation which is required by kubectl apply. kubectl apply should only be used on resources "
            "created declaratively by either kubectl create --save-config or kubectl apply. The missing "
            "annotation will be patched automatically."
        ),
    )
    assert plan.action == "configured"
    assert plan.patch == {"metadata": {"annotations": {LAST_APPLIED: WEB_LAST_APPLIED}}}


def test_it_never_changes_its_inputs(manifest, live):
    before = copy.deepcopy((manifest, live))
    changed = edited(manifest, "spec.strategy", {"type": "Recreate"})
    plan_apply(changed, live, namespace="default")
    plan_apply(manifest, live, namespace="default")
    assert (manifest, live) == before
