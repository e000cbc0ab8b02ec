import re

import pytest
from django.conf import settings


def switch_forms(html):
    """(language, next) of each language button on the page."""
    forms = re.findall(r'<form class="inline-form" action="/i18n/setlang/".*?</form>', html, re.DOTALL)
    return [
        (
            re.search(r'name="language" value="([^"]+)"', form).group(1),
            re.search(r'name="next" value="([^"]+)"', form).group(1),
        )
        for form in forms
    ]


@pytest.mark.django_db  # the course page lists the lessons
def test_it_offers_the_other_language_for_the_same_page(client):
    html = client.get("/en/lessons/").content.decode()
    assert switch_forms(html) == [("zh-hans", "/zh-hans/lessons/")]
    assert '<span class="language-switch__current" lang="en" aria-current="true">English' in html


def test_it_keeps_the_query_string_when_switching(client):
    html = client.get("/zh-hans/accounts/login/?next=/zh-hans/labs/").content.decode()
    assert switch_forms(html) == [("en", "/en/accounts/login/?next=/zh-hans/labs/")]


@pytest.mark.django_db
def test_it_switches_language_with_a_plain_post(client):
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/zh-hans/sandbox/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/sandbox/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    assert "沙盒" in client.get(response["Location"]).content.decode()


def test_it_refuses_to_send_people_to_other_sites(client):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
