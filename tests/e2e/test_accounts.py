from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import blocking_violations

PASSWORD = "correct horse battery staple"


def test_it_signs_up_logs_out_and_logs_back_in(page_at):
    page = page_at("/en/accounts/signup/")
    page.get_by_label("Username").fill("dora")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url("**/en/")
    expect(page.get_by_text("Signed in as dora")).to_be_visible()
    assert blocking_violations(Axe(), page) == []

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("dora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Signed in as dora")).to_be_visible()
