"""Kubelab settings. Every tunable comes from an environment variable (see README.md);
the defaults make a fresh checkout run locally on SQLite with no configuration."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    channel_layers,
    database_from_url,
    envbool,
    envint,
    envlist,
    secret_key_from_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.getenv("SECRET_KEY") or secret_key_from_file(BASE_DIR / ".secret_key")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that `runserver` is Daphne's and serves WebSockets too.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "channels",
    "django_htmx",
    "template_partials",
    "core",
    "learn",
    "labs",
    "teach",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",  # the CSP: see core/security.py
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if not DEBUG:
    # Plain `daphne` serves no static files; in DEBUG, runserver and the test
    # servers serve them straight from the source folders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,  # template_partials replaces this with its own loaders
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.getenv("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        test_name=BASE_DIR / "test_db.sqlite3",
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CHANNEL_LAYERS = channel_layers(os.getenv("REDIS_URL", ""))
# Django's in-process cache by default; several workers must share one (the login limit counts
# in it, core/login.py), so with REDIS_URL it is Django's own Redis cache.
if os.getenv("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.getenv("REDIS_URL"), "KEY_PREFIX": "kubelab"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# The course's source notes are Chinese, so Chinese is the fallback language.
LANGUAGE_CODE = os.getenv("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files need `collectstatic`; locally and in tests
    # files are served straight from the source folders.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Production hardening; each can be turned off, e.g. behind a TLS-terminating proxy.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)

# Everything goes to standard error, in every mode: Django's default shows its own
# messages only with DEBUG (and mails errors, which needs an email setup).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    "loggers": {"django": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}

# The live sandbox (labs/sandbox/): limits and pacing.
SANDBOX_NODES = envint("SANDBOX_NODES", 2)  # worker nodes of a new sandbox
SANDBOX_MAX_PER_LEARNER = envint("SANDBOX_MAX_PER_LEARNER", 5)
SANDBOX_ANONYMOUS_MAX = envint("SANDBOX_ANONYMOUS_MAX", 1000)  # across all visitors
SANDBOX_ANONYMOUS_HOURS = envint("SANDBOX_ANONYMOUS_HOURS", 24)  # unused this long: deleted
SANDBOX_MAX_PER_LAB = envint("SANDBOX_MAX_PER_LAB", 3)  # a lab's sandboxes per learner, apart from the above
SANDBOX_ANONYMOUS_PER_VISITOR = envint("SANDBOX_ANONYMOUS_PER_VISITOR", 8)  # one guest's, labs' included
# The size of one simulated cluster (kubesim/apiserver/limits.py), for accounts and for guests.
SANDBOX_MAX_OBJECTS = envint("SANDBOX_MAX_OBJECTS", 500)
SANDBOX_MAX_PODS = envint("SANDBOX_MAX_PODS", 200)
SANDBOX_ANONYMOUS_MAX_OBJECTS = envint("SANDBOX_ANONYMOUS_MAX_OBJECTS", 250)
SANDBOX_ANONYMOUS_MAX_PODS = envint("SANDBOX_ANONYMOUS_MAX_PODS", 80)
# Commands one learner (or guest session) may send a minute, over all their tabs and forms; 0: no limit.
SANDBOX_COMMANDS_PER_MINUTE = envint("SANDBOX_COMMANDS_PER_MINUTE", 120)
SANDBOX_ANONYMOUS_COMMANDS_PER_MINUTE = envint("SANDBOX_ANONYMOUS_COMMANDS_PER_MINUTE", 60)
SANDBOX_HISTORY_ROWS = envint("SANDBOX_HISTORY_ROWS", 1000)  # journal entries `purge` keeps per sandbox
SANDBOX_MAX_MESSAGE_BYTES = envint("SANDBOX_MAX_MESSAGE_BYTES", 300 * 1024)  # apply is 256 KiB
SANDBOX_RATE_PER_SECOND = envint("SANDBOX_RATE_PER_SECOND", 10)  # messages per socket
SANDBOX_RATE_BURST = envint("SANDBOX_RATE_BURST", 30)
SANDBOX_FRAMES_PER_SECOND = envint("SANDBOX_FRAMES_PER_SECOND", 5)
SANDBOX_SLICE_MS = envint("SANDBOX_SLICE_MS", 5)  # CPU per scheduler turn of one sandbox
SANDBOX_LIVE_MAX = envint("SANDBOX_LIVE_MAX", 500)  # clusters kept in memory per process
SANDBOX_IDLE_SECONDS = envint("SANDBOX_IDLE_SECONDS", 300)  # unwatched this long: evicted
SANDBOX_SAVE_SECONDS = envint("SANDBOX_SAVE_SECONDS", 10)  # while playing, save this often
# Several workers (REDIS_URL set): one owns each live sandbox under a lease of this length,
# renewed while it lives; the others forward to it, and take over once a lease lapses.
SANDBOX_SHARED = envbool("SANDBOX_SHARED", bool(os.getenv("REDIS_URL")))
SANDBOX_LEASE_SECONDS = envint("SANDBOX_LEASE_SECONDS", 6)
# Fault injection for the scale-out tests only: "before-store:LINE" or "after-store:LINE" makes
# this worker SIGKILL itself when it runs that command line (tests/scaleout/). Empty: off.
SANDBOX_FAULT = os.getenv("SANDBOX_FAULT", "")
# Several test runs at once (e.g. engineers sharing a checkout) each need their own SQLite
# test database: TEST_DB_NAME=/tmp/mine.sqlite3 picks another file.
if os.getenv("TEST_DB_NAME") and "TEST" in DATABASES["default"]:
    DATABASES["default"]["TEST"]["NAME"] = os.getenv("TEST_DB_NAME")
