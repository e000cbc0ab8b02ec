"""Real PostgreSQL and Redis, started for these tests and thrown away after, and Daphne
workers on them. Without the servers' binaries the tests skip, except under CI=true, where
they must run (.ci/run installs Debian's postgresql and redis-server)."""

import os

import pytest

from tests.servers import (
    Postgres,
    Redis,
    Worker,
    app_env,
    load_content,
    migrate,
    postgres_bin,
    redis_bin,
)


def _require(found: bool, what: str) -> None:
    if found:
        return
    if os.getenv("CI", "").lower() == "true":
        pytest.fail(f"{what} is not installed, and under CI=true the scale-out tests must run")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def postgres():
    _require(postgres_bin() is not None, "PostgreSQL (initdb, postgres)")
    server = Postgres().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis():
    _require(redis_bin() is not None, "redis-server")
    server = Redis().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_env(postgres, redis):
    env = app_env(postgres.url, redis.url, SANDBOX_LEASE_SECONDS="2")
    migrate(env)
    load_content(env)
    return env


@pytest.fixture
def workers(shared_env):
    """Two workers on one PostgreSQL and one Redis."""
    started = [Worker(shared_env).start(), Worker(shared_env).start()]
    yield started
    for worker in started:
        worker.stop()
