import re

import pytest


def results(html):
    return re.findall(r'<h2 class="search-results__title"><a href="([^"]+)">', html)


def test_it_finds_a_lesson_by_a_chinese_phrase(client, lessons):
    html = client.get("/zh-hans/lessons/search/", {"q": "伪证书"}).content.decode()
    assert results(html) == ["/zh-hans/lessons/ingress-nginx/"]
    assert "<mark>伪证书</mark>" in html
    assert "有 1 节课提到“伪证书”。" in html


def test_it_finds_lessons_by_an_english_word_in_any_case(client, lessons):
    html = client.get("/en/lessons/search/", {"q": "Socat"}).content.decode()
    found = results(html)
    assert "/en/lessons/access-pods/" in found
    assert re.search(r"<mark>socat</mark>", html, re.IGNORECASE)


def test_it_searches_only_the_current_language(client, lessons):
    assert results(client.get("/en/lessons/search/", {"q": "伪证书"}).content.decode()) == []


def test_it_needs_every_word(client, lessons):
    both = results(client.get("/en/lessons/search/", {"q": "socat dockershim"}).content.decode())
    assert both and all(url in results(client.get(
        "/en/lessons/search/", {"q": "socat"}).content.decode()) for url in both)
    assert results(client.get("/en/lessons/search/", {"q": "socat zzzyyy"}).content.decode()) == []


def test_it_puts_title_matches_first(client, lessons):
    found = results(client.get("/en/lessons/search/", {"q": "headless"}).content.decode())
    assert found[0] == "/en/lessons/headless-services/"
    assert len(found) > 1


def test_it_escapes_the_query_and_the_passage(client, lessons):
    html = client.get("/en/lessons/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get("/en/lessons/search/", {"q": "<"}).content.decode()
    assert "<mark>&lt;</mark>" in html


def test_it_shows_just_the_form_without_a_query(client, lessons):
    html = client.get("/en/lessons/search/").content.decode()
    assert 'role="search"' in html and "search-results" not in html and 'role="status"' not in html


@pytest.mark.django_db
def test_it_says_when_nothing_matches(client):
    html = client.get("/en/lessons/search/", {"q": "kubelet"}).content.decode()
    assert "0 lessons mention “kubelet”." in html


HEADER_PAGES = ["", "lessons/", "lessons/probes/", "lessons/search/?q=pod", "labs/", "credits/",
                "accounts/login/"]


@pytest.mark.parametrize("language, label", [("en", "Search the lessons"), ("zh-hans", "搜索课程")])
def test_it_puts_one_lesson_search_box_in_the_header_of_every_page(client, lessons, language, label):
    for path in HEADER_PAGES:
        html = client.get(f"/{language}/{path}").content.decode()
        header = html[html.index('<header class="site-header">'):html.index("</header>")]
        assert html.count('role="search"') == 1, path
        assert f'action="/{language}/lessons/search/" method="get"' in header, path
        assert f'<label class="visually-hidden" for="site-search">{label}</label>' in header, path


def test_it_keeps_the_query_in_the_header_box_of_the_search_page(client, lessons):
    html = client.get("/en/lessons/search/", {"q": 'probe "x"'}).content.decode()
    assert 'id="site-search" name="q" value="probe &quot;x&quot;"' in html
    empty = client.get("/en/lessons/search/").content.decode()
    assert "Type a word or a phrase into the search box at the top of the page." in empty
