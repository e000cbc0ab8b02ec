"""Two workers on one PostgreSQL and one Redis: a learner's sandbox is one cluster whichever
worker their socket lands on, and it survives a worker's death and a Redis restart."""

import asyncio
import html
import itertools
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import psycopg
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tests.sandbox.conftest import DEPLOYMENT
from tests.servers import ROOT, NoRedirect, Worker

NUMBERS = itertools.count(1)
WAIT = 20.0


class Tab:
    """One browser tab's socket on one worker."""

    def __init__(self, worker: Worker, sandbox_id: int, cookie: str) -> None:
        self.url = f"{worker.ws}/ws/sandbox/{sandbox_id}/?lang=en"
        self.cookie = cookie
        self.seen: list[str] = []

    async def __aenter__(self):
        self.socket = await connect(self.url, origin="http://127.0.0.1", max_size=None,
                                    additional_headers={"Cookie": self.cookie})
        await self.until('id="sandbox-board"')  # the whole state, from whichever worker runs it
        return self

    async def __aexit__(self, *exc):
        await self.socket.close()

    async def until(self, text: str, timeout: float = WAIT) -> str:
        """Messages until one holds `text`; returns that message."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never came; last messages: {self.seen[-3:]}")
            try:
                message = await asyncio.wait_for(self.socket.recv(), left)
            except TimeoutError:
                raise AssertionError(f"{text!r} never came; messages: {[m[:70] for m in self.seen]}") from None
            self.seen.append(message)
            if text in message:
                return message

    async def send(self, client_id: str | None = None, **data) -> str:
        client_id = client_id or f"c{next(NUMBERS)}"
        await self.socket.send(json.dumps({**data, "client_id": client_id}))
        return client_id

    async def run(self, line: str, client_id: str | None = None) -> str:
        """A command, acknowledged (stored): what the terminal printed."""
        client_id = await self.send(client_id, action="command", line=line)
        await self.until(f'data-ack="{client_id}"')
        entry = next((m for m in reversed(self.seen) if line_html(line) in m), None)
        entry = entry or await self.until(line_html(line))
        return html.unescape("".join(re.findall(r'<pre class="term-entry__(?:out|err)">(.*?)</pre>', entry, re.DOTALL)))

    def clock(self) -> int:
        now = [m for m in self.seen if 'id="sandbox-clock"' in m][-1]
        return int(re.search(r'data-now="(\d+)"', now).group(1))


def line_html(line: str) -> str:
    return f'<span class="term-entry__line">{line}</span>'


def journal(postgres, sandbox_id: int) -> list[str]:
    with psycopg.connect(postgres.url) as db:
        rows = db.execute("SELECT line FROM labs_sandboxentry WHERE sandbox_id = %s AND line IS NOT NULL "
                          "ORDER BY seq", (sandbox_id,)).fetchall()
    return [line for (line,) in rows]


async def test_a_learner_who_moves_to_another_worker_finds_the_same_cluster(workers):
    a, b = workers
    sandbox_id, cookie = a.open_sandbox_page()
    async with Tab(a, sandbox_id, cookie) as first:
        await first.until(f'data-ack="{await first.send(action="apply", manifest=DEPLOYMENT)}"')
        await first.until(f'data-ack="{await first.send(action="time", op="settle")}"')
        await first.until("web-")
        pods = await first.run("kubectl get pods -o name")
        await asyncio.sleep(0.5)  # the settled picture's frame
        clock = first.clock()
    async with Tab(b, sandbox_id, cookie) as second:
        assert second.clock() == clock
        assert await second.run("kubectl get pods -o name") == pods
    assert pods.count("pod/web-") == 2


async def test_two_tabs_on_two_workers_make_one_history(workers, postgres):
    a, b = workers
    sandbox_id, cookie = a.open_sandbox_page()
    async with Tab(a, sandbox_id, cookie) as one, Tab(b, sandbox_id, cookie) as two:
        for number in range(6):
            await (one if number % 2 == 0 else two).run(f"kubectl create namespace turn-{number}")
        # At once from both tabs: each command runs once, in one order that both tabs see.
        sent = await asyncio.gather(*[
            tab.send(action="command", line=f"kubectl create namespace both-{i}")
            for i, tab in enumerate((one, two, one, two))])
        for tab, client_id in zip((one, two, one, two), sent, strict=True):
            await tab.until(f'data-ack="{client_id}"')
        lines = journal(postgres, sandbox_id)
        for tab in (one, two):  # every tab shows every command, in the journal's order
            for line in lines:
                if not any(line_html(line) in m for m in tab.seen):
                    await tab.until(line_html(line))
            shown = re.findall(r'term-entry__line">kubectl create namespace ([^<]+)<', "".join(tab.seen))
            assert shown == [line.split()[-1] for line in lines]
    assert lines[:6] == [f"kubectl create namespace turn-{n}" for n in range(6)]
    assert sorted(lines[6:]) == [f"kubectl create namespace both-{i}" for i in range(4)]


@pytest.mark.parametrize("moment", ["before-store", "after-store"])
async def test_a_worker_killed_around_an_acknowledgement_loses_nothing_acknowledged(
        shared_env, postgres, moment):
    doomed = "kubectl create namespace doomed"
    a = Worker({**shared_env, "SANDBOX_FAULT": f"{moment}:{doomed}"}).start()
    b = Worker(shared_env).start()
    try:
        sandbox_id, cookie = a.open_sandbox_page()
        async with Tab(a, sandbox_id, cookie) as tab:
            await tab.run("kubectl create namespace kept")
            retry = await tab.send(action="command", line=doomed)
            with pytest.raises(ConnectionClosed):
                await tab.until(f'data-ack="{retry}"')  # the worker died before it acknowledged
        assert a.process.wait(timeout=10) == -9
        async with Tab(b, sandbox_id, cookie) as again:  # the page reconnects, to worker B
            await again.run(doomed, client_id=retry)  # and sends what was not acknowledged
            listed = await again.run("kubectl get namespaces -o name")
        assert "namespace/kept" in listed and listed.count("namespace/doomed") == 1
        assert journal(postgres, sandbox_id).count(doomed) == 1
    finally:
        a.kill()
        b.stop()


async def test_the_owner_dying_hands_the_sandbox_to_the_other_worker(workers, postgres):
    a, b = workers
    sandbox_id, cookie = a.open_sandbox_page()
    async with Tab(a, sandbox_id, cookie) as owner_tab, Tab(b, sandbox_id, cookie) as other_tab:
        await other_tab.run("kubectl create namespace before")
        a.kill()
        with pytest.raises(ConnectionClosed):
            await owner_tab.until("never")
        # The lease lapses; the other worker takes the sandbox over and goes on with it.
        await other_tab.until('id="sandbox-board"', timeout=WAIT)
        listed = await other_tab.run("kubectl get namespaces -o name")
    assert "namespace/before" in listed
    assert journal(postgres, sandbox_id)[-1] == "kubectl get namespaces -o name"


async def test_the_sandbox_recovers_after_redis_restarts(workers, redis):
    a, _b = workers
    sandbox_id, cookie = a.open_sandbox_page()
    async with Tab(a, sandbox_id, cookie) as tab:
        await tab.run("kubectl create namespace before")
        redis.restart()
        try:
            # A socket that stays open must go on working; one that cannot is closed, so that
            # the page shows it is reconnecting and opens a new one.
            listed = await tab.run("kubectl get namespaces -o name")
        except ConnectionClosed:
            listed = await reconnect(a, sandbox_id, cookie)
    assert "namespace/before" in listed


async def reconnect(worker, sandbox_id, cookie) -> str:
    """What the page does: open the socket again until it is back."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            async with Tab(worker, sandbox_id, cookie) as back:
                return await back.run("kubectl get namespaces -o name")
        except (OSError, InvalidHandshake, ConnectionClosed):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


