"""A school's worth of learners over the real protocol, on one worker or on several.

Run with `python -m bench.school_load [--learners 200] [--seconds 60] [--setup sqlite|shared]`.

`sqlite`: one Daphne process on a throwaway SQLite file with the in-memory channel layer (the
embedded default). `shared`: a throwaway PostgreSQL and Redis (as tests/scaleout/ starts them)
and `--workers` Daphne processes on them; learners are spread over the workers in turn, as a
proxy's least-connections would. Loopback only, bounded in time and count; the generator is
pinned to one core and reports its own CPU.

Each learner is signed in (a session made beforehand, so that password hashing is not what
is measured), and: opens a lesson page, opens a lab page (its own sandbox for the lab), opens
the sandbox's socket, applies the lab's starter manifest, then sends one command every 5 s
on average (Poisson) and submits the lab every 3 minutes on average (Poisson too); a quarter
of them play their cluster at 4x. Prints median and 95th
percentile latencies per kind of request, throughput, errors, and the servers' CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from websockets.asyncio.client import connect

from bench.sandbox_load import COMMANDS, cpu_seconds
from tests.servers import NoRedirect, Postgres, Redis, Worker, app_env, migrate

ROOT = Path(__file__).resolve().parent.parent
LAB = "pod-basics"
STARTER = (ROOT / "labs" / "content" / LAB / "starter" / "pod.yaml").read_text()
LESSONS = sorted(p.name for p in (ROOT / "learn" / "content" / "lessons").iterdir() if p.is_dir())
SUBMIT_EVERY = 180.0  # seconds between a learner's submissions, on average
TIMEOUT = 15.0
HTTP_THREADS = 32

SESSIONS = """
import os
from django.contrib.auth import get_user_model, HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
User = get_user_model()
keys = []
for number in range(int(os.environ["LOAD_LEARNERS"])):
    user, _ = User.objects.get_or_create(username=f"load-{number}")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print("KEYS", " ".join(keys))
