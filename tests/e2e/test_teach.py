"""An instructor in the browser: writes a lab (an invalid line first, marked on its line), runs
its reference and a mutant, exports it, imports it back byte-identical, makes a class and sees
a learner's attempt on the class dashboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import blocking_violations

PASSWORD = "correct horse battery staple"
SLUG = "e2e-teach-lab"
LAB_YAML = """slug: e2e-teach-lab
topic: pod-basics
title:
  en: Run one nginx pod
  zh-hans: 运行一个 nginx Pod
world:
  nodes: 1
steps:
  - id: run
checks:
  - id: pod-ready
    points: 50
    title: {en: web is ready, zh-hans: web 已就绪}
    pods: {name: web, ready: true, count: 1}
  - id: image
    points: 30
    title: {en: web runs nginx, zh-hans: web 运行 nginx}
    get: {resource: pod/web, jsonpath: "{.spec.containers[0].image}", equals: "nginx:1.29"}
  - id: label
    points: 20
    title: {en: web is labelled, zh-hans: web 带有标签}
    get: {resource: pod/web, jsonpath: "{.metadata.labels.run}", equals: web}
budget: 2m
mutants:
  - name: image-typo
    fails: pod-ready
    explainer: image-pull
    edits:
      - {replace: "nginx:1.29", with: "ngnix:1.29"}
  - name: other-name
    fails: pod-ready
    explainer: count-mismatch
    edits:
      - {replace: "kubectl run web", with: "kubectl run webb"}"""


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.roles import INSTRUCTORS

    with django_db_blocker.unblock():
        users = get_user_model().objects
        teacher = users.create_user("e2e-teacher", password=PASSWORD)
        teacher.groups.add(Group.objects.get(name=INSTRUCTORS))
        learner = users.create_user("e2e-learner", password=PASSWORD)
    return teacher, learner


EXPECT_SECONDS = 30


@pytest.fixture
def page_at(patient_page_at):
    # Running a lab grades it several times.
    return patient_page_at


def log_in(page_at, username):
    page = page_at("/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()
    return page


def ace_ready(page):
    page.wait_for_function("() => window.ace && document.querySelector('#ace-editor .ace_content')")


def annotations(page):
    return page.evaluate("() => ace.edit('ace-editor').session.getAnnotations()"
                         ".map(a => [a.row + 1, a.type, a.text])")


def test_an_instructor_writes_runs_exports_imports_and_follows_a_class(page_at, people, django_db_blocker, tmp_path):
    teacher, learner = people
    axe = Axe()
    page = log_in(page_at, teacher.username)
    page.get_by_role("link", name="Teach", exact=True).click()
    page.get_by_label("Slug of a new lab").fill(SLUG)
    page.get_by_role("button", name="New lab").click()
    page.wait_for_url(f"**/en/teach/labs/{SLUG}/")
    ace_ready(page)

    # The lab's definition, then one line typed wrong: the live check marks that line.
    page.evaluate("text => ace.edit('ace-editor').setValue(text, 1)", LAB_YAML)
    page.evaluate("() => { const e = ace.edit('ace-editor'); e.gotoLine(12, 99); e.focus(); }")
    expect(page.locator("#ace-editor .ace_gutter-active-line")).to_have_text("12")
    page.keyboard.type("x")  # points: 50x
    expect(page.locator("#lab-problems")).to_contain_text("lab.yaml:12: points: a whole number above 0")
    expect(page.locator("#ace-editor .ace_gutter-cell.ace_error")).to_have_text("12")
    assert annotations(page) == [[12, "error", "lab.yaml:12: points: a whole number above 0"]]
    expect(page.locator('#file-list a[data-file="lab.yaml"]')).to_have_class("teach-file--problem")
    assert blocking_violations(axe, page) == []

    # Mend it, and type the reference solution in its own file.
    page.keyboard.press("Backspace")
    expect(page.locator("#lab-problems")).to_have_text("The lab is valid.")
    expect(page.locator("#ace-editor .ace_gutter-cell.ace_error")).to_have_count(0)
    page.locator('#file-list a[data-file="solution.sh"]').click()
    page.locator("#ace-editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.type("kubectl run web --image=nginx:1.29\nkubectl wait --for=condition=Ready pod/web --timeout=60s\n")
    expect(page.locator("#lab-problems")).to_have_text("The lab is valid.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".teach-messages")).to_have_text("Saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Run one nginx pod")

    # Run the reference, then a mutant: every check's outcome, and the mutant's claim.
    page.get_by_role("button", name="Reference", exact=True).click()
    reference = page.locator('#lab-runs [data-run="reference"]')
    expect(reference).to_have_attribute("data-ok", "1")
    expect(reference).to_contain_text("100/100")
    expect(reference.locator('tr[data-passed="1"]')).to_have_count(3)
    page.get_by_role("button", name="Mutant image-typo").click()
    mutant = page.locator('#lab-runs [data-run="mutant:image-typo"]')
    expect(mutant).to_contain_text("Fails the check it claims, pod-ready.")
    expect(mutant).to_contain_text("Its explainer is image-pull, as claimed.")
    expect(mutant.locator('tr[data-check="pod-ready"]')).to_have_attribute("data-passed", "0")

    # Export, import the export back, export again: the same bytes.
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as zip").click()
    first = tmp_path / "first.zip"
    download.value.save_as(first)
    page.get_by_role("link", name="Lab authoring").first.click()
    page.get_by_label("Import a lab (zip)").set_input_files(str(first))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".teach-messages")).to_have_text(f"Imported: the files of {SLUG} were replaced.")
    again = page.request.get(page.url.split("/en/")[0] + f"/en/teach/labs/{SLUG}/export/")
    assert again.body() == first.read_bytes()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator("#lab-state")).to_have_text("Published")

    # A class with this lab; a learner joins and makes an attempt.
    page.get_by_role("link", name="Classes").first.click()
    page.get_by_label("Name", exact=True).fill("E2E class")
    page.get_by_label("Run one nginx pod").check()
    page.get_by_role("button", name="Create the class").click()
    code = page.locator("#join-code").inner_text()
    with django_db_blocker.unblock():
        from labs.models import Lab
        from labs.services import grade_submission
        from teach.models import Classroom, Membership

        Membership.objects.create(classroom=Classroom.objects.get(code=code), learner=learner)
        grade_submission(learner, Lab.objects.get(slug=SLUG), "kubectl run web --image=ngnix:1.29\n",
                         idempotency_key="e2e-teach-attempt")
    page.reload()
    row = page.locator('#grade-book tr[data-learner="e2e-learner"]')
    expect(row).to_contain_text("20/100")
    expect(page.locator("#failing-checks")).to_contain_text("web is ready")
    assert blocking_violations(axe, page) == []
    row.get_by_role("link", name="e2e-learner").click()
    expect(page.locator(".teach-attempt")).to_contain_text("Run one nginx pod: 20/100")
    expect(page.locator(".teach-attempt")).to_contain_text("Failed checks: web is ready, web runs nginx")
    expect(page.locator(".teach-attempt")).to_contain_text("$ kubectl run web --image=ngnix:1.29")
    # The learner's attempt opens for their instructor (the labs app asks teach.access.teaches).
    page.get_by_role("link", name="Grade and replay").click()
    page.wait_for_url("**/en/labs/attempts/*/")
    expect(page.get_by_text("Score: 20 of 100")).to_be_visible()
    expect(page.get_by_role("button", name="Replay in a sandbox")).to_be_visible()
