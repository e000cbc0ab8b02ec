"""Tiny helpers that turn environment variables and files into settings values.

Kept apart from settings.py so tests can call them directly.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envbool(name, default):
    value = os.getenv(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name}={value!r} is not a yes/no value (use 1/0, true/false, on/off)")


def envint(name, default):
    value = os.getenv(name)
    if value is None or value.strip() == "":
        return default
    return int(value)


def envlist(name, default=""):
    """A comma-separated list, blanks dropped: "a.com, b.com" -> ["a.com", "b.com"]."""
    value = os.getenv(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_key_from_file(path: Path) -> str:
    """Read the secret key kept in `path`, creating it on first use.

    A fresh checkout then runs without configuration, and the key survives
    restarts, so sessions and password-reset links stay valid.
    """
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    # Create with owner-only permissions before writing the secret into it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def database_from_url(url: str, test_name: Path) -> dict:
    """Django's DATABASES["default"] for `url`, with our SQLite tuning.

    SQLite runs in WAL mode (readers do not block the writer) and starts
    transactions IMMEDIATE, so two writers queue on the lock instead of one
    failing with "database is locked" halfway through a transaction.
    The test database is a file because the browser tests' server runs in
    another process and must see the same data. In WAL mode, synchronous=NORMAL
    survives a crash of the process (only a power cut may lose the last commits), and
    spares every commit a disk flush: a sandbox stores each command before answering it.
    """
    config = dj_database_url.parse(url, conn_max_age=envint("CONN_MAX_AGE", 0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            # A writer waits its turn for up to 20 s (Python's default is 5) rather than fail
            # with "database is locked" when a whole class works at once.
            {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
             "transaction_mode": "IMMEDIATE", "timeout": 20}
        )
        config["TEST"] = {"NAME": str(test_name)}
    return config


def channel_layers(redis_url: str) -> dict:
    """One process needs no broker; several processes share groups through Redis."""
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # channels_redis is imported by Channels only when this backend is used,
    # so it need not be installed for the default setup.
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 gives up on a read after 5 s by default, as long as channels-redis
            # blocks waiting for a message: a longer timeout keeps a quiet socket alive.
            # The capacity counts per process, not per socket: every socket of a worker shares
            # one queue in Redis, and group messages past it are dropped without a word. 100
            # (the default) lost answers under a class of learners playing at 4x.
            "CONFIG": {"hosts": [{"address": redis_url, "socket_timeout": 30}], "capacity": 5000},
        }
    }
