"""Live sandboxes under load: N learners on one Daphne process, over real WebSockets.

Run with `python -m bench.sandbox_load [--learners 200] [--seconds 60]`. The script makes a
throwaway SQLite database, migrates it, starts Daphne on loopback with it, and then:
learners arrive over a ramp (20 s); each opens the sandbox page (an anonymous session and a
sandbox of its own), opens the sandbox's socket, applies a 5-replica Deployment, and then
sends one command every 5 s on average (Poisson arrivals); a quarter of them play their
cluster at 4x meanwhile. Bounded in
time and count. Prints the 95th percentile of the time from a command to the first frame
answering it (target: under 150 ms at 200 learners), the errors, the generator's CPU, and
the server's CPU while playing and once every learner has left (frozen sandboxes cost none).
"""

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

from tests.servers import Worker, app_env, migrate

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 5
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
COMMANDS = [
    "kubectl get pods",
    "kubectl get deployments",
    "kubectl get pods -o wide",
    "kubectl describe deployment web",
    "kubectl scale deployment web --replicas=4",
    "kubectl scale deployment web --replicas=5",
    "kubectl get events",
]
ANSWER_TIMEOUT = 10.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(folder: Path) -> Worker:
    """One Daphne worker on a throwaway SQLite file and the in-memory channel layer."""
    env = app_env(f"sqlite:///{folder / 'bench.sqlite3'}", "", SANDBOX_ANONYMOUS_MAX="100000")
    migrate(env)
    return Worker(env).start()


