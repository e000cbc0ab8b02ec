"""A lab in the browser: a guest starts it, signs up, submits a wrong answer, reads why it
fails, fixes it, passes, and finds the lab passed on the course page."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import blocking_violations
from tests.labs.conftest import definition

PASSWORD = "correct horse battery staple"
LAB = "/en/labs/pod-basics/"
# The reference solution's pod: the starter with the emptyDir volume both containers mount.
FIXED_POD = definition("pod-basics")["solution"].split("<<'YAML'\n")[1].split("YAML\n")[0]


@pytest.fixture(scope="module", autouse=True)
def pod_basics_lab(django_db_setup, django_db_blocker):
    from labs.loading import store_lab

    with django_db_blocker.unblock():
        store_lab(definition("pod-basics"))


@pytest.fixture
def page_at(patient_page_at):
    # A lab page builds the lab's world and grading replays it.
    return patient_page_at


def connected(page):
    expect(page.locator("[data-ws-status]")).to_have_text("Connected")
    page.wait_for_function("() => window.ace && document.querySelector('#ace-editor .ace_content')")
    return page


def apply_editor(page, text=None):
    if text is not None:
        page.evaluate("text => ace.edit('ace-editor').setValue(text, -1)", text)
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator("#apply-result")).to_have_text("pod/web created")


def fits_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 667})
    scroll_width, client_width = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    page.set_viewport_size({"width": 1280, "height": 720})
    return scroll_width <= client_width


def test_a_learner_fails_reads_why_fixes_it_and_passes(page_at):
    axe = Axe()
    page = connected(page_at(LAB))
    expect(page.get_by_role("heading", level=1)).to_have_text("File Puller and Web Server in one pod")
    assert "name: puller" in page.evaluate("() => ace.edit('ace-editor').getValue()")  # the starter
    sandbox_id = page.locator("#sandbox").get_attribute("data-sandbox")
    assert blocking_violations(axe, page) == []
    assert fits_a_phone(page)

    # A guest works in the lab, then signs up to submit; the sandbox comes along.
    apply_editor(page)  # the starter as given: the containers share nothing
    page.locator(".lab-signin").get_by_role("link", name="sign up").click()
    page.get_by_label("Username").fill("lars")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"**{LAB}")
    connected(page)
    assert page.locator("#sandbox").get_attribute("data-sandbox") == sandbox_id

    # A free hint, opened in place.
    page.get_by_role("button", name="Open hint 1").click()
    expect(page.locator("#hints-share-volume")).to_contain_text("Both containers must mount the same volume")
    expect(page.locator("#hints-share-volume")).to_contain_text("Opening this hint costs 5 points.")

    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_url("**/labs/attempts/*/")
    expect(page.locator(".grade-summary__score")).to_have_text("Score: 30 of 100")
    failed = page.locator('[data-check="shared-volume"]')
    expect(failed).to_contain_text("Failed")
    expect(failed.locator(".grade__explanation")).to_contain_text("volumeMounts")
    expect(failed.locator(".grade__compare")).to_contain_text("= html html")
    assert blocking_violations(axe, page) == []
    assert fits_a_phone(page)

    # The fix: the pod's volumes cannot change in place, so delete it and apply the right one.
    page.get_by_role("link", name="Back to the lab and your sandbox").click()
    connected(page)
    page.get_by_label("Command").fill("kubectl delete pod web")
    page.get_by_label("Command").press("Enter")
    expect(page.locator("#term-out")).to_contain_text('pod "web" deleted')
    apply_editor(page, FIXED_POD)
    page.get_by_role("button", name="Submit for grading").click()
    page.wait_for_url("**/labs/attempts/*/")
    expect(page.locator(".grade-summary__score")).to_have_text("Score: 100 of 100")
    expect(page.locator(".grade-summary__verdict")).to_have_text("Passed: every check passes.")

    page.get_by_role("link", name="Lessons").click()
    expect(page.locator('[data-lesson="pod-basics"] [data-progress]')).to_have_text("Lab passed")
    page.get_by_role("link", name="Labs", exact=True).click()
    expect(page.locator('[data-lab="pod-basics"]')).to_have_attribute("data-state", "passed")
    expect(page.locator('[data-lab="pod-basics"]')).to_contain_text("Best score 100 of 100 (2 attempts)")


def test_a_submission_is_stored_even_when_the_tab_closes_at_once(page_at, django_db_blocker):
    from labs.models import Attempt

    page = page_at("/en/accounts/signup/?next=" + LAB)
    page.get_by_label("Username").fill("tess")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"**{LAB}")
    connected(page)
    apply_editor(page)
    key = page.locator("input[name=key]").input_value()
    with page.expect_request(f"**{LAB}submit/"):
        page.get_by_role("button", name="Submit for grading").click(no_wait_after=True)
    page.close()  # the learner closes the tab while the grade is being made
    with django_db_blocker.unblock():
        for _ in range(100):
            stored = Attempt.objects.filter(idempotency_key__endswith=key).first()
            if stored is not None:
                break
            time.sleep(0.2)
    assert stored is not None
    assert [entry["line"] for entry in stored.submission] == ["kubectl apply -f -"]
