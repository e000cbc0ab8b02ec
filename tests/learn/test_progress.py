from learn.models import Lesson, LessonProgress
from learn.progress import mark_lab_passed, mark_read, states_for


def test_it_records_a_passed_lab_on_the_topics_lesson(lessons, alice):
    progress = mark_lab_passed(alice, "probes")
    assert progress.lesson.slug == "probes"
    assert progress.lab_passed_at is not None and progress.read_at is None
    assert states_for(alice) == {progress.lesson_id: "lab-passed"}


def test_it_keeps_the_first_pass_and_ignores_unknown_topics(lessons, alice):
    first = mark_lab_passed(alice, "probes").lab_passed_at
    assert mark_lab_passed(alice, "probes").lab_passed_at == first
    assert mark_lab_passed(alice, "helm") is None
    assert LessonProgress.objects.count() == 1


def test_it_keeps_a_passed_lab_when_the_lesson_is_read_later(lessons, alice):
    mark_lab_passed(alice, "probes")
    progress = mark_read(alice, Lesson.objects.get(slug="probes"))
    assert progress.state == "lab-passed" and progress.read_at is not None


def test_it_knows_nothing_of_anonymous_visitors(lessons):
    from django.contrib.auth.models import AnonymousUser

    assert states_for(AnonymousUser()) == {}


def test_it_gives_the_sandbox_a_lessons_blocks(lessons):
    lesson = Lesson.objects.get(slug="pod-basics")
    assert lesson.block("0")["file"] == "shared-pod.yaml"
    assert lesson.block(1)["commands"][:2] == ["kubectl apply -f shared-pod.yaml",
                                                "kubectl wait --for=condition=Ready pod/shared-pod"]
    assert lesson.block(99) is None and lesson.block("x") is None and lesson.block(-1) is None
    assert [f["file"] for f in lesson.files()] == ["shared-pod.yaml"]
