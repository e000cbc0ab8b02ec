import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "htmx"


def test_it_vendors_exactly_the_htmx_files_named_in_versions():
    table = (VENDOR / "VERSIONS.md").read_text()
    named = dict(re.findall(r"^\| (\S+\.js) \|.*\| ([0-9a-f]{64}) \|$", table, re.MULTILINE))
    assert set(named) == {"htmx.min.js", "ws.min.js"}
    for name, digest in named.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert (VENDOR / "LICENSE.htmx.org").exists()
    assert (VENDOR / "LICENSE.htmx-ext-ws").exists()
