"""The learner's lab pages: the list with each lab's state, a lab with its sandbox, hints and
Submit, the grade, replay, and who may see what. Alice is the learner, Bob another learner,
Sam is staff, Ivy an instructor (of Alice's class, or of none)."""

import uuid

import pytest
from django.test import Client

from labs.grading.submission import parse_script
from labs.loading import store_lab
from labs.models import Attempt, HintReveal, Lab, Sandbox
from labs.sandbox import actions
from labs.sandbox.live import registry
from learn.models import Lesson, LessonProgress, LessonTranslation
from tests.conftest import PASSWORD

from .conftest import definition

pytestmark = pytest.mark.django_db

LAB_URL = "/en/labs/pod-basics/"
SUBMIT_URL = LAB_URL + "submit/"
HINT_URL = LAB_URL + "hints/"
FIXED_POD = definition("pod-basics")["solution"].split("<<'YAML'\n")[1].split("YAML\n")[0]


@pytest.fixture(autouse=True)
def fresh_registry():
    registry.entries.clear()
    yield
    registry.entries.clear()


@pytest.fixture
def lab(db):
    store_lab(definition("pod-basics"))
    lesson = Lesson.objects.create(slug="pod-basics", topic="pod-basics", order=1, minutes=10)
    LessonTranslation.objects.create(lesson=lesson, language="en", title="Pods", summary="One pod, two containers.",
                                     html="<p>Pods</p>", text="Pods", source_hash="x")
    return Lab.objects.get(slug="pod-basics")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lab_sandbox(client, user) -> Sandbox:
    assert client.get(LAB_URL).status_code == 200
    return Sandbox.objects.get(owner=user, lab__slug="pod-basics")


def run(sandbox, *lines):
    """Type command lines in the sandbox's terminal (stored in its journal, as the page's are)."""
    live = registry.get(sandbox)
    for line in lines:
        actions.perform(live, {"action": "command", "line": line}, "en")


def apply(sandbox, manifest):
    """Apply a manifest from the sandbox's editor."""
    actions.perform(registry.get(sandbox), {"action": "apply", "manifest": manifest}, "en")


def submit(client, sandbox, key=None):
    return client.post(SUBMIT_URL, {"sandbox": sandbox.id, "key": key or str(uuid.uuid4())})


def attempt_of(user, score, max_score=100, hint_cost=0, slug="pod-basics"):
    lab = Lab.objects.get(slug=slug)
    return Attempt.objects.create(user=user, lab=lab, revision=lab.revision, submission=[], score=score,
                                  max_score=max_score, hint_cost=hint_cost, result={"checks": []},
                                  idempotency_key=str(uuid.uuid4()))


# -- the list -------------------------------------------------------------------------------

def test_it_lists_active_labs_by_topic_in_course_order(client, lab):
    store_lab(definition("rolling-update"))
    store_lab(definition("access-pods"))
    Lab.objects.filter(slug="access-pods").update(active=False)
    Lab.objects.create(slug="my-own-lab", topic="init-containers", revision="r1", definition={},
                       titles={"en": "A lab made in the browser"}, source=Lab.BROWSER)
    page = client.get("/en/labs/").content.decode()
    order = [slug for slug in ("pod-basics", "my-own-lab", "rolling-update") if f'data-lab="{slug}"' in page]
    assert order == ["pod-basics", "my-own-lab", "rolling-update"]
    assert page.index('data-lab="pod-basics"') < page.index('data-lab="my-own-lab"') \
        < page.index('data-lab="rolling-update"')
    assert "access-pods" not in page  # inactive
    assert "A lab made in the browser" in page
    assert 'id="topic-pod-basics">Pods</h2>' in page  # the course's lesson names the topic