class Learner:
    def __init__(self, number: int, port: int, sandbox_id: int, cookie: str, plays: bool,
                 until: float, stats: dict, delay: float) -> None:
        self.number, self.port, self.sandbox_id, self.cookie = number, port, sandbox_id, cookie
        self.delay = delay
        self.plays, self.until, self.stats = plays, until, stats
        self.rng = random.Random(number)
        self.sent = 0

    async def run(self) -> None:
        url = f"ws://127.0.0.1:{self.port}/ws/sandbox/{self.sandbox_id}/?lang=en"
        await asyncio.sleep(self.delay)  # learners arrive over the ramp, not all at once
        try:
            async with connect(url, origin="http://127.0.0.1", max_size=None,
                               additional_headers={"Cookie": self.cookie}) as ws:
                await asyncio.wait_for(ws.recv(), ANSWER_TIMEOUT)  # the whole state
                await self.ask(ws, {"action": "apply", "manifest": DEPLOYMENT}, "deployment.apps/web",
                               "apply_latencies")
                if self.plays:
                    await ws.send(json.dumps({"action": "time", "op": "play", "speed": "4"}))
                while True:
                    pause = self.rng.expovariate(1 / 5.0)
                    if time.monotonic() + pause > self.until:
                        break
                    await self.drain(ws, pause)
                    line = self.rng.choice(COMMANDS)
                    await self.ask(ws, {"action": "command", "line": line}, 'id="term-entry-')
        except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
            self.stats["errors"].append(f"learner {self.number}: {type(error).__name__}: {error}")

    async def drain(self, ws, seconds: float) -> None:
        """Read (and count) pushed frames for `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(ws.recv(), left)
                self.stats["frames"] += 1
            except TimeoutError:
                return

    async def ask(self, ws, message: dict, answer: str, kind: str = "latencies") -> None:
        self.sent += 1
        message = {**message, "client_id": f"{self.number}-{self.sent}"}  # as the page sends
        start = time.perf_counter()
        await ws.send(json.dumps(message))
        while True:
            reply = await asyncio.wait_for(ws.recv(), ANSWER_TIMEOUT)
            if answer in reply:
                self.stats[kind].append(time.perf_counter() - start)
                if kind == "latencies" and time.monotonic() >= self.stats["steady_from"]:
                    self.stats["steady"].append(time.perf_counter() - start)
                return
            if 'id="sandbox-notice"' in reply:
                self.stats["errors"].append(f"learner {self.number}: refused: {reply[:120]}")
                return
            self.stats["frames"] += 1


async def main_async(server: Worker, learners: int, seconds: float, ramp: float) -> dict:
    port, server_pid = server.port, server.process.pid
    stats = {"latencies": [], "apply_latencies": [], "steady": [], "errors": [], "frames": 0}
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    opened = await asyncio.gather(*[loop.run_in_executor(None, server.open_sandbox_page)
                                    for _ in range(learners)], return_exceptions=True)
    pages = [p for p in opened if not isinstance(p, BaseException)]
    stats["errors"] += [f"page: {p!r}" for p in opened if isinstance(p, BaseException)]
    stats["setup_s"] = time.monotonic() - started
    until = time.monotonic() + ramp + seconds
    stats["steady_from"] = time.monotonic() + ramp + 5  # everyone has arrived and applied
    server_cpu = cpu_seconds(server_pid)
    wall = time.monotonic()
    await asyncio.gather(*[
        Learner(i, port, sandbox_id, cookie, plays=(i % 4 == 0), until=until, stats=stats,
                delay=ramp * i / max(len(pages), 1)).run()
        for i, (sandbox_id, cookie) in enumerate(pages)
    ])
    stats["server_cpu_live"] = (cpu_seconds(server_pid) - server_cpu) / (time.monotonic() - wall)
    # Everyone has left: the sandboxes are frozen and should cost nothing.
    await asyncio.sleep(1.0)
    server_cpu, wall = cpu_seconds(server_pid), time.monotonic()
    await asyncio.sleep(5.0)
    stats["server_cpu_frozen"] = (cpu_seconds(server_pid) - server_cpu) / (time.monotonic() - wall)
    stats["learners"] = len(pages)
    return stats


def percentiles(name: str, values: list[float]) -> None:
    values = sorted(values)
    if not values:
        print(f"{name}: none")
        return
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    print(f"{name}: {len(values)}; median {statistics.median(values) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms")


def report(stats: dict, seconds: float, generator_cpu: float, wall: float) -> None:
    percentiles(f"commands (one per learner every 5 s, {seconds:.0f} s), command to first frame",
                stats["latencies"])
    percentiles("  of which once every learner had arrived (steady state)", stats["steady"])
    percentiles("applies of the 5-replica Deployment, apply to answer", stats["apply_latencies"])
    print(f"learners: {stats['learners']} (setup {stats['setup_s']:.1f} s), pushed frames read: "
          f"{stats['frames']}")
    print(f"errors: {len(stats['errors'])}")
    for line in stats["errors"][:10]:
        print(f"  {line}")
    print(f"server CPU: {stats['server_cpu_live'] * 100:.0f}% of a core while learners worked, "
          f"{stats['server_cpu_frozen'] * 100:.1f}% with every sandbox frozen")
    print(f"generator CPU: {generator_cpu:.1f} s over {wall:.1f} s wall "
          f"({generator_cpu / wall * 100:.0f}% of a core)")


def pin(server_pid: int) -> None:
    """The generator on the last core, the server on the others, so neither steals from the
    other's measurement (a one-core machine shares its core)."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        print("one core: the generator and the server share it")
        return
    os.sched_setaffinity(0, {cores[-1]})
    os.sched_setaffinity(server_pid, set(cores[:-1]))
    print(f"generator pinned to core {cores[-1]}, server to {cores[:-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the command phase")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which learners arrive")
    args = parser.parse_args()
    if not 1 <= args.learners <= 1000 or not 1 <= args.seconds <= 600 or not 0 <= args.ramp <= 120:
        parser.error("learners 1..1000, seconds 1..600, ramp 0..120")
    folder = Path(tempfile.mkdtemp(prefix="kubelab-bench-", dir=os.getenv("BENCH_DIR")))
    server = None
    try:
        server = start_server(folder)
        pin(server.process.pid)
        before = resource.getrusage(resource.RUSAGE_SELF)
        wall = time.monotonic()
        stats = asyncio.run(main_async(server, args.learners, args.seconds, args.ramp))
        after = resource.getrusage(resource.RUSAGE_SELF)
        generator = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        report(stats, args.seconds, generator, time.monotonic() - wall)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
