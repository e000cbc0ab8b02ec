"""Every quota is a setting from the environment, documented in README.md's configuration table."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEST_ONLY = {"SANDBOX_FAULT"}  # fault injection for the scale-out tests, not a knob for operators


def test_every_sandbox_setting_is_in_the_readmes_table():
    names = set(re.findall(r"^(SANDBOX_[A-Z_]+) = env", (ROOT / "config/settings.py").read_text(), re.MULTILINE))
    assert {"SANDBOX_MAX_PER_LAB", "SANDBOX_ANONYMOUS_PER_VISITOR", "SANDBOX_MAX_PODS",
            "SANDBOX_COMMANDS_PER_MINUTE", "SANDBOX_HISTORY_ROWS"} <= names
    table = [line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `")]
    missing = {n for n in names - TEST_ONLY if not any(f"`{n}`" in line for line in table)}
    assert missing == set()
