"""Throwaway PostgreSQL and Redis servers for the scale-out tests, and Daphne workers on them.

Each server runs from a temporary folder on a free loopback port, keeps nothing after it
stops, and is found from Debian's packages (`postgresql`, `redis-server`). PostgreSQL refuses
to run as root, so as root it runs as the `postgres` account the package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} after {seconds:.0f} s")


def postgres_bin() -> Path | None:
    """The folder of initdb and postgres: on PATH, else Debian's versioned folder."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return Path(folders[-1]) if folders and Path(folders[-1], "initdb").exists() else None


def redis_bin() -> str | None:
    return shutil.which("redis-server")


class Postgres:
    """`initdb` in a temporary folder and `postgres` on a free port; trust auth, no fsync."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="kubelab-pg-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.user = None if os.geteuid() != 0 else "postgres"

    @property
    def url(self) -> str:
        return f"postgres://kubelab@127.0.0.1:{self.port}/kubelab"

    def _run_as(self) -> dict:
        return {"user": self.user, "group": pwd.getpwnam(self.user).pw_gid} if self.user else {}

    def start(self) -> Postgres:
        data = self.folder / "data"
        if self.user:
            os.chown(self.folder, pwd.getpwnam(self.user).pw_uid, pwd.getpwnam(self.user).pw_gid)
        subprocess.run([self.bin / "initdb", "-D", data, "-U", "kubelab", "--auth=trust", "-E", "UTF8",
                        "--no-sync"], check=True, capture_output=True, **self._run_as())
        self.process = subprocess.Popen(
            [self.bin / "postgres", "-D", data, "-p", str(self.port), "-k", self.folder,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **self._run_as())
        wait_for_port(self.port, self.process)
        self._create_database()
        return self

    def _create_database(self) -> None:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(f"postgres://kubelab@127.0.0.1:{self.port}/postgres",
                                     autocommit=True) as connection:
                    connection.execute("CREATE DATABASE kubelab")
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # a "smart" shutdown: waits for clients, then stops
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """`redis-server` on a free port that saves nothing."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kubelab-redis-"))
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        self.process = subprocess.Popen(
            [redis_bin(), "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        shutil.rmtree(self.folder, ignore_errors=True)

    def restart(self) -> None:
        self.stop()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.start()


class Worker:
    """One Daphne process of the app on the given database and Redis."""

    def __init__(self, env: dict) -> None:
        self.env = env
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> Worker:
        self.errors = tempfile.NamedTemporaryFile(prefix="kubelab-worker-", suffix=".log")  # noqa: SIM115 - lives as long as the worker
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.errors)
        wait_for_port(self.port, self.process, seconds=120)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        print(f"--- worker on port {self.port}:\n{self.log()}")  # shown when a test fails

    def log(self) -> str:
        return Path(self.errors.name).read_text(errors="replace")[-int(os.getenv("WORKER_LOG_CHARS", "6000")):]

    def open_sandbox_page(self) -> tuple[int, str]:
        """An anonymous visit to /en/sandbox/: (the new sandbox's id, the cookie header)."""
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(f"{self.http}/en/sandbox/", timeout=60).read().decode()
        return int(re.search(r'data-sandbox="(\d+)"', html).group(1)), "; ".join(f"{c.name}={c.value}" for c in jar)

    def kill(self) -> None:
        """SIGKILL: no goodbye, no save, as when a machine dies."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()


def app_env(database_url: str, redis_url: str, **extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def migrate(env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=300)


def load_content(env: dict) -> None:
    subprocess.run([sys.executable, "manage.py", "loadcontent"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """For an opener that hands back a redirect instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None
