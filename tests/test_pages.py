import re

import pytest
from django.urls import reverse
from django.utils import translation

PAGES = ["core:home", "core:credits", "learn:index", "learn:search", "labs:index", "labs:sandbox", "login", "signup"]


def url(name, language):
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_renders_every_page_in_both_languages(client, name, language):
    response = client.get(url(name, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'href="#main"' in html  # the skip link


def test_it_redirects_the_root_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_it_falls_back_to_chinese(client):
    assert client.get("/")["Location"] == "/zh-hans/"


def test_it_describes_kubelab_on_the_home_page(client):
    english = client.get("/en/").content.decode()
    chinese = client.get("/zh-hans/").content.decode()
    assert "Learn Kubernetes by doing it" in english
    assert "动手学 Kubernetes" in chinese
    for page in ("/lessons/", "/labs/", "/sandbox/"):
        assert f'href="/en{page}"' in english
        assert f'href="/zh-hans{page}"' in chinese


@pytest.mark.django_db
def test_it_marks_the_current_section_in_the_navigation(client):
    html = client.get("/en/labs/").content.decode()
    assert '<a href="/en/labs/" aria-current="page">' in html
    assert '<a href="/en/sandbox/">' in html


def test_it_puts_the_csrf_token_on_the_body_for_htmx(client):
    html = client.get("/en/").content.decode()
    assert re.search(r"""<body hx-headers='\{"X-CSRFToken": "[A-Za-z0-9]+"\}'>""", html)


@pytest.mark.django_db
def test_it_loads_scripts_only_from_our_static_files(client):
    html = client.get("/en/sandbox/").content.decode()
    sources = re.findall(r'<script[^>]* src="([^"]+)"', html)
    assert "/static/vendor/htmx/htmx.min.js" in sources
    assert "/static/vendor/htmx/ws.min.js" in sources
    assert all(source.startswith("/static/") for source in sources)


@pytest.mark.django_db
def test_it_connects_the_sandbox_page_to_the_ping_socket(client):
    html = client.get("/zh-hans/sandbox/").content.decode()
    assert 'hx-ext="ws" ws-connect="/ws/ping/?lang=zh-hans"' in html
    assert "<form ws-send" in html


@pytest.mark.django_db
def test_it_serves_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_it_explains_a_missing_page_in_the_page_language(client):
    response = client.get("/zh-hans/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
