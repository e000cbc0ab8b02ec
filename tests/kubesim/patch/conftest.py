"""Fixtures: `manifest` (a Deployment as a learner writes it) and `live` (as stored)."""

import pytest

from tests.kubesim.patch.patch_objects import stored, web_manifest


@pytest.fixture
def manifest() -> dict:
    return web_manifest()


@pytest.fixture
def live(manifest) -> dict:
    return stored(manifest)
