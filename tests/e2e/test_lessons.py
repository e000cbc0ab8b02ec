"""Lessons in the browser: read in Chinese, switch to English on the same lesson, mark it
read, search by a Chinese phrase, and see a diagram drawn."""

import re

from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


def sign_up(page_at, name):
    page = page_at("/zh-hans/accounts/signup/")
    page.locator("#id_username").fill(name)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/zh-hans/")
    return page


def test_it_reads_a_lesson_in_chinese_switches_to_english_and_marks_it_read(page_at):
    page = sign_up(page_at, "lena")
    page.goto(page.url.replace("/zh-hans/", "/zh-hans/lessons/probes/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("navigation", name="本页内容")).to_be_visible()

    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/lessons/probes/")
    expect(page.locator("h1")).to_contain_text("probes", ignore_case=True)

    page.get_by_role("button", name="Mark as read").click()
    expect(page.locator("#read-control")).to_contain_text("Marked as read")
    assert page.url.endswith("/en/lessons/probes/")  # htmx swapped the control in place

    page.get_by_role("link", name="Lessons").first.click()
    page.wait_for_url("**/en/lessons/")
    item = page.locator('li[data-lesson="probes"]')
    expect(item.locator("[data-progress]")).to_have_attribute("data-progress", "read")
    expect(page.locator('li[data-lesson="services"] [data-progress]')).to_have_text("Not started")
    expect(page.get_by_text("You have started 1 of 20 lessons.")).to_be_visible()


def test_it_marks_a_lesson_read_without_javascript(browser, channels_live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(channels_live_server + "/en/accounts/signup/")
    page.locator("#id_username").fill("nojs")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.goto(channels_live_server + "/en/lessons/services/")
    page.get_by_role("button", name="Mark as read").click()
    page.wait_for_url("**/en/lessons/services/")
    expect(page.locator('#read-control [data-progress="read"]')).to_be_visible()
    context.close()


def test_it_finds_a_lesson_by_a_chinese_phrase(page_at):
    page = page_at("/zh-hans/lessons/")
    page.get_by_label("搜索课程").fill("伪证书")
    page.get_by_role("button", name="搜索", exact=True).click()
    page.wait_for_url(re.compile(r".*/zh-hans/lessons/search/\?q=.*"))
    results = page.locator(".search-results li")
    expect(results).to_have_count(1)
    expect(results.locator("mark").first).to_have_text("伪证书")
    results.get_by_role("link").click()
    page.wait_for_url("**/zh-hans/lessons/ingress-nginx/")


def test_it_searches_from_the_header_of_any_page_on_a_phone(page_at):
    page = page_at("/zh-hans/credits/")
    page.set_viewport_size({"width": 375, "height": 667})
    search = page.get_by_role("search", name="课程")
    box = search.get_by_role("searchbox", name="搜索课程")
    button = search.get_by_role("button", name="搜索", exact=True)
    for control in (box, button):
        expect(control).to_be_visible()
        bounds = control.bounding_box()
        assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 375, bounds
    box.fill("无头服务")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/zh-hans/lessons/search/\?q=.*"))
    expect(page.get_by_role("searchbox", name="搜索课程")).to_have_value("无头服务")
    expect(page.locator(".search-results li").first).to_contain_text("无头服务")


def test_it_draws_a_diagram_as_svg(page_at):
    errors = []
    page = page_at("/en/lessons/pod-basics/")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.reload()
    graph = page.locator(".diagram__graph").first
    expect(graph).to_have_attribute("data-rendered", "done", timeout=15_000)
    expect(graph.locator("svg")).to_have_count(1)
    assert graph.locator("svg g.node").count() >= 4
    expect(graph).to_have_attribute("aria-label", re.compile("^One Pod containing two containers"))
    expect(page.get_by_text("Text description of the diagram")).to_be_visible()
    assert errors == []


def test_it_draws_every_diagram_of_a_lesson_with_several(page_at):
    errors = []
    page = page_at("/zh-hans/lessons/pod-lifecycle/")
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.reload()
    graphs = page.locator(".diagram__graph")
    assert graphs.count() >= 2
    for i in range(graphs.count()):
        expect(graphs.nth(i)).to_have_attribute("data-rendered", "done", timeout=15_000)
    assert errors == []
