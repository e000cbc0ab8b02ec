import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import (
    channel_layers,
    database_from_url,
    envbool,
    envint,
    envlist,
    secret_key_from_file,
)

PROJECT = Path(__file__).resolve().parent.parent


def test_it_reads_yes_and_no_words(monkeypatch):
    monkeypatch.setenv("FLAG", "off")
    assert envbool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "Yes")
    assert envbool("FLAG", False) is True
    monkeypatch.delenv("FLAG")
    assert envbool("FLAG", True) is True


def test_it_rejects_an_unclear_flag(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ValueError, match="FLAG"):
        envbool("FLAG", True)


def test_it_reads_numbers_and_lists(monkeypatch):
    monkeypatch.setenv("NUMBER", "42")
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert envint("NUMBER", 0) == 42
    assert envint("MISSING_NUMBER", 7) == 7
    assert envlist("HOSTS") == ["a.example", "b.example"]


def test_it_creates_a_secret_key_once_and_keeps_it(tmp_path):
    path = tmp_path / ".secret_key"
    first = secret_key_from_file(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_from_file(path) == first


def test_it_tunes_sqlite_for_concurrent_use(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "test.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["OPTIONS"] == {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    assert config["TEST"] == {"NAME": str(tmp_path / "test.sqlite3")}


def test_it_reads_a_postgresql_url(tmp_path):
    config = database_from_url("postgres://kube:pw@db.example:5433/kubelab", tmp_path / "t")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == (
        "kubelab",
        "kube",
        "db.example",
        5433,
    )
    assert "init_command" not in config.get("OPTIONS", {})


def test_it_uses_the_in_memory_channel_layer_without_redis():
    assert channel_layers("")["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    redis = channel_layers("redis://localhost:6379/0")["default"]
    assert redis["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert redis["CONFIG"]["hosts"][0]["address"] == "redis://localhost:6379/0"
    assert redis["CONFIG"]["capacity"] >= 1000  # per worker process, shared by all its sockets


def test_it_uses_a_file_for_the_test_database(settings):
    # The browser tests' server is another process; it must see the same database.
    assert settings.DATABASES["default"]["TEST"]["NAME"].endswith("test_db.sqlite3")


def test_it_passes_the_deployment_checks_in_production_mode():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "ALLOWED_HOSTS": "example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        check=False,
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
