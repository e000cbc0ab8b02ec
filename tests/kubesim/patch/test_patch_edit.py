"""`kubectl edit`: the two-way patch from the object shown to the object saved."""

import pytest

from kubesim.kubectl.patching import PatchError, apply_edit, edit_patch
from tests.kubesim.patch.patch_objects import edited


def test_it_sends_only_what_the_learner_changed(live):
    saved = edited(live, "spec.replicas", 4)
    assert edit_patch(live, saved, "Deployment") == {"spec": {"replicas": 4}}


def test_it_applies_the_edit_over_changes_made_meanwhile(live):
    shown = live
    meanwhile = edited(live, "status.readyReplicas", 1)
    result, changed = apply_edit(meanwhile, shown, edited(shown, "spec.replicas", 4), "Deployment")
    assert changed
    assert result == edited(meanwhile, "spec.replicas", 4)


def test_it_changes_nothing_when_the_file_is_saved_unchanged(live):
    assert edit_patch(live, live, "Deployment") == {}
    assert apply_edit(live, live, live, "Deployment") == (live, False)


@pytest.mark.parametrize("path", ["kind", "apiVersion", "metadata.name"])
def test_it_refuses_an_edit_of_the_identity(live, path):
    with pytest.raises(PatchError) as err:
        edit_patch(live, edited(live, path, "other"), "Deployment")
    assert str(err.value) == "error: At least one of apiVersion, kind and name was changed"
