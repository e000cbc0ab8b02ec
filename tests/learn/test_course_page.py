import re

import pytest

from learn.models import Lesson
from learn.progress import mark_lab_passed, mark_read
from learn.topics import TOPIC_IDS
from tests.conftest import PASSWORD


def lesson_items(html):
    return re.findall(r'<li class="course__item" data-lesson="([^"]+)">', html)


def badges(html):
    return dict(re.findall(r'data-lesson="([^"]+)">.*?data-progress="([^"]+)"', html, re.DOTALL))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_lists_the_twenty_topics_in_order(client, lessons, language):
    html = client.get(f"/{language}/lessons/").content.decode()
    assert lesson_items(html) == TOPIC_IDS


def test_it_shows_title_summary_and_minutes(client, lessons):
    english = client.get("/en/lessons/").content.decode()
    assert '<a href="/en/lessons/pod-basics/">Pods: containers that share a network and storage</a>' in english
    assert "what the containers of one Pod share: one IP address, localhost and volumes." in english
    assert "<span>15 minutes</span>" in english
    chinese = client.get("/zh-hans/lessons/").content.decode()
    assert '<a href="/zh-hans/lessons/pod-basics/">' in chinese
    assert "<span>15 分钟</span>" in chinese


def test_it_shows_no_progress_to_anonymous_visitors(client, lessons):
    html = client.get("/en/lessons/").content.decode()
    assert "data-progress" not in html
    assert "You have started" not in html


def test_it_shows_a_learners_progress(client, lessons, alice):
    mark_read(alice, Lesson.objects.get(slug="probes"))
    mark_lab_passed(alice, "pod-basics")
    client.login(username="alice", password=PASSWORD)
    html = client.get("/en/lessons/").content.decode()
    states = badges(html)
    assert states["pod-basics"] == "lab-passed"
    assert states["probes"] == "read"
    assert states["services"] == "not-started"
    assert "You have started 2 of 20 lessons." in html
    assert "20 节课中，你已开始学习 2 节。" in client.get("/zh-hans/lessons/").content.decode()


@pytest.mark.django_db
def test_it_says_when_no_lessons_are_loaded(client):
    assert "No lessons are loaded yet" in client.get("/en/lessons/").content.decode()
