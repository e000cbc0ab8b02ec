"""Every golden transcript under transcripts/ replays to the same output."""

from pathlib import Path

import pytest

from .transcript import check

HERE = Path(__file__).parent / "transcripts"
FILES = sorted(HERE.rglob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(HERE)) for p in FILES])
def test_it_replays_the_transcript(path):
    check(path)
