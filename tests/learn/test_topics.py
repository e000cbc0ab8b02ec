import re
from pathlib import Path

import pytest

from learn.topics import TOPIC_IDS

TOPICS_MD = Path(__file__).resolve().parents[2].parent / "shared" / "TOPICS.md"


@pytest.mark.skipif(not TOPICS_MD.exists(), reason="needs ../shared/TOPICS.md")
def test_it_lists_the_topic_ids_of_topics_md_in_order():
    ids = re.findall(r"^\| `([a-z0-9-]+)` \|", TOPICS_MD.read_text(), re.MULTILINE)
    assert ids == TOPIC_IDS
    assert len(TOPIC_IDS) == 20
