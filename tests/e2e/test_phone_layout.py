import pytest

from tests.e2e.helpers import PAGE_TYPES

PHONE = {"width": 375, "height": 667}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_fits_a_phone_screen_without_sideways_scrolling(page_at, language):
    too_wide = {}
    for kind, path in PAGE_TYPES.items():
        page = page_at(path.replace("/en/", f"/{language}/", 1))
        page.set_viewport_size(PHONE)
        scroll_width, client_width = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        if scroll_width > client_width:
            too_wide[kind] = f"{scroll_width}px content in a {client_width}px window"
    assert too_wide == {}
