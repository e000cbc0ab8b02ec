"""Strategic merge patch as the API server applies it: merge keys and directives."""

import copy

import pytest

from kubesim.kubectl.patching import MergeError, strategic_merge_patch
from tests.kubesim.patch.patch_objects import edited


def pod(*containers, **spec) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {"containers": list(containers), **spec},
    }


def c(name: str, **fields) -> dict:
    return {"name": name, **fields}


def smp(obj: dict, patch: dict) -> dict:
    return strategic_merge_patch(obj, patch, obj["kind"])


def test_it_merges_containers_by_name():
    live = pod(c("web", image="nginx:1.27"), c("log", image="busybox"))
    out = smp(live, {"spec": {"containers": [{"name": "log", "image": "busybox:1.36"}]}})
    assert out["spec"]["containers"] == [
        c("web", image="nginx:1.27"),
        c("log", image="busybox:1.36"),
    ]


def test_it_puts_a_new_element_first_when_the_patch_gives_no_order():
    # mergeSlice keeps the patch's elements ahead of server-only ones unless the live order
    # says otherwise: an element the server never had goes first.
    live = pod(c("web"), c("log"))
    out = smp(live, {"spec": {"containers": [{"name": "proxy", "image": "envoy"}]}})
    assert [x["name"] for x in out["spec"]["containers"]] == ["proxy", "web", "log"]


def test_it_orders_the_list_as_set_element_order_says():
    live = pod(c("web"), c("log"))
    patch = {
        "spec": {
            "$setElementOrder/containers": [{"name": "web"}, {"name": "proxy"}, {"name": "log"}],
            "containers": [{"name": "proxy", "image": "envoy"}],
        }
    }
    assert [x["name"] for x in smp(live, patch)["spec"]["containers"]] == ["web", "proxy", "log"]


def test_it_merges_env_by_name_and_ports_by_container_port():
    live = pod(
        c(
            "web",
            env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
            ports=[{"containerPort": 80, "protocol": "TCP"}],
        )
    )
    patch = {
        "spec": {
            "containers": [
                {
                    "name": "web",
                    "env": [{"name": "B", "value": "3"}],
                    "ports": [{"containerPort": 80, "name": "http"}],
                }
            ]
        }
    }
    out = smp(live, patch)["spec"]["containers"][0]
    assert out["env"] == [{"name": "A", "value": "1"}, {"name": "B", "value": "3"}]
    assert out["ports"] == [{"containerPort": 80, "protocol": "TCP", "name": "http"}]


def test_it_merges_volumes_by_name_and_volume_mounts_by_mount_path():
    live = pod(
        c("web", volumeMounts=[{"name": "data", "mountPath": "/data"}]),
        volumes=[{"name": "data", "emptyDir": {}}],
    )
    patch = {
        "spec": {
            "volumes": [{"name": "cache", "emptyDir": {}}],
            "containers": [
                {"name": "web", "volumeMounts": [{"name": "cache", "mountPath": "/cache"}]}
            ],
        }
    }
    out = smp(live, patch)["spec"]
    assert [v["name"] for v in out["volumes"]] == ["cache", "data"]
    assert [m["mountPath"] for m in out["containers"][0]["volumeMounts"]] == ["/cache", "/data"]


def test_it_replaces_tolerations_whole_because_the_list_is_atomic():
    live = pod(c("web"), tolerations=[{"key": "a", "operator": "Exists"}])
    out = smp(live, {"spec": {"tolerations": [{"key": "b", "operator": "Exists"}]}})
    assert out["spec"]["tolerations"] == [{"key": "b", "operator": "Exists"}]


def test_it_merges_image_pull_secrets_by_name():
    live = pod(c("web"), imagePullSecrets=[{"name": "reg"}])
    out = smp(live, {"spec": {"imagePullSecrets": [{"name": "other"}]}})
    assert out["spec"]["imagePullSecrets"] == [{"name": "other"}, {"name": "reg"}]


