import pytest
from django.test import Client

from labs.models import Sandbox
from labs.sandbox.live import registry
from tests.conftest import PASSWORD
from tests.sandbox.conftest import BAD_FIELD, DEPLOYMENT

pytestmark = pytest.mark.django_db


def make(user, name="mine"):
    return Sandbox.objects.create(owner=user, name=name, seed=7, nodes=2)


def test_it_gives_a_guest_a_sandbox_and_the_same_one_on_reload(client):
    first = client.get("/en/sandbox/")
    assert first.status_code == 200
    assert Sandbox.objects.count() == 1
    sandbox = Sandbox.objects.get()
    assert sandbox.owner is None and sandbox.expires is not None
    client.get("/en/sandbox/")
    assert Sandbox.objects.count() == 1
    assert client.get(f"/en/sandbox/{sandbox.id}/").status_code == 200


def test_it_hides_a_guests_sandbox_from_other_visitors(client, alice):
    client.get("/en/sandbox/")
    sandbox = Sandbox.objects.get()
    stranger = Client()
    assert stranger.get(f"/en/sandbox/{sandbox.id}/").status_code == 404
    stranger.force_login(alice)
    assert stranger.get(f"/en/sandbox/{sandbox.id}/").status_code == 404


def test_it_lets_only_the_owner_and_staff_open_a_sandbox(client, alice, bob, sam):
    sandbox = make(alice)
    client.force_login(alice)
    assert client.get(f"/en/sandbox/{sandbox.id}/").status_code == 200
    client.force_login(bob)
    assert client.get(f"/en/sandbox/{sandbox.id}/").status_code == 404
    assert client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "command", "line": "ls"}).status_code == 404
    assert client.post(f"/en/sandbox/{sandbox.id}/delete/").status_code == 404
    client.force_login(sam)
    assert client.get(f"/en/sandbox/{sandbox.id}/").status_code == 200


def test_it_hands_a_guests_sandboxes_to_the_account_at_login(client, alice):
    client.get("/en/sandbox/")
    sandbox = Sandbox.objects.get()
    response = client.post("/en/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    sandbox.refresh_from_db()
    assert sandbox.owner == alice and sandbox.expires is None
    assert client.get(f"/en/sandbox/{sandbox.id}/").status_code == 200


def test_it_hands_a_guests_sandbox_to_a_new_account_at_sign_up(client):
    client.get("/en/sandbox/")
    client.post("/en/accounts/signup/", {"username": "carol", "password1": PASSWORD,
                                          "password2": PASSWORD})
    assert Sandbox.objects.get().owner.username == "carol"


def test_it_lists_renames_resets_and_deletes_my_sandboxes(client, alice, bob):
    mine, theirs = make(alice, "first"), make(bob, "bobs")
    client.force_login(alice)
    page = client.get("/en/sandbox/mine/").content.decode()
    assert "first" in page and "bobs" not in page

    client.post(f"/en/sandbox/{mine.id}/rename/", {"name": "renamed"})
    mine.refresh_from_db()
    assert mine.name == "renamed"

    client.post(f"/en/sandbox/{mine.id}/act/", {"action": "command", "line": "kubectl create deployment web --image=nginx"})
    assert registry.get(Sandbox.objects.get(id=mine.id)).cluster.store.list("deployments", "default")
    client.post(f"/en/sandbox/{mine.id}/reset/")
    live = registry.get(Sandbox.objects.get(id=mine.id))
    assert live.cluster.store.list("deployments", "default") == []

    client.post(f"/en/sandbox/{mine.id}/delete/")
    assert not Sandbox.objects.filter(id=mine.id).exists()
    assert Sandbox.objects.filter(id=theirs.id).exists()


def test_it_stops_at_the_per_learner_cap(client, alice, settings):
    settings.SANDBOX_MAX_PER_LEARNER = 2
    client.force_login(alice)
    client.post("/en/sandbox/new/", {"name": "one"})
    client.post("/en/sandbox/new/", {"name": "two"})
    response = client.post("/en/sandbox/new/", {"name": "three"}, follow=True)
    assert Sandbox.objects.filter(owner=alice).count() == 2
    assert "the most one learner may keep" in response.content.decode()


def test_it_stops_guests_at_the_global_cap(client, settings):
    settings.SANDBOX_ANONYMOUS_MAX = 0
    response = client.get("/en/sandbox/")
    assert response.status_code == 200
    assert "Too many guests" in response.content.decode()
    assert Sandbox.objects.count() == 0


def test_it_applies_and_runs_commands_without_javascript(client, alice):
    sandbox = make(alice)
    client.force_login(alice)
    page = client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "apply", "manifest": DEPLOYMENT})
    assert "deployment.apps/web created" in page.content.decode()
    page = client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "time", "op": "settle"})
    page = client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "command", "line": "kubectl get deployments"})
    html = page.content.decode()
    assert "kubectl get deployments" in html and "2/2" in html
    assert 'class="pod pod--ready"' in html


