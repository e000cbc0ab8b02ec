"""Lesson pages: median server time to render one, warm (Django test client). Target < 50 ms.

Run with `python -m bench.lessons` (or `make bench`). Uses a throwaway SQLite database in a
temporary folder with the real lessons loaded and a signed-in learner with some progress.
"""

import os
import shutil
import statistics
import tempfile
import time

REPEAT = 200
PAGES = ["/en/lessons/ingress-nginx/", "/zh-hans/lessons/pod-basics/"]


def main() -> None:
    folder = tempfile.mkdtemp(prefix="kubelab-bench-")
    try:
        run(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from learn.loading import load_content
    from learn.models import Lesson
    from learn.progress import mark_read

    load_content()
    user = get_user_model().objects.create_user("bench")
    for lesson in Lesson.objects.all()[:5]:
        mark_read(user, lesson)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    for path in PAGES + ["/en/lessons/", "/zh-hans/lessons/search/?q=证书"]:
        assert client.get(path).status_code == 200, path  # warm: templates, translations
    for path in PAGES + ["/en/lessons/", "/zh-hans/lessons/search/?q=证书"]:
        samples = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            client.get(path)
            samples.append(time.perf_counter() - start)
        median = statistics.median(samples) * 1000
        print(f"{path}: median {median:.1f} ms over {REPEAT} renders (target < 50 ms)")


if __name__ == "__main__":
    main()
