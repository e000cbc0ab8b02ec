"""CSRF on every form, Django's password validators at sign-up, the security headers on every
page, and production settings: secure cookies, HSTS, HTTPS."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from tests.conftest import PASSWORD

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE_ARGS = {"int": "1", "slug": "pod-basics", "str": "x", "path": "x"}


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def every_path() -> list[str]:
    """A concrete path for every URL pattern (placeholders filled with sample values), with the
    /en/ language prefix; the admin's regular-expression routes are left out."""
    with translation.override("en"):
        routes = list(_routes(get_resolver().url_patterns))
    paths = {"/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_ARGS.get(m.group(1) or "str", "x"), route)
             for route in routes if "^" not in route and "(?" not in route}
    return sorted(paths)


@pytest.mark.django_db
def test_every_post_without_a_csrf_token_is_refused(django_user_model):
    staff = django_user_model.objects.create_user("staff", password=PASSWORD, is_staff=True, is_superuser=True)
    paths = every_path() + ["/admin/auth/user/1/change/"]
    assert len(paths) > 40
    for path in ("/en/accounts/login/", "/en/accounts/signup/", "/en/accounts/logout/", "/i18n/setlang/",
                 "/en/sandbox/1/act/", "/en/teach/labs/pod-basics/save/", "/en/labs/pod-basics/submit/"):
        assert path in paths, path
    for user in (None, staff):
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.post(path, {"x": "1"})
            assert response.status_code == 403, (path, response.status_code)
            assert b"CSRF" in response.content, path


def test_every_post_form_in_the_templates_carries_the_csrf_token():
    templates = [p for p in PROJECT.glob("**/templates/**/*.html") if ".venv" not in p.parts]
    forms = 0
    for template in templates:
        for form in re.findall(r"<form\b[^>]*>.*?</form>", template.read_text(), re.DOTALL | re.IGNORECASE):
            if re.search(r"method=[\"']?post", form, re.IGNORECASE):
                forms += 1
                assert "{% csrf_token %}" in form, f"{template.relative_to(PROJECT)}: {form[:120]}"
    assert forms >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("password, message", [
    ("short1", "This password is too short."),
    ("password123", "This password is too common."),
    ("48213957604", "This password is entirely numeric."),
    ("newlearner1", "The password is too similar to the username."),
])
def test_sign_up_refuses_weak_passwords_with_django_validators(client, django_user_model, password, message):
    response = client.post("/en/accounts/signup/", {"username": "newlearner1", "password1": password,
                                                    "password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not django_user_model.objects.filter(username="newlearner1").exists()


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    for path in ("/en/", "/en/lessons/", "/en/accounts/login/", "/en/sandbox/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
                          "connect-src 'self' ws://testserver wss://testserver"):
            assert directive in policy, (path, directive)
        assert "'unsafe-eval'" not in policy and "script-src 'self' 'wasm-unsafe-eval'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_https_pages_send_hsts_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_settings_are_secure():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "example.com"}
    env.pop("SECURE_SSL_REDIRECT", None)
    code = ("import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({k: "
            "getattr(s, k) for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
            "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_HTTPONLY', 'MIDDLEWARE']}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env={**env, "DJANGO_SETTINGS_MODULE":
                            "config.settings"}, capture_output=True, text=True, timeout=60, check=True)
    found = json.loads(result.stdout)
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"] and found["SESSION_COOKIE_HTTPONLY"]
    assert found["SECURE_HSTS_SECONDS"] >= 31536000 and found["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert found["SECURE_SSL_REDIRECT"]
    assert "core.security.ContentSecurityPolicyMiddleware" in found["MIDDLEWARE"]


def test_the_test_settings_keep_the_csp_middleware():
    assert "core.security.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_request_for_a_foreign_host_gets_a_plain_400_with_the_policy(client):
    response = client.get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "ws://" not in response["Content-Security-Policy"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