def test_it_marks_every_problem_of_a_manifest_on_its_line(client, alice):
    sandbox = make(alice)
    client.force_login(alice)
    html = client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "apply", "manifest": BAD_FIELD}).content.decode()
    assert 'data-line="7"' in html and "replica" in html
    assert not registry.get(Sandbox.objects.get(id=sandbox.id)).cluster.store.list("deployments", "default")


def test_it_keeps_the_cluster_across_a_restart(client, alice):
    sandbox = make(alice)
    client.force_login(alice)
    client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "apply", "manifest": DEPLOYMENT})
    client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "time", "op": "step"})
    before = registry.get(Sandbox.objects.get(id=sandbox.id)).cluster
    registry.entries.clear()  # the server restarts
    after = registry.get(Sandbox.objects.get(id=sandbox.id)).cluster
    assert after.clock.now == before.clock.now > 0
    assert after.snapshot() == before.snapshot()
    assert after.verify()


def test_it_preloads_a_lessons_command_and_manifest(client):
    html = client.get("/en/sandbox/?command=kubectl%20get%20pods").content.decode()
    assert 'value="kubectl get pods"' in html
    html = client.get("/en/sandbox/?manifest=kind%3A%20Pod").content.decode()
    assert "kind: Pod</textarea>" in html


def test_it_shows_terminal_escapes_as_text(client, alice):
    sandbox = make(alice)
    client.force_login(alice)
    html = client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "command", "line": "echo $'\\e[31m<b>red'"}).content.decode()
    assert "^[[31m&lt;b&gt;red" in html


def test_it_opens_a_lessons_block_in_the_sandbox(client):
    from learn.models import Lesson

    Lesson.objects.create(slug="first-pods", topic="first-pods", order=1, minutes=5, blocks=[
        {"kind": "file", "file": "web.yaml", "text": "apiVersion: v1\nkind: Pod\n", "expect_error": False},
        {"kind": "console", "text": "$ kubectl get pods\n", "commands": ["kubectl get pods", "kubectl get nodes"]},
    ])
    html = client.get("/en/sandbox/?lesson=first-pods&block=0").content.decode()
    assert "apiVersion: v1\nkind: Pod\n</textarea>" in html
    html = client.get("/en/sandbox/?lesson=first-pods&block=1").content.decode()
    assert 'value="kubectl get pods"' in html
    assert 'data-commands="kubectl get pods&#10;kubectl get nodes"' in html
    assert client.get("/en/sandbox/?lesson=first-pods&block=9").status_code == 200


def test_it_marks_the_sandbox_section_on_a_sandboxs_own_page(client, alice):
    client.force_login(alice)
    chosen = Sandbox.objects.create(owner=alice, name="mine", seed=1, nodes=2)
    html = client.get(f"/en/sandbox/{chosen.id}/").content.decode()
    assert '<a href="/en/sandbox/" aria-current="page">' in html
