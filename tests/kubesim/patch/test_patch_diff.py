"""Computing strategic merge patches: two-way diffs and kubectl apply's three-way patch."""

import pytest

from kubesim.kubectl.patching import (
    create_three_way_merge_patch,
    create_two_way_merge_patch,
    strategic_merge_patch,
    with_last_applied,
)
from tests.kubesim.patch.patch_objects import edited, stored, web_manifest, without


def cm(**metadata) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", **metadata}}


def test_it_finds_no_patch_between_equal_objects(live):
    assert create_two_way_merge_patch(live, live, "Deployment") == {}


def test_it_sends_changed_and_added_keys_and_nulls_for_removed_ones():
    patch = create_two_way_merge_patch(
        cm(labels={"a": "1", "b": "2"}), cm(labels={"a": "9", "c": "3"}), "ConfigMap"
    )
    assert patch == {"metadata": {"labels": {"a": "9", "b": None, "c": "3"}}}


def test_it_deletes_list_elements_by_merge_key_and_states_the_order(live):
    two = edited(
        live,
        "spec.template.spec.containers",
        [*live["spec"]["template"]["spec"]["containers"], {"name": "log", "image": "busybox"}],
    )
    patch = create_two_way_merge_patch(two, live, "Deployment")
    assert patch == {
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "web"}],
                    "containers": [{"$patch": "delete", "name": "log"}],
                }
            }
        }
    }


def test_it_deletes_strings_from_a_merging_list_with_a_parallel_list():
    patch = create_two_way_merge_patch(
        cm(finalizers=["a", "b", "c"]), cm(finalizers=["c", "a"]), "ConfigMap"
    )
    assert patch == {
        "metadata": {
            "$deleteFromPrimitiveList/finalizers": ["b"],
            "$setElementOrder/finalizers": ["c", "a"],
        }
    }


def test_it_adds_retain_keys_for_the_deployment_strategy(live):
    recreate = edited(live, "spec.strategy", {"type": "Recreate"})
    patch = create_two_way_merge_patch(live, recreate, "Deployment")
    assert patch == {
        "spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": None, "type": "Recreate"}}
    }


def test_it_always_sends_a_map_with_the_replace_strategy():
    # PodDisruptionBudget's selector has patchStrategy "replace": Go sends it even unchanged.
    pdb = {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": "p"},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}},
    }
    assert create_two_way_merge_patch(pdb, pdb, "PodDisruptionBudget") == {
        "spec": {"selector": {"matchLabels": {"app": "web"}}}
    }


@pytest.mark.parametrize(
    "change",
    [
        lambda o: edited(o, "spec.template.spec.containers.0.image", "nginx:1.28"),
        lambda o: without(o, "metadata.labels.tier"),
        lambda o: edited(
            o,
            "spec.template.spec.containers",
            [{"name": "a", "image": "x"}, *o["spec"]["template"]["spec"]["containers"]],
        ),
        lambda o: edited(o, "spec.strategy", {"type": "Recreate"}),
        lambda o: edited(
            o, "spec.template.spec.containers.0.ports", [{"containerPort": 8080, "protocol": "TCP"}]
        ),
    ],
)
def test_it_yields_the_modified_object_when_its_two_way_patch_is_applied(live, change):
    modified = change(live)
    assert (
        strategic_merge_patch(
            live, create_two_way_merge_patch(live, modified, "Deployment"), "Deployment"
        )
        == modified
    )


def test_it_never_deletes_in_three_way_what_the_last_applied_never_had(live):
    manifest = web_manifest()
    patch = create_three_way_merge_patch(manifest, manifest, live, "Deployment")
    assert patch == {}


def test_it_merges_deletions_and_changes_of_one_list_in_three_way():
    written = web_manifest()
    written["spec"]["template"]["spec"]["containers"].append({"name": "log", "image": "busybox"})
    live = stored(written)
    new = edited(web_manifest(), "spec.template.spec.containers.0.image", "nginx:1.28")
    patch = create_three_way_merge_patch(written, new, live, "io.k8s.api.apps.v1.Deployment")
    assert patch == {
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "web"}],
                    "containers": [
                        {"image": "nginx:1.28", "name": "web"},
                        {"$patch": "delete", "name": "log"},
                    ],
                }
            }
        }
    }


def test_it_takes_the_annotation_text_as_the_last_applied(live):
    text = live["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
    manifest = edited(web_manifest(), "metadata.namespace", "default")
    assert create_three_way_merge_patch(text, with_last_applied(manifest), live, "Deployment") == {}
