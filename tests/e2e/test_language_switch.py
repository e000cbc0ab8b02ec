from playwright.sync_api import expect


def test_it_switches_to_chinese_and_back_on_the_same_page(page_at):
    page = page_at("/en/lessons/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Lessons")

    page.get_by_role("button", name="简体中文").click()

    page.wait_for_url("**/zh-hans/lessons/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text("课程")

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/lessons/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_it_translates_the_home_page(page_at):
    page = page_at("/en/")
    expect(page.locator("h1")).to_have_text("Learn Kubernetes by doing it")
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url("**/zh-hans/")
    expect(page.locator("h1")).to_have_text("动手学 Kubernetes")
    expect(page.get_by_role("navigation", name="主导航")).to_contain_text("沙盒")
