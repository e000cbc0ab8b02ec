"""Manifests the sandbox tests apply, and a registry emptied around each test (the cast is in
tests/conftest.py)."""

import pytest

from labs.sandbox.live import registry

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""

BAD_FIELD = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  replica: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""


@pytest.fixture(autouse=True)
def fresh_registry():
    # Each test starts with no cluster in memory, as after a server restart.
    registry.entries.clear()
    yield
    registry.entries.clear()
