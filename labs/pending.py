"""`labs/content/PENDING`: labs whose reference cannot pass yet because a part of the simulator
they need is not finished. One lab per line: `slug: reason`. The labcheck test expects exactly
these to fail (strict), so the list can only shrink."""

from pathlib import Path

PENDING_FILE = Path(__file__).resolve().parent / "content" / "PENDING"


def pending_labs(path: Path = PENDING_FILE) -> dict[str, str]:
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            slug, _sep, reason = line.partition(":")
            out[slug.strip()] = reason.strip()
    return out
