from playwright.sync_api import expect


def test_it_shows_the_connection_and_the_answers_to_pings(page_at):
    page = page_at("/en/sandbox/")
    status = page.get_by_role("status").filter(has_text="Connect")
    expect(status).to_have_text("Connected")

    page.get_by_role("button", name="Send a ping").click()
    expect(page.locator("#pong")).to_have_text("pong 1")
    page.get_by_role("button", name="Send a ping").click()
    expect(page.locator("#pong")).to_have_text("pong 2")


def test_it_answers_in_chinese_on_the_chinese_page(page_at):
    page = page_at("/zh-hans/sandbox/")
    expect(page.locator("[data-ws-status]")).to_have_text("已连接")
    page.get_by_role("button", name="发送 ping").click()
    expect(page.locator("#pong")).to_contain_text("第 1 次回应")