def test_it_shows_each_labs_state_and_best_score_to_its_learner(lab, alice, bob):
    store_lab(definition("rolling-update"))
    store_lab(definition("probes"))
    attempt_of(alice, 40)
    attempt_of(alice, 70)
    attempt_of(alice, 95, hint_cost=5, slug="rolling-update")  # every check passed, a hint opened
    attempt_of(bob, 100, slug="probes")
    page = signed_in(alice).get("/en/labs/").content.decode()
    assert 'data-lab="pod-basics" data-state="attempted"' in page
    assert "Best score 70 of 100 (2 attempts)" in page
    assert 'data-lab="rolling-update" data-state="passed"' in page
    assert "Best score 95 of 100 (1 attempt)" in page
    assert 'data-lab="probes" data-state="not-started"' in page  # Bob's pass is Bob's


# -- the lab page ---------------------------------------------------------------------------

def test_a_lab_page_is_the_sandbox_with_the_instructions_and_starter(lab, alice):
    client = signed_in(alice)
    response = client.get(LAB_URL)
    page = response.content.decode()
    assert "<strong>File Puller</strong>" in page  # the step's Markdown, rendered
    assert 'id="sandbox"' in page and 'id="term-line"' in page  # the sandbox page's own parts
    assert "name: puller" in page  # the starter file, in the editor
    assert "no-store" in response["Cache-Control"]
    sandbox = Sandbox.objects.get(owner=alice)
    assert sandbox.lab == lab
    live = registry.get(sandbox)
    assert "name: puller" in live.cluster.run("cat pod.yaml").stdout
    assert live.cluster.log[-1]["line"] == "cat pod.yaml" and len(live.cluster.log) == 1
    assert client.get(LAB_URL).status_code == 200
    assert Sandbox.objects.filter(owner=alice).count() == 1  # the same sandbox, not a new one


def test_a_reset_brings_back_the_labs_world_not_an_empty_cluster(lab, alice):
    sandbox = lab_sandbox(signed_in(alice), alice)
    run(sandbox, "rm pod.yaml", "kubectl create deployment web --image=nginx")
    live = registry.get(sandbox)
    actions.perform(live, {"action": "reset"}, "en")
    assert "name: puller" in live.cluster.run("cat pod.yaml").stdout
    assert "No resources found" in live.cluster.run("kubectl get deployments").stderr


def test_scrubbing_back_after_a_reset_shows_the_labs_world(lab, alice):
    live = registry.get(lab_sandbox(signed_in(alice), alice))
    actions.perform(live, {"action": "reset"}, "en")
    past = live.at(live.cluster.clock.now)
    assert "name: puller" in past.run("cat pod.yaml").stdout


def test_a_labs_scripted_events_happen_in_the_learners_sandbox(lab, alice):
    store_lab(definition("controller-manager"))  # kind-worker stops 2 minutes in
    client = signed_in(alice)
    assert client.get("/en/labs/controller-manager/").status_code == 200
    sandbox = Sandbox.objects.get(owner=alice, lab__slug="controller-manager")
    registry.entries.clear()  # as after a restart: the cluster comes back from its snapshot
    live = registry.get(sandbox)
    with live.lock:
        live.cluster.advance(60)
        assert " Ready " in live.cluster.run("kubectl get node kind-worker").stdout
        live.cluster.advance(180)
        assert " NotReady " in live.cluster.run("kubectl get node kind-worker").stdout