def test_it_deletes_an_element_with_patch_delete():
    live = pod(c("web"), c("log"))
    out = smp(live, {"spec": {"containers": [{"name": "log", "$patch": "delete"}]}})
    assert out["spec"]["containers"] == [c("web")]


def test_it_replaces_a_list_with_patch_replace():
    live = pod(c("web", image="a"), c("log"))
    out = smp(
        live, {"spec": {"containers": [{"name": "new", "image": "b"}, {"$patch": "replace"}]}}
    )
    assert out["spec"]["containers"] == [c("new", image="b")]


def test_it_replaces_or_deletes_a_map_with_patch_directives():
    live = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "labels": {"a": "1", "b": "2"}},
    }
    replaced = smp(live, {"metadata": {"labels": {"c": "3", "$patch": "replace"}}})
    assert replaced["metadata"]["labels"] == {"c": "3"}
    deleted = smp(live, {"metadata": {"labels": {"$patch": "delete"}}})
    assert deleted["metadata"]["labels"] == {}


def test_it_deletes_a_key_given_null_and_ignores_null_for_an_absent_key():
    live = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "labels": {"a": "1"}},
    }
    out = smp(live, {"metadata": {"labels": {"a": None, "zzz": None}}})
    assert out["metadata"]["labels"] == {}


def test_it_clears_keys_missing_from_retain_keys():
    live = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}}},
    }
    out = smp(live, {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}})
    assert out["spec"]["strategy"] == {"type": "Recreate"}


def test_it_keeps_rolling_update_when_a_patch_switches_type_without_retain_keys():
    # The classic trap: this patch leaves rollingUpdate behind and the API server then
    # refuses the Deployment (spec.strategy.rollingUpdate: Forbidden).
    live = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}}},
    }
    out = smp(live, {"spec": {"strategy": {"type": "Recreate"}}})
    assert out["spec"]["strategy"] == {"type": "Recreate", "rollingUpdate": {"maxSurge": "25%"}}


def test_it_refuses_a_patch_key_missing_from_retain_keys():
    live = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d"},
        "spec": {"strategy": {}},
    }
    with pytest.raises(MergeError) as err:
        smp(
            live,
            {
                "spec": {
                    "strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": {}}
                }
            },
        )
    assert (err.value.message, err.value.reason) == (
        "invalid patch format of retainKeys",
        "BadRequest",
    )


def test_it_merges_and_deletes_finalizers_as_a_set_of_strings():
    live = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "finalizers": ["a/x", "b/y"]},
    }
    added = smp(live, {"metadata": {"finalizers": ["c/z", "a/x"]}})
    assert added["metadata"]["finalizers"] == ["c/z", "a/x", "b/y"]
    removed = smp(live, {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a/x"]}})
    assert removed["metadata"]["finalizers"] == ["b/y"]


def test_it_names_the_missing_merge_key_as_the_server_does():
    live = pod(c("web"))
    with pytest.raises(MergeError) as err:
        smp(live, {"spec": {"containers": [{"image": "nginx", "ports": [{"containerPort": 80}]}]}})
    assert (
        err.value.message
        == "map: map[image:nginx ports:[map[containerPort:80]]] does not contain declared merge key: name"
    )


def test_it_replaces_a_value_whose_type_changed():
    live = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}}
    assert smp(live, {"data": "oops"})["data"] == "oops"


def test_it_never_changes_its_inputs_and_shares_untouched_parts():
    live = pod(c("web", image="a"), c("log"), volumes=[{"name": "v", "emptyDir": {}}])
    patch = {"spec": {"containers": [{"name": "web", "image": "b"}]}}
    before = copy.deepcopy((live, patch))
    out = smp(live, patch)
    assert (live, patch) == before
    assert out["spec"]["volumes"] is live["spec"]["volumes"]
    assert out == edited(live, "spec.containers.0.image", "b")
