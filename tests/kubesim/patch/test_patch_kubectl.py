"""`kubectl patch`: patch types, `(no change)`, and the errors kubectl prints."""

import pytest

from kubesim.kubectl.patching import PatchError, patch_object, patch_result_text
from tests.kubesim.patch.patch_objects import edited


def refused(live, text, patch_type="strategic", **kw) -> PatchError:
    with pytest.raises(PatchError) as err:
        patch_object(live, text, patch_type, **kw)
    return err.value


def test_it_patches_replicas_with_a_strategic_merge_patch_by_default(live):
    patched, changed = patch_object(live, '{"spec":{"replicas":3}}')
    assert changed
    assert patched == edited(live, "spec.replicas", 3)
    assert patch_result_text("deployment.apps/web", changed) == "deployment.apps/web patched"


def test_it_says_no_change_when_the_object_stays_the_same(live):
    patched, changed = patch_object(live, '{"spec":{"replicas":2}}')
    assert (patched, changed) == (live, False)
    assert (
        patch_result_text("deployment.apps/web", changed)
        == "deployment.apps/web patched (no change)"
    )


def test_it_accepts_yaml_as_well_as_json(live):
    patched, _ = patch_object(live, "spec:\n  replicas: 4\n")
    assert patched["spec"]["replicas"] == 4


def test_it_merges_containers_by_name_with_strategic_but_replaces_them_with_merge(live):
    strategic, _ = patch_object(
        live, '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}'
    )
    assert strategic == edited(live, "spec.template.spec.containers.0.image", "nginx:1.28")
    merged, _ = patch_object(
        live,
        '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28"}]}}}}',
        "merge",
    )
    assert merged["spec"]["template"]["spec"]["containers"] == [
        {"name": "web", "image": "nginx:1.28"}
    ]


def test_it_applies_a_json_patch(live):
    text = '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.28"}]'
    patched, changed = patch_object(live, text, "JSON")
    assert changed and patched == edited(
        live, "spec.template.spec.containers.0.image", "nginx:1.28"
    )


def test_it_refuses_an_unknown_patch_type(live):
    assert (
        str(refused(live, "{}", "apply"))
        == 'error: --type must be one of [json merge strategic], not "apply"'
    )


def test_it_refuses_an_empty_patch(live):
    assert (
        str(refused(live, ""))
        == "error: must specify --patch or --patch-file containing the contents of the patch"
    )


def test_it_quotes_a_patch_it_cannot_parse(live):
    error = refused(live, '{"spec":{"replicas":3}')
    assert (
        str(error)
        == 'error: unable to parse "{\\"spec\\":{\\"replicas\\":3}": yaml: line 1: did not find expected \',\' or \'}\''
    )
    assert error.code == 0


def test_it_quotes_an_empty_patch_for_an_unparsable_patch_file(live):
    assert str(refused(live, "a: [", from_file=True)).startswith(
        'error: unable to parse "": yaml: '
    )


def test_it_answers_bad_request_for_a_patch_of_the_wrong_shape(live):
    assert str(refused(live, '["a"]')) == (
        "Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}"
    )
    assert str(refused(live, '{"op":"add"}', "json")) == (
        "Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type "
        "[]handlers.jsonPatchOp"
    )
    assert refused(live, '"x"', "merge").code == 400


def test_it_prints_a_json_patch_that_does_not_apply_as_an_invalid_request(live):
    error = refused(
        live, '[{"op":"add","path":"/spec/template/metadata/annotations/a","value":"1"}]', "json"
    )
    assert error.code == 422
    assert str(error) == (
        'The request is invalid: : add operation does not apply: doc is missing path: "/spec/template/metadata/annotations/a": '
        "missing value"
    )


def test_it_prints_a_missing_merge_key_as_an_error_from_server(live):
    error = refused(live, '{"spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}}')
    assert (
        str(error)
        == "Error from server: map: map[image:nginx] does not contain declared merge key: name"
    )


def test_it_switches_the_strategy_only_with_retain_keys(live):
    plain, _ = patch_object(live, '{"spec":{"strategy":{"type":"Recreate"}}}')
    assert plain["spec"]["strategy"] == {
        "type": "Recreate",
        "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
    }
    retained, _ = patch_object(
        live, '{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}'
    )
    assert retained["spec"]["strategy"] == {"type": "Recreate"}
    merged, _ = patch_object(
        live, '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}', "merge"
    )
    assert merged["spec"]["strategy"] == {"type": "Recreate"}