def test_a_lab_sandbox_keeps_its_instructions_without_javascript(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    page = client.post(f"/en/sandbox/{sandbox.id}/act/", {"action": "command", "line": "cat pod.yaml"})
    assert "<strong>File Puller</strong>" in page.content.decode()
    assert "Submit for grading" in page.content.decode()
    assert "<strong>File Puller</strong>" in client.get(f"/en/sandbox/{sandbox.id}/").content.decode()


def test_staff_looking_at_a_learners_lab_sandbox_cannot_submit_it(lab, alice, sam):
    sandbox = lab_sandbox(signed_in(alice), alice)
    page = signed_in(sam).get(f"/en/sandbox/{sandbox.id}/").content.decode()
    assert "<strong>File Puller</strong>" in page
    assert "Submit for grading" not in page
    assert "only they can submit it" in page


def test_another_learners_sandbox_cannot_be_chosen_on_the_lab_page(lab, alice, bob):
    sandbox = lab_sandbox(signed_in(alice), alice)
    assert signed_in(bob).get(f"{LAB_URL}?sandbox={sandbox.id}").status_code == 404
    assert signed_in(alice).get(f"{LAB_URL}?sandbox={sandbox.id}").status_code == 200


def test_a_lab_whose_world_cannot_be_built_says_so(lab, alice):
    broken = {**definition("pod-basics"), "slug": "broken-lab", "revision": "broken-1"}
    broken["world"] = {**broken["world"], "objects": [{"file": "world/x.yaml", "text": "kind: Nonsense\n"}]}
    Lab.objects.create(slug="broken-lab", topic="pod-basics", revision="broken-1", definition=broken,
                       titles=broken["title"], source=Lab.BROWSER)
    answer = signed_in(alice).get("/en/labs/broken-lab/")
    assert answer.status_code == 503
    assert "This lab cannot start: its world could not be built (world/x.yaml:" in answer.content.decode()


def test_an_inactive_or_unknown_lab_is_not_found(lab, alice):
    Lab.objects.filter(slug="pod-basics").update(active=False)
    assert signed_in(alice).get(LAB_URL).status_code == 404
    assert signed_in(alice).get("/en/labs/no-such-lab/").status_code == 404


# -- hints ----------------------------------------------------------------------------------

def test_hints_open_one_by_one_with_their_cost_shown_first(lab, alice):
    client = signed_in(alice)
    page = client.get(LAB_URL).content.decode()
    assert "This hint is free." in page
    assert "Opening this hint costs 5 points." not in page  # hint 2 shows once hint 1 is open
    assert "Both containers must mount the same volume" not in page

    opened = client.post(HINT_URL, {"step": "share-volume", "index": "0"}, HTTP_HX_REQUEST="true")
    assert opened.status_code == 200
    assert "Both containers must mount the same volume" in opened.content.decode()
    assert "Opening this hint costs 5 points." in opened.content.decode()

    skipped = client.post(HINT_URL, {"step": "share-volume", "index": "2"}, HTTP_HX_REQUEST="true")
    assert skipped.status_code == 400
    assert client.post(HINT_URL, {"step": "no-such-step", "index": "0"}, HTTP_HX_REQUEST="true").status_code == 400

    client.post(HINT_URL, {"step": "share-volume", "index": "1"})
    assert sorted(HintReveal.objects.filter(user=alice).values_list("index", "cost")) == [(0, 0), (1, 5)]
    reloaded = client.get(LAB_URL).content.decode()
    assert "Both containers must mount the same volume" in reloaded  # opened hints stay open
    assert "Declare one <code>emptyDir</code> volume" in reloaded
    assert "Opening this hint costs 10 points." in reloaded
    assert "Your opened hints take 5 points off the score." in reloaded


def test_opened_hints_cost_points_but_a_full_answer_still_passes(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    client.post(HINT_URL, {"step": "share-volume", "index": "0"})
    client.post(HINT_URL, {"step": "share-volume", "index": "1"})
    run(sandbox, *[entry["line"] for entry in parse_script(lab.definition["solution"])])
    submit(client, sandbox)
    attempt = Attempt.objects.get(user=alice)
    assert (attempt.score, attempt.hint_cost, attempt.max_score) == (95, 5, 100)
    page = client.get(f"/en/labs/attempts/{attempt.id}/").content.decode()
    assert "Score: 95 of 100" in page and "Opened hints took 5 points off." in page
    assert "Passed: every check passes." in page


def test_a_guests_opened_hints_follow_them_into_their_account(lab, alice):
    client = Client()
    client.get(LAB_URL)
    client.post(HINT_URL, {"step": "share-volume", "index": "0"})
    client.post(HINT_URL, {"step": "share-volume", "index": "1"})
    assert "Your opened hints take 5 points off the score." in client.get(LAB_URL).content.decode()
    client.post("/en/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert sorted(HintReveal.objects.filter(user=alice).values_list("index", "cost")) == [(0, 0), (1, 5)]


# -- submitting -----------------------------------------------------------------------------

def test_a_submission_is_graded_once_per_key(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    run(sandbox, "kubectl apply -f pod.yaml")
    key = str(uuid.uuid4())
    first = submit(client, sandbox, key)
    run(sandbox, "kubectl delete pod web")
    again = submit(client, sandbox, key)  # a double click, or the browser retrying
    assert Attempt.objects.count() == 1
    attempt = Attempt.objects.get()
    assert first["Location"] == again["Location"] == f"/en/labs/attempts/{attempt.id}/"
    assert [e["line"] for e in attempt.submission] == ["kubectl apply -f pod.yaml"]
    assert attempt.submission[0]["t"] == 0  # counted from the lab's start
    submit(client, sandbox)
    assert Attempt.objects.count() == 2  # a new click is a new attempt


def test_a_forged_key_is_refused_with_a_clear_error(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    response = submit(client, sandbox, key="<script>")
    assert response.status_code == 400
    assert not Attempt.objects.exists()


def test_the_grade_explains_each_failed_check_in_the_readers_language(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    run(sandbox, "kubectl apply -f pod.yaml")  # the starter as given: no shared volume
    attempt_url = submit(client, sandbox)["Location"]
    page = client.get(attempt_url).content.decode()
    assert "Score: 30 of 100" in page
    assert 'data-check="pod-ready"' in page and "30 of 30 points" in page
    assert "The puller and the server mount the same emptyDir volume" in page
    assert ("pod/web: {.spec.containers[*].volumeMounts[?(@.name==&quot;html&quot;)].name} is “-”; "
            "expected = html html.") in page
    assert "<dt>Expected</dt><dd><code>= html html</code></dd>" in page
    assert "Not passed yet" in page
    chinese = client.get(attempt_url.replace("/en/", "/zh-hans/")).content.decode()
    assert "拉取器和服务器挂载同一个 emptyDir 卷" in chinese
    assert "期望 = html html" in chinese


def test_passing_marks_the_topic_on_the_course_page(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    run(sandbox, "kubectl apply -f pod.yaml")
    submit(client, sandbox)
    assert not LessonProgress.objects.filter(user=alice, lab_passed_at__isnull=False).exists()
    run(sandbox, "kubectl delete pod web")
    apply(sandbox, FIXED_POD)
    submit(client, sandbox)
    assert LessonProgress.objects.get(user=alice).lab_passed_at is not None
    assert 'data-progress="lab-passed"' in client.get("/en/lessons/").content.decode()
    assert "You passed this lab." in client.get(LAB_URL).content.decode()
    listed = client.get("/en/labs/").content.decode()
    assert 'data-lab="pod-basics" data-state="passed"' in listed


def test_the_lab_page_shows_the_learners_history_and_best(lab, alice):
    attempt_of(alice, 40)
    best = attempt_of(alice, 70)
    page = signed_in(alice).get(LAB_URL).content.decode()
    assert "Best score: 70 of 100." in page
    assert f'href="/en/labs/attempts/{best.id}/"' in page


# -- guests ---------------------------------------------------------------------------------

def test_a_guest_works_in_the_lab_and_is_asked_to_sign_in_to_submit(lab, alice):
    client = Client()
    page = client.get(LAB_URL).content.decode()
    assert "/en/accounts/login/?next=%2Fen%2Flabs%2Fpod-basics%2F" in page
    sandbox = Sandbox.objects.get(lab=lab)
    assert sandbox.owner is None
    answer = client.post(SUBMIT_URL, {"sandbox": sandbox.id, "key": str(uuid.uuid4())})
    assert answer.status_code == 302
    assert answer["Location"] == "/en/accounts/login/?next=%2Fen%2Flabs%2Fpod-basics%2F"
    assert not Attempt.objects.exists()
    client.post("/en/accounts/login/", {"username": "alice", "password": PASSWORD})
    sandbox.refresh_from_db()
    assert sandbox.owner == alice  # the guest's work is kept, in the account
    client.get(LAB_URL)
    assert Sandbox.objects.filter(lab=lab).count() == 1


# -- who may see what -----------------------------------------------------------------------

def test_submitting_needs_ones_own_sandbox(lab, alice, bob, sam):
    sandbox = lab_sandbox(signed_in(alice), alice)
    assert submit(signed_in(bob), sandbox).status_code == 404
    assert submit(signed_in(sam), sandbox).status_code == 404
    assert not Attempt.objects.exists()


def test_an_attempt_is_seen_by_its_learner_staff_and_their_instructor_only(lab, alice, bob, sam, ivy):
    from teach.models import Classroom, Membership

    attempt = attempt_of(alice, 40)
    url = f"/en/labs/attempts/{attempt.id}/"
    assert Client().get(url).status_code == 404
    assert signed_in(alice).get(url).status_code == 200
    assert signed_in(bob).get(url).status_code == 404
    assert signed_in(sam).get(url).status_code == 200
    assert signed_in(ivy).get(url).status_code == 404  # an instructor, but not of Alice's class
    Membership.objects.create(classroom=Classroom.objects.create(name="Mornings", instructor=ivy), learner=alice)
    assert signed_in(ivy).get(url).status_code == 200
    assert "by alice." in signed_in(ivy).get(url).content.decode()
    assert signed_in(bob).post(url + "replay/").status_code == 404
    assert Client().post(url + "replay/").status_code == 404


def test_replay_opens_a_new_sandbox_with_the_attempts_commands(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    run(sandbox, "kubectl apply -f pod.yaml")
    attempt_url = submit(client, sandbox)["Location"]
    answer = client.post(attempt_url + "replay/")
    replay = Sandbox.objects.exclude(id=sandbox.id).get(owner=alice)
    assert answer["Location"] == f"{LAB_URL}?sandbox={replay.id}"
    assert replay.lab == lab
    page = client.get(answer["Location"]).content.decode()
    assert "replay of attempt" in page
    live = registry.get(replay)
    assert [e["line"] for e in live.cluster.log if e["line"]] == ["kubectl apply -f pod.yaml"]
    assert "Running" in live.cluster.run("kubectl get pod web").stdout  # as the grader left it


def test_replays_stop_at_the_per_lab_cap_with_a_message(lab, alice):
    client = signed_in(alice)
    sandbox = lab_sandbox(client, alice)
    attempt_url = submit(client, sandbox)["Location"]
    client.post(attempt_url + "replay/")
    client.post(attempt_url + "replay/")
    refused = client.post(attempt_url + "replay/", follow=True)
    assert "You already have 3 sandboxes for this lab." in refused.content.decode()
    assert Sandbox.objects.filter(owner=alice, lab=lab).count() == 3


def test_lab_sandboxes_do_not_count_against_the_free_sandbox_cap(lab, alice, settings):
    settings.SANDBOX_MAX_PER_LEARNER = 1
    client = signed_in(alice)
    lab_sandbox(client, alice)
    assert client.get("/en/sandbox/").status_code == 200
    assert Sandbox.objects.filter(owner=alice, lab=None).count() == 1


def test_the_sitemap_lists_every_active_lab_in_both_languages(client, lab):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/en/labs/pod-basics/" in xml and "/zh-hans/labs/pod-basics/" in xml
    assert "/en/labs/</loc>" in xml
