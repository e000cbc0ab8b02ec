import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"


def test_it_vendors_exactly_the_diagram_files_named_in_versions():
    for folder, name, licence in [("d3", "d3.min.js", "LICENSE.d3"),
                                  ("d3-graphviz", "d3-graphviz.min.js", "LICENSE.d3-graphviz")]:
        table = (VENDOR / folder / "VERSIONS.md").read_text()
        named = dict(re.findall(r"^\| (\S+\.js) \|.*\| ([0-9a-f]{64}) \|$", table, re.MULTILINE))
        assert set(named) == {name}
        assert hashlib.sha256((VENDOR / folder / name).read_bytes()).hexdigest() == named[name]
        assert (VENDOR / folder / licence).exists()
