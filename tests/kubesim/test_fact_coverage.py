"""Every sourced fact of real Kubernetes that a landed issue owns has a golden transcript.

Facts live in ../shared/reference/k8s-facts.md; transcripts in transcripts/facts/fact-NNN.txt.
Facts marked [UNSURE] are hypotheses and need none. Facts owned by issues that have not
landed yet are listed in PENDING, by the issue that will bring them.
"""

import re
from pathlib import Path

import pytest

FACTS = Path(__file__).resolve().parents[3] / "shared" / "reference" / "k8s-facts.md"
TRANSCRIPTS = Path(__file__).parent / "transcripts" / "facts"
PENDING_TRANSCRIPTS = Path(__file__).parent / "transcripts" / "pending" / "facts"

# Sections and single facts by the issue that owns them.
OWNERS = {
    "core": {"sections": "HR", "facts": {137, 138}},
    "nodes": {"sections": "ABCDEFG", "facts": {141}},
    "controllers": {"sections": "IJKLS", "facts": {139, 140}},
    "networking": {"sections": "MNOPQ", "facts": {136}},
}
# Owned by issues still open; each moves out of here when its issue lands.
PENDING: dict = {}


def facts() -> dict[int, tuple[str, bool]]:
    """fact number -> (section letter, marked unsure)."""
    out, section, number, text = {}, "", None, []
    for line in FACTS.read_text().splitlines():
        heading = re.match(r"## ([A-Z])\. ", line)
        item = re.match(r"(\d+)\. \*\*", line)
        if heading or item or line.startswith("## "):
            if number is not None:
                out[number] = (section, "[UNSURE" in " ".join(text))
            number, text = None, []
        if heading:
            section = heading.group(1)
        if item:
            number, text = int(item.group(1)), [line]
        elif number is not None:
            text.append(line)
    if number is not None:
        out[number] = (section, "[UNSURE" in " ".join(text))
    return out


def owner(number: int, section: str) -> str:
    for name, owned in OWNERS.items():
        if number in owned["facts"]:
            return name
    return next(name for name, owned in OWNERS.items() if section in owned["sections"])


def pending(number: int, section: str) -> bool:
    rule = PENDING.get(owner(number, section))
    return rule == "all" or (rule is not None and number in rule)


def test_it_reads_every_fact_of_the_reference():
    found = facts()
    assert len(found) >= 141
    assert found[46] == ("H", False)


def test_it_has_a_transcript_for_every_fact_a_landed_issue_owns():
    missing = [n for n, (section, unsure) in sorted(facts().items())
               if not unsure and not pending(n, section) and not _transcript(n)]
    assert missing == [], f"facts without a transcript: {missing}"


def _transcript(number: int) -> bool:
    """A transcript exists, passing or recorded as pending (real behaviour not reproduced yet)."""
    name = f"fact-{number:03d}.txt"
    return (TRANSCRIPTS / name).exists() or (PENDING_TRANSCRIPTS / name).exists()


@pytest.mark.parametrize("path", sorted([*TRANSCRIPTS.glob("fact-*.txt"), *PENDING_TRANSCRIPTS.glob("fact-*.txt")]),
                         ids=lambda p: p.name)
def test_it_names_transcripts_after_real_facts(path):
    assert int(path.stem.split("-")[1]) in facts()
