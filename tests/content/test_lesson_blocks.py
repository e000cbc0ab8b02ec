"""THE BLOCK TEST: every console block of every lesson, run in the simulator, prints what the
lesson shows. Blocks the simulator cannot reproduce yet are listed in pending_blocks.txt;
a listed block that starts passing fails this test until it is taken off the list
(`python -m tests.content.check_blocks --update-pending`). See check_blocks.py."""

import pytest

from tests.content.check_blocks import lesson_blocks, read_pending, run_lesson
from tests.content.lessons import slugs

PENDING = read_pending()
FIX = "run `python -m tests.content.check_blocks --update-pending`"


@pytest.mark.parametrize("slug", slugs())
def test_it_runs_every_console_block_as_the_lesson_shows_it(slug):
    outcomes = run_lesson(slug)
    failing = [o for o in outcomes if not o.ok and o.key not in PENDING]
    assert not failing, "\n\n".join(f"block {o.index}: {o.reason}\n{o.detail}" for o in failing)
    now_passing = [o.index for o in outcomes if o.ok and o.key in PENDING]
    assert not now_passing, f"blocks {now_passing} of {slug} pass now: {FIX}"


def test_it_lists_only_console_blocks_that_exist():
    console = {(slug, index) for slug in slugs()
               for index, info, _ in lesson_blocks(slug) if info.language == "console"}
    assert set(PENDING) <= console, f"stale entries in pending_blocks.txt: {FIX}"
