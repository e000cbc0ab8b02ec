import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in_username(client):
    response = client.get("/en/")
    return response.wsgi_request.user.get_username() or None


def test_it_signs_up_and_logs_the_new_user_in(client):
    response = client.post(
        "/en/accounts/signup/",
        {"username": "bob", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert get_user_model().objects.filter(username="bob").exists()
    assert logged_in_username(client) == "bob"
    assert "Signed in as bob" in client.get("/en/").content.decode()


def test_it_explains_a_failed_sign_up_in_the_page_language(client):
    response = client.post(
        "/zh-hans/accounts/signup/",
        {"username": "bob", "password1": PASSWORD, "password2": "something else"},
    )
    assert response.status_code == 200
    assert "输入的两个密码不一致" in response.content.decode()  # Django's own zh_Hans catalogue
    assert not get_user_model().objects.filter(username="bob").exists()


def test_it_logs_in_and_returns_to_the_page_asked_for(client, alice):
    response = client.post(
        "/en/accounts/login/",
        {"username": "alice", "password": PASSWORD, "next": "/en/labs/"},
    )
    assert response["Location"] == "/en/labs/"
    assert logged_in_username(client) == "alice"


def test_it_refuses_a_wrong_password(client, alice):
    response = client.post("/en/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert logged_in_username(client) is None


def test_it_logs_out_only_with_post(client, alice):
    client.force_login(alice)
    assert client.get("/en/accounts/logout/").status_code == 405
    assert logged_in_username(client) == "alice"
    response = client.post("/en/accounts/logout/")
    assert response["Location"] == "/en/"
    assert logged_in_username(client) is None


def test_it_shows_log_in_and_sign_up_links_to_visitors(client):
    html = client.get("/en/labs/").content.decode()
    assert 'href="/en/accounts/login/?next=/en/labs/"' in html
    assert 'href="/en/accounts/signup/"' in html


def test_it_creates_the_instructors_group_in_a_migration():
    assert Group.objects.filter(name="instructors").exists()


def test_it_puts_ivy_in_the_instructors_group(ivy):
    assert ivy.groups.filter(name="instructors").exists()
