"""The quotas' cast: Alice is a learner, Bob another learner; guests are plain clients."""

import pytest

from labs.sandbox import budget
from labs.sandbox.live import registry


@pytest.fixture(autouse=True)
def fresh_state():
    # No cluster in memory and no command spent, as after a server restart.
    registry.entries.clear()
    budget.commands.buckets.clear()
    yield
    registry.entries.clear()
    budget.commands.buckets.clear()
