import pytest
from django.test import Client

from learn.models import Lesson, LessonProgress
from tests.conftest import PASSWORD

URL = "/en/lessons/probes/read/"


@pytest.fixture
def alice_client(client, alice):
    client.login(username="alice", password=PASSWORD)
    return client


def read_lessons(user):
    return list(LessonProgress.objects.filter(user=user, read_at__isnull=False)
                .values_list("lesson__slug", flat=True))


def test_it_offers_the_control_to_a_signed_in_learner(alice_client, lessons):
    html = alice_client.get("/en/lessons/probes/").content.decode()
    assert f'<form method="post" action="{URL}"' in html
    assert f'hx-post="{URL}" hx-target="#read-control" hx-swap="innerHTML"' in html
    assert "Mark as read</button>" in html


def test_it_asks_anonymous_visitors_to_log_in(client, lessons):
    html = client.get("/zh-hans/lessons/probes/").content.decode()
    assert '<a href="/zh-hans/accounts/login/?next=/zh-hans/lessons/probes/">登录</a>后即可记录你读过的课程。' in html
    assert "hx-post" not in html


def test_it_marks_a_lesson_read_with_htmx_and_returns_the_control(alice_client, alice, lessons):
    response = alice_client.post(URL, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-progress="read"' in html and "Marked as read. Well done!" in html
    assert "<form" not in html
    assert read_lessons(alice) == ["probes"]


def test_it_marks_a_lesson_read_with_a_plain_form_post(alice_client, alice, lessons):
    response = alice_client.post(URL)
    assert response.status_code == 302
    assert response["Location"] == "/en/lessons/probes/"
    html = alice_client.get(response["Location"]).content.decode()
    assert 'data-progress="read"' in html and "Mark as read</button>" not in html
    assert read_lessons(alice) == ["probes"]


def test_it_keeps_the_first_reading_time(alice_client, alice, lessons):
    alice_client.post(URL)
    first = LessonProgress.objects.get(user=alice).read_at
    alice_client.post(URL)
    assert LessonProgress.objects.get(user=alice).read_at == first


def test_it_sends_anonymous_posts_to_the_login_page(client, lessons):
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert not LessonProgress.objects.exists()


def test_it_accepts_only_post(alice_client, lessons):
    assert alice_client.get(URL).status_code == 405


def test_it_needs_the_csrf_token(alice, lessons):
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="alice", password=PASSWORD)
    assert strict.post(URL).status_code == 403
    page = strict.get("/en/lessons/probes/")
    token = page.cookies["csrftoken"].value
    assert strict.post(URL, HTTP_X_CSRFTOKEN=token, HTTP_HX_REQUEST="true").status_code == 200


def test_it_answers_404_for_an_unknown_lesson(alice_client, lessons):
    assert alice_client.post("/en/lessons/nope/read/").status_code == 404


def test_it_shows_the_reading_on_the_course_page(alice_client, lessons):
    alice_client.post(URL, HTTP_HX_REQUEST="true")
    html = alice_client.get("/en/lessons/").content.decode()
    assert 'data-lesson="probes">' in html
    assert html.split('data-lesson="probes">')[1].split("</li>")[0].count('data-progress="read"') == 1
    assert Lesson.objects.get(slug="probes").progress.count() == 1