"""


class Setup:
    """The servers under test: one SQLite worker, or PostgreSQL + Redis + several workers."""

    def __init__(self, kind: str, workers: int) -> None:
        self.kind, self.count = kind, workers
        self.folder = Path(tempfile.mkdtemp(prefix="kubelab-load-", dir=os.getenv("BENCH_DIR")))
        self.services: list = []
        self.workers: list[Worker] = []

    def start(self, learners: int) -> list[str]:
        """Start everything; returns the learners' session keys."""
        if self.kind == "sqlite":
            env = app_env(f"sqlite:///{self.folder / 'load.sqlite3'}", "")
        else:
            postgres, redis = Postgres().start(), Redis().start()
            self.services = [postgres, redis]
            env = app_env(postgres.url, redis.url, LOG_LEVEL=os.getenv("LOAD_LOG_LEVEL", "ERROR"))
        # As docs/deploy.md runs it: database connections kept open between requests.
        env.update({"SANDBOX_ANONYMOUS_MAX": "100000", "SANDBOX_MAX_PER_LEARNER": "100000",
                    "SANDBOX_COMMANDS_PER_MINUTE": "0", "CONN_MAX_AGE": "60"})
        migrate(env)
        subprocess.run([sys.executable, "manage.py", "loadcontent"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        made = subprocess.run([sys.executable, "manage.py", "shell", "-c", SESSIONS], cwd=ROOT,
                              env={**env, "LOAD_LEARNERS": str(learners)}, check=True, capture_output=True,
                              text=True)
        keys = next(line for line in made.stdout.splitlines() if line.startswith("KEYS ")).split()[1:]
        self.workers = [Worker(env).start() for _ in range(self.count if self.kind == "shared" else 1)]
        return keys

    def cpu(self) -> float:
        return sum(cpu_seconds(w.process.pid) for w in self.workers)

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        for service in self.services:
            service.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.steady: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.steady_from = float("inf")

    def add(self, kind: str, seconds: float) -> None:
        self.times.setdefault(kind, []).append(seconds)
        if time.monotonic() >= self.steady_from:
            self.steady.setdefault(kind, []).append(seconds)


def http(url: str, cookie: str, data: dict | None = None) -> tuple[int, str, float]:
    """One request (no redirects followed): status, body, seconds it took."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie, "Referer": url})
    opener = urllib.request.build_opener(NoRedirect)
    start = time.perf_counter()
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            text, status = answer.read().decode(errors="replace"), answer.status
    except urllib.error.HTTPError as error:
        text, status = error.read().decode(errors="replace"), error.code
    return status, text, time.perf_counter() - start


class Learner:
    def __init__(self, number: int, worker: Worker, session: str, until: float, stats: Stats,
                 pool: ThreadPoolExecutor, delay: float) -> None:
        self.number, self.worker, self.until, self.stats, self.pool = number, worker, until, stats, pool
        self.cookie = f"sessionid={session}; csrftoken=load{number:028d}"
        self.csrf = f"load{number:028d}"
        self.rng = random.Random(number)
        self.delay = delay
        self.sent = 0

    async def get(self, path: str, kind: str) -> str:
        loop = asyncio.get_running_loop()
        status, text, seconds = await loop.run_in_executor(self.pool, http, self.worker.http + path, self.cookie)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        self.stats.add(kind, seconds)
        return text

    async def run(self) -> None:
        await asyncio.sleep(self.delay)
        try:
            await self.get(f"/en/lessons/{self.rng.choice(LESSONS)}/", "page: lesson")
            lab = await self.get(f"/en/labs/{LAB}/", "page: lab")
            sandbox = int(re.search(r'data-sandbox="(\d+)"', lab).group(1))
            key = re.search(r'name="key" value="([^"]+)"', lab).group(1)
            url = f"{self.worker.ws}/ws/sandbox/{sandbox}/?lang=en"
            start = time.perf_counter()
            async with connect(url, origin="http://127.0.0.1", max_size=None,
                               additional_headers={"Cookie": self.cookie}) as ws:
                await asyncio.wait_for(ws.recv(), TIMEOUT)
                self.stats.add("socket: open to whole state", time.perf_counter() - start)
                await self.ask(ws, {"action": "apply", "manifest": STARTER}, "created", "command: apply")
                if self.number % 4 == 0:
                    await ws.send(json.dumps({"action": "time", "op": "play", "speed": "4"}))
                submit_at = time.monotonic() + self.rng.expovariate(1 / SUBMIT_EVERY)
                while True:
                    pause = self.rng.expovariate(1 / 5.0)
                    if time.monotonic() + pause > self.until:
                        break
                    await self.drain(ws, pause)
                    if time.monotonic() >= submit_at:
                        key = await self.submit(sandbox, key)
                        submit_at = time.monotonic() + self.rng.expovariate(1 / SUBMIT_EVERY)
                    line = self.rng.choice(COMMANDS)
                    await self.ask(ws, {"action": "command", "line": line}, 'id="term-entry-', "command: to its answer")
        except Exception as error:  # noqa: BLE001 - counted and reported; the run goes on
            self.stats.errors.append(f"learner {self.number}: {type(error).__name__}: {error}")

    async def submit(self, sandbox: int, key: str) -> str:
        loop = asyncio.get_running_loop()
        data = {"csrfmiddlewaretoken": self.csrf, "sandbox": sandbox, "key": key}
        status, _text, seconds = await loop.run_in_executor(
            self.pool, http, f"{self.worker.http}/en/labs/{LAB}/submit/", self.cookie, data)
        if status != 302:
            raise RuntimeError(f"submit: {status}")
        self.stats.add("submit: graded and stored", seconds)
        lab = await self.get(f"/en/labs/{LAB}/", "page: lab")
        return re.search(r'name="key" value="([^"]+)"', lab).group(1)

    async def drain(self, ws, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(ws.recv(), left)
            except TimeoutError:
                return

    async def ask(self, ws, message: dict, answer: str, kind: str) -> None:
        self.sent += 1
        start = time.perf_counter()
        await asyncio.wait_for(ws.send(json.dumps({**message, "client_id": f"{self.number}-{self.sent}"})),
                               TIMEOUT)
        while True:
            try:
                reply = await asyncio.wait_for(ws.recv(), max(start + TIMEOUT - time.perf_counter(), 0.01))
            except TimeoutError:
                raise RuntimeError(f"no answer to {message.get('line') or message['action']} "
                                   f"in {TIMEOUT:.0f} s") from None
            if answer in reply:
                self.stats.add(kind, time.perf_counter() - start)
                return
            if 'id="sandbox-notice"' in reply:
                raise RuntimeError(f"refused: {reply[:160]}")


async def drive(setup: Setup, sessions: list[str], seconds: float, ramp: float) -> tuple[Stats, float]:
    stats = Stats()
    until = time.monotonic() + ramp + seconds
    stats.steady_from = time.monotonic() + ramp + 5
    with ThreadPoolExecutor(HTTP_THREADS) as pool:
        learners = [Learner(i, setup.workers[i % len(setup.workers)], key, until, stats, pool,
                            delay=ramp * i / max(len(sessions), 1)) for i, key in enumerate(sessions)]
        started = time.monotonic()
        # Bounded: a learner still waiting a minute after the end is counted as an error.
        await asyncio.gather(*(bounded(learner, ramp + seconds + 60, stats) for learner in learners))
    return stats, time.monotonic() - started


async def bounded(learner: Learner, seconds: float, stats: Stats) -> None:
    try:
        await asyncio.wait_for(learner.run(), seconds)
    except TimeoutError:
        stats.errors.append(f"learner {learner.number}: still waiting at the end of the run")


def pin() -> str:
    """The generator on one core (it needs a few per cent of it); the servers use every core."""
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[-1]})
    return f"generator pinned to core {cores[-1]} of {len(cores)}; the servers run on all of them"


def report(stats: Stats, wall: float, server_cpu: float, generator_cpu: float, label: str) -> None:
    print(f"== {label}")
    for kind in sorted(stats.times):
        values = sorted(stats.times[kind])
        steady = sorted(stats.steady.get(kind, []))
        line = f"{kind}: {len(values)}; median {statistics.median(values) * 1000:.0f} ms, p95 {p95(values) * 1000:.0f} ms"
        if steady:
            line += f" (steady state: p95 {p95(steady) * 1000:.0f} ms of {len(steady)})"
        print(line)
    total = sum(len(v) for v in stats.times.values())
    print(f"throughput: {total / wall:.1f} requests and commands a second over {wall:.0f} s")
    print(f"errors: {len(stats.errors)}")
    for line in stats.errors[:5]:
        print(f"  {line}")
    print(f"servers' CPU: {server_cpu / wall * 100:.0f}% of a core; generator: {generator_cpu:.1f} s "
          f"({generator_cpu / wall * 100:.0f}% of a core)")


def p95(values: list[float]) -> float:
    return values[min(len(values) - 1, int(len(values) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the steady phase")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which learners arrive")
    parser.add_argument("--setup", choices=("sqlite", "shared"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="Daphne workers with --setup shared")
    args = parser.parse_args()
    if not 1 <= args.learners <= 1000 or not 1 <= args.seconds <= 600 or not 1 <= args.workers <= 8:
        parser.error("learners 1..1000, seconds 1..600, workers 1..8")
    setup = Setup(args.setup, args.workers)
    try:
        sessions = setup.start(args.learners)
        print(pin())
        before_cpu, before = setup.cpu(), resource.getrusage(resource.RUSAGE_SELF)
        stats, wall = asyncio.run(drive(setup, sessions, args.seconds, args.ramp))
        after = resource.getrusage(resource.RUSAGE_SELF)
        generator = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        label = (f"{args.learners} learners, {args.setup}"
                 + (f" ({len(setup.workers)} workers on PostgreSQL + Redis)" if args.setup == "shared" else
                    " (one worker on SQLite)"))
        report(stats, wall, setup.cpu() - before_cpu, generator, label)
    finally:
        setup.stop()


if __name__ == "__main__":
    main()
