"""Browser tests: Playwright drives Debian's Chromium against a Daphne live server.

Run them in their own pytest invocation (`make test` does): Playwright's sync API
and pytest-asyncio cannot share a process (reference/stack.md, pitfalls 14-15).

Fixtures for other browser tests:
- `channels_live_server`: base URL of a Daphne server (HTTP, WebSocket, static files)
  running in a child process against the test database;
- `page`: pytest-playwright's page; `page_at(path)` opens a path of the live server
  and returns the page.
The database is shared by the whole session (see `django_db_setup` below).
"""

import os

# Playwright's sync API runs an event loop in this thread, and the tests still
# touch the database from it (stack.md pitfall 13).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.getenv("CI", "").lower() == "true":
        # In CI a missing browser is a broken setup, never a reason to skip.
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: apt-get install chromium")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium)")
    for item in items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # `playwright install` cannot download browsers here; use the system one.
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """The test database, migrated, for the whole browser session.

    pytest-django creates databases only for tests marked django_db; here the
    server in the other process needs one whatever the marks. Data made by one
    browser test stays for the next, so tests pick names of their own.
    """
    from django.test.utils import setup_databases, teardown_databases

    from learn.loading import load_content

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        # The lessons, so that every page type (tests/e2e/helpers.py) has content.
        load_content()
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)


@pytest.fixture(scope="session")
def channels_live_server(django_db_setup, django_db_blocker):
    """Daphne in a child process, like Channels' ChannelsLiveServerTestCase."""
    from functools import partial

    from channels.testing.live import make_application, set_database_connection
    from daphne.testing import DaphneProcess
    from django.conf import settings
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    # The forked server inherits this: browser sign-ups need no slow, safe hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    server = DaphneProcess(
        "127.0.0.1",
        partial(make_application, static_wrapper=ASGIStaticFilesHandler),
        setup=partial(_prepare_child, set_database_connection, django_db_blocker),
    )
    server.start()
    if not server.ready.wait(timeout=20):
        server.terminate()
        raise RuntimeError("the Daphne test server did not start within 20 s")
    yield f"http://127.0.0.1:{server.port.value}"
    server.terminate()
    server.join()


def _prepare_child(set_database_connection, django_db_blocker):
    # asgiref's shared executor thread does not survive fork(); without a fresh one
    # every database_sync_to_async call in the child hangs (stack.md pitfall 14).
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync

    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    # The fork copies pytest-django's block on database access; the server needs it open.
    django_db_blocker.unblock()
    set_database_connection()


@pytest.fixture
def page_at(page, channels_live_server):
    # Fail in seconds, not Playwright's default 30 s: these pages are local and small.
    page.set_default_timeout(10_000)

    def open_path(path):
        page.goto(channels_live_server + path)
        return page

    return open_path


@pytest.fixture
def patient_page_at(page, page_at, request):
    """`page_at` for pages that build clusters or grade labs, on a machine that may be busy:
    longer waits (the module's EXPECT_SECONDS for assertions, 20 by default)."""
    page.set_default_timeout(30_000)
    expect.set_options(timeout=getattr(request.module, "EXPECT_SECONDS", 20) * 1000)
    yield page_at
    expect.set_options(timeout=5_000)