def sign_up(worker: Worker, username: str) -> tuple[CookieJar, urllib.request.OpenerDirector]:
    """A learner makes an account through the sign-up form, and is signed in."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{worker.http}/en/accounts/signup/", timeout=60).read().decode()
    form = {"csrfmiddlewaretoken": csrf_of(page), "username": username,
            "password1": "correct horse battery staple", "password2": "correct horse battery staple"}
    opener.open(f"{worker.http}/en/accounts/signup/", urllib.parse.urlencode(form).encode(), timeout=60)
    return jar, opener


def csrf_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def attempts_with(postgres, key: str) -> list[int]:
    with psycopg.connect(postgres.url) as db:
        rows = db.execute("SELECT id FROM labs_attempt WHERE idempotency_key LIKE %s", (f"%:{key}",)).fetchall()
    return [attempt_id for (attempt_id,) in rows]


def hang_up_after_sending(worker: Worker, path: str, body: bytes, cookie: str) -> None:
    """A POST whose sender goes away at once (the tab closed) without reading the answer."""
    with socket.create_connection(("127.0.0.1", worker.port)) as raw:
        raw.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                    f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                    f"Referer: {worker.http}{path}\r\n\r\n".encode() + body)


async def test_a_submission_is_graded_once_even_if_the_tab_closes(workers, postgres):
    a, b = workers
    jar, opener = sign_up(a, "sam")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    page = opener.open(f"{a.http}/en/labs/pod-basics/", timeout=60).read().decode()
    sandbox_id = int(re.search(r'data-sandbox="(\d+)"', page).group(1))
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    solution = (ROOT / "labs/content/pod-basics/solution.sh").read_text().split("YAML\n")[1].split("\nYAML")[0]
    async with Tab(b, sandbox_id, cookie) as tab:  # the learner's socket is on the other worker
        await tab.until(f'data-ack="{await tab.send(action="apply", manifest=solution)}"')
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf_of(page), "sandbox": sandbox_id, "key": key})
    hang_up_after_sending(a, "/en/labs/pod-basics/submit/", form.encode(), cookie)
    deadline = time.monotonic() + WAIT
    while not attempts_with(postgres, key) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    stored = attempts_with(postgres, key)
    assert len(stored) == 1, "graded and stored although nobody waited for the answer"
    # The learner comes back and submits the same form again: the same attempt, not a second one.
    again = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    try:
        again.open(f"{b.http}/en/labs/pod-basics/submit/", form.encode(), timeout=60)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        assert redirect.headers["Location"].endswith(f"/labs/attempts/{stored[0]}/")
    assert attempts_with(postgres, key) == stored
