"""JSON patch (RFC 6902) with evanphx/json-patch v4's behaviour and error texts."""

import copy

import pytest

from kubesim.kubectl.patching import MergeError, apply_json_patch

DOC = {
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {
        "replicas": 1,
        "template": {"spec": {"containers": [{"name": "web", "image": "nginx", "args": ["-a"]}]}},
    },
}
ARGS = "/spec/template/spec/containers/0/args"


def fails(*ops) -> str:
    with pytest.raises(MergeError) as err:
        apply_json_patch(DOC, list(ops))
    assert err.value.reason == "Invalid"
    return err.value.message


def test_it_adds_replaces_and_removes_members():
    out = apply_json_patch(
        DOC,
        [
            {"op": "replace", "path": "/spec/replicas", "value": 3},
            {"op": "add", "path": "/metadata/labels/tier", "value": "web"},
            {"op": "remove", "path": "/metadata/labels/app"},
        ],
    )
    assert out["spec"]["replicas"] == 3
    assert out["metadata"]["labels"] == {"tier": "web"}


def test_it_appends_with_a_dash_and_inserts_at_an_index():
    out = apply_json_patch(
        DOC,
        [
            {"op": "add", "path": f"{ARGS}/-", "value": "-z"},
            {"op": "add", "path": f"{ARGS}/0", "value": "-0"},
        ],
    )
    assert out["spec"]["template"]["spec"]["containers"][0]["args"] == ["-0", "-a", "-z"]


def test_it_unescapes_tilde_one_and_tilde_zero_in_keys():
    out = apply_json_patch(
        DOC, [{"op": "add", "path": "/metadata/labels/example.com~1owner~0x", "value": "me"}]
    )
    assert out["metadata"]["labels"]["example.com/owner~x"] == "me"


def test_it_moves_copies_and_tests_values():
    out = apply_json_patch(
        DOC,
        [
            {"op": "test", "path": "/spec/replicas", "value": 1},
            {"op": "copy", "from": "/metadata/labels", "path": "/metadata/annotations"},
            {"op": "move", "from": "/metadata/labels/app", "path": "/metadata/labels/role"},
        ],
    )
    assert out["metadata"]["annotations"] == {"app": "web"}
    assert out["metadata"]["labels"] == {"role": "web"}


def test_it_adds_a_missing_member_on_replace_as_the_api_server_does():
    assert (
        apply_json_patch(DOC, [{"op": "replace", "path": "/spec/paused", "value": True}])["spec"][
            "paused"
        ]
        is True
    )


def test_it_never_changes_the_document():
    before = copy.deepcopy(DOC)
    apply_json_patch(
        DOC,
        [
            {"op": "add", "path": f"{ARGS}/-", "value": "x"},
            {"op": "remove", "path": "/spec/replicas"},
        ],
    )
    assert before == DOC


def test_it_says_the_path_is_missing_when_a_parent_is_absent():
    assert fails({"op": "add", "path": "/metadata/annotations/a", "value": "1"}) == (
        'add operation does not apply: doc is missing path: "/metadata/annotations/a": missing value'
    )
    assert fails({"op": "replace", "path": "/spec/strategy/type", "value": "Recreate"}) == (
        "replace operation does not apply: doc is missing path: /spec/strategy/type: missing value"
    )


def test_it_says_which_key_or_index_is_missing():
    assert fails({"op": "replace", "path": f"{ARGS}/5", "value": "x"}) == (
        f"replace operation does not apply: doc is missing key: {ARGS}/5: missing value"
    )
    assert fails({"op": "remove", "path": "/metadata/labels/tier"}) == (
        "error in remove for path: '/metadata/labels/tier': Unable to remove nonexistent key: tier: missing value"
    )
    assert fails({"op": "add", "path": f"{ARGS}/3", "value": "x"}) == (
        f"error in add for path: '{ARGS}/3': Unable to access invalid index: 3: invalid index referenced"
    )


def test_it_reports_a_failed_test_and_an_unknown_operation():
    assert (
        fails({"op": "test", "path": "/spec/replicas", "value": 2})
        == "testing value /spec/replicas failed: test failed"
    )
    assert (
        fails({"op": "update", "path": "/spec/replicas", "value": 2}) == "Unexpected kind: update"
    )
    assert fails({"path": "/spec/replicas"}) == "Unexpected kind: unknown"


def test_it_counts_negative_indexes_from_the_end():
    out = apply_json_patch(DOC, [{"op": "replace", "path": f"{ARGS}/-1", "value": "-b"}])
    assert out["spec"]["template"]["spec"]["containers"][0]["args"] == ["-b"]


def test_it_replaces_the_whole_document_only_with_an_object_or_list():
    assert apply_json_patch(DOC, [{"op": "replace", "path": "", "value": {"a": 1}}]) == {"a": 1}
    assert fails({"op": "replace", "path": "", "value": 1}) == (
        "replace operation value must be object or array: %!w(<nil>)"
    )
