"""JSON merge patch (RFC 7386) as the API server applies `kubectl patch --type merge`."""

import copy

from kubesim.kubectl.patching import create_merge_patch, merge_patch


def test_it_merges_objects_and_replaces_lists_whole():
    target = {
        "spec": {
            "replicas": 1,
            "template": {"spec": {"containers": [{"name": "a"}, {"name": "b"}]}},
        }
    }
    patch = {"spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "c"}]}}}}
    assert merge_patch(target, patch) == {
        "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "c"}]}}}
    }


def test_it_deletes_members_set_to_null():
    assert merge_patch({"a": 1, "b": {"c": 2, "d": 3}}, {"a": None, "b": {"c": None}}) == {
        "b": {"d": 3}
    }


def test_it_follows_the_rfc_7386_examples():
    # RFC 7386, section 3 and appendix A.
    target = {
        "title": "Goodbye!",
        "author": {"givenName": "John", "familyName": "Doe"},
        "tags": ["example", "sample"],
        "content": "This will be unchanged",
    }
    patch = {
        "title": "Hello!",
        "phoneNumber": "+01-123-456-7890",
        "author": {"familyName": None},
        "tags": ["example"],
    }
    assert merge_patch(target, patch) == {
        "title": "Hello!",
        "author": {"givenName": "John"},
        "tags": ["example"],
        "content": "This will be unchanged",
        "phoneNumber": "+01-123-456-7890",
    }
    assert merge_patch({"a": "foo"}, {"a": {"bb": {"ccc": None}}}) == {"a": {"bb": {}}}
    assert merge_patch({"e": None}, {"a": 1}) == {"e": None, "a": 1}


def test_it_prunes_nulls_inside_objects_of_a_list_it_sets_as_evanphx_does():
    target = {"spec": {"containers": [{"name": "a", "image": "x"}]}}
    patch = {"spec": {"containers": [{"name": "a", "image": None}]}}
    assert merge_patch(target, patch) == {"spec": {"containers": [{"name": "a"}]}}


def test_it_never_changes_its_inputs():
    target, patch = {"a": {"b": 1}, "c": [1]}, {"a": {"b": None, "d": 2}}
    before = copy.deepcopy((target, patch))
    out = merge_patch(target, patch)
    assert (target, patch) == before
    assert out["c"] is target["c"]


def test_it_creates_a_merge_patch_with_nulls_for_removed_keys():
    original = {"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"ports": [80]}}
    modified = {"metadata": {"labels": {"a": "1"}}, "spec": {"ports": [80, 443]}}
    assert create_merge_patch(original, modified) == {
        "metadata": {"labels": {"b": None}},
        "spec": {"ports": [80, 443]},
    }
    assert create_merge_patch(original, original) == {}
