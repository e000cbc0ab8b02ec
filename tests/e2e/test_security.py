"""In the browser: the Content-Security-Policy holds on every page type with nothing it
blocks, and a hostile manifest in the sandbox shows as text without running anything."""

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PAGE_TYPES
from tests.labs.conftest import definition

PASSWORD = "correct horse battery staple"
WATCH = """() => { window.__csp = [];
  document.addEventListener('securitypolicyviolation', e =>
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`)); }"""


@pytest.fixture(scope="module")
def people_and_lab(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import INSTRUCTORS
    from labs.loading import store_lab
    from labs.models import Lab
    from teach import labfiles, labstore
    from tests.teach.conftest import attempt

    with django_db_blocker.unblock():
        store_lab(definition("pod-basics"))
        users = get_user_model().objects
        teacher = users.create_user("csp-teacher", password=PASSWORD)
        teacher.groups.add(Group.objects.get(name=INSTRUCTORS))
        learner = users.create_user("csp-learner", password=PASSWORD)
        labstore.create("csp-lab", labfiles.skeleton("csp-lab"), teacher)
        lab = Lab.objects.get(slug="pod-basics")
        graded = attempt(learner, lab, failed=(lab.definition["checks"][0]["id"],))
    return teacher, learner, graded


@pytest.fixture
def watched(page, channels_live_server):
    """The page, recording CSP violations (events and console errors), uncaught errors and dialogs."""
    page.set_default_timeout(30_000)
    expect.set_options(timeout=20_000)
    problems = []
    page.add_init_script(f"({WATCH})()")
    page.on("console", lambda m: problems.append(f"console: {m.text}") if _about_csp(m) else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))

    def visit(path):
        page.goto(channels_live_server + path)
        page.wait_for_load_state("networkidle")
        return page

    yield page, visit, problems
    expect.set_options(timeout=5_000)


def _about_csp(message):
    # Chromium names the policy in every console message about something it blocked.
    return message.type == "error" and ("Content Security Policy" in message.text or "Refused to" in message.text)


def violations(page, problems):
    return page.evaluate("() => window.__csp") + problems


def log_in(page, visit, username):
    visit("/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()


def test_every_page_type_runs_under_the_content_security_policy(watched, people_and_lab):
    page, visit, problems = watched
    teacher, learner, graded = people_and_lab
    seen = {}
    for name, path in PAGE_TYPES.items():
        visit(path)
        if name == "lesson":
            page.wait_for_function("() => document.querySelector('[data-diagram] svg, .diagram svg')")
        if name == "sandbox":
            expect(page.locator("[data-ws-status]")).to_have_text("Connected")
            page.get_by_label("Command").fill("kubectl create deployment web --image=nginx --replicas=2")
            page.get_by_label("Command").press("Enter")
            page.wait_for_function("() => document.querySelector('#graph svg [id^=\"pod/default/web\"]')")
        seen[name] = violations(page, problems)
        problems.clear()
    header = page.request.get(page.url).headers["content-security-policy"]
    assert "default-src 'self'" in header and "frame-ancestors 'none'" in header
    log_in(page, visit, learner.username)
    visit("/en/labs/pod-basics/")
    expect(page.locator("[data-ws-status]")).to_have_text("Connected")
    seen["lab"] = violations(page, problems)
    problems.clear()
    visit(f"/en/labs/attempts/{graded.id}/")
    seen["grade"] = violations(page, problems)
    problems.clear()
    page.context.clear_cookies()
    log_in(page, visit, teacher.username)
    visit("/en/teach/labs/csp-lab/")
    page.wait_for_function("() => window.ace && document.querySelector('#ace-editor .ace_content')")
    seen["teach editor"] = violations(page, problems)
    blocked = {name: found for name, found in seen.items() if found}
    assert not blocked, json.dumps(blocked, indent=1)


HOSTILE = '<img src=x onerror="window.__pwned=1;alert(1)"><script>window.__pwned=1</script>'
TITLE_ESCAPE = " \x1b]0;pwned\x07"  # a terminal's "set the window title"


def test_a_hostile_manifest_in_the_sandbox_shows_as_text_and_runs_nothing(watched):
    page, visit, problems = watched
    visit("/en/sandbox/")
    expect(page.locator("[data-ws-status]")).to_have_text("Connected")
    page.wait_for_function("() => window.ace && document.querySelector('#ace-editor .ace_content')")
    manifest = f"""apiVersion: v1
kind: Pod
metadata:
  name: evil
  annotations: {{note: {json.dumps(HOSTILE)}}}
spec:
  containers:
  - name: shout
    image: busybox
    command: ["echo", {json.dumps(HOSTILE + TITLE_ESCAPE)}]
  - name: pull
    image: {json.dumps("nginx" + HOSTILE)}
"""
    page.evaluate("text => ace.edit('ace-editor').setValue(text, -1)", manifest)
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator("#apply-result")).to_have_text("pod/evil created")
    page.get_by_role("button", name="Run until stable").click()
    page.get_by_label("Command").fill("kubectl logs evil -c shout")
    page.get_by_label("Command").press("Enter")
    expect(page.locator("#term-out")).to_contain_text(HOSTILE)
    expect(page.locator("#sandbox-events")).to_contain_text("nginx" + HOSTILE)
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#term-out img, #sandbox-events img, #term-out script").count() == 0
    assert page.title() != "pwned"
    assert violations(page, problems) == []
