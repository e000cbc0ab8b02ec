"""Run every lesson's console blocks through the simulator and compare with the lesson.

Each lesson gets one fresh default-world cluster (seed 0, two workers) with all of its
`file=` manifests written into the learner's home first; then every `$ ` command of every
console block runs in order, and its output must be exactly what the lesson shows: the lines
of standard output and standard error, each stream in its own order, merged as a terminal shows
them (kubectl's warnings often come first). A lesson shows no `[exit N]` line, but where it
shows an error the command must also fail.

The simulator is still growing, so blocks that do not match yet are listed in
`pending_blocks.txt` (`slug:block-index:reason`). `test_lesson_blocks.py` checks that every
other block matches and that every listed block still fails, so the list can only shrink.

    python -m tests.content.check_blocks                  # report, one line per failing block
    python -m tests.content.check_blocks -v probes        # with the differences, one lesson
    python -m tests.content.check_blocks --update-pending # rewrite pending_blocks.txt
"""

import argparse
import os
import re
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from learn.blocks import console_steps

PENDING = Path(__file__).with_name("pending_blocks.txt")
PENDING_HEADER = """\
# Console blocks of the lessons that the simulator does not reproduce yet, one
# `slug:block-index:reason` per line (block-index as in the sandbox links, counting every
# runnable block of the lesson from 0); a note after the reason (`: what is wrong, where`)
# is kept while the reason holds. Regenerate with
#   python -m tests.content.check_blocks --update-pending
# The block test fails when a block listed here passes, so remove it as the simulator grows.
"""
# Wall-clock seconds one command may take; a simulator that hangs fails its block, not the run.
STEP_SECONDS = float(os.getenv("BLOCK_STEP_SECONDS", "20"))
# Lines of expected output that only a failing command prints.
ERROR_LINE = re.compile(
    r"^(error: |Error from server|Error: |curl: \(\d+\)|command terminated with exit code \d+"
    r'|The \S+ "[^"]*" is invalid)', re.MULTILINE)


@dataclass
class Outcome:
    slug: str
    index: int
    ok: bool
    reason: str = ""
    detail: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.slug, self.index)


def lesson_blocks(slug: str):
    """(index, info, text) of the lesson's runnable blocks (the same in every language)."""
    from learn.rendering import runnable_blocks
    from tests.content.lessons import lesson_files

    body = lesson_files(slug)[0].body
    return [(index, info, text) for index, (_line, info, text) in enumerate(runnable_blocks(body))]


class StepTimeout(BaseException):
    """Not an Exception, so that no `except Exception` on the way can swallow it."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the main thread after `seconds` (no limit elsewhere, or with 0)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise StepTimeout

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)  # and again each second, if swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_lesson(slug: str) -> list[Outcome]:
    from kubesim.cluster import Cluster

    blocks = lesson_blocks(slug)
    cluster = Cluster(seed=0, nodes=2)
    for _index, info, text in blocks:
        if info.file:
            cluster.shell.fs.write(cluster.shell.fs.home + "/" + info.file, text)
    outcomes = []
    stuck = False
    for index, info, text in blocks:
        if info.language != "console":
            continue
        if stuck:  # the cluster hung in an earlier block and cannot be trusted any more
            outcomes.append(Outcome(slug, index, False, "an earlier block timed out"))
            continue
        outcome = run_block(cluster, slug, index, text)
        stuck = outcome.reason.endswith("timed out")
        outcomes.append(outcome)
    return outcomes


def run_block(cluster, slug: str, index: int, text: str) -> Outcome:
    failure = None
    for number, step in enumerate(console_steps(text), start=1):
        try:
            with time_limit(STEP_SECONDS):
                result = cluster.run(step.command)
        except StepTimeout:
            return Outcome(slug, index, False, f"step {number} timed out",
                           f"$ {step.command}\n(no answer within {STEP_SECONDS:g} s)")
        except Exception as error:  # noqa: BLE001 - a crash is one more way of not matching yet
            return Outcome(slug, index, False, f"step {number} crashed ({type(error).__name__})",
                           f"$ {step.command}\n{type(error).__name__}: {error}")
        if failure:
            continue  # keep the cluster's state moving as the lesson does
        actual = (result.stdout + result.stderr).rstrip("\n")
        expected = step.expected.rstrip("\n")
        if not shows(expected, result.stdout, result.stderr):
            failure = Outcome(slug, index, False, f"step {number} output differs",
                              f"$ {step.command}\n--- lesson\n{expected}\n--- simulator\n{actual}")
        elif ERROR_LINE.search(expected) and result.exit_code == 0:
            failure = Outcome(slug, index, False, f"step {number} shows an error but exits 0",
                              f"$ {step.command}")
    return failure or Outcome(slug, index, True)


def _lines(text: str) -> list[str]:
    """The lines a terminal shows: CRLF (nginx's error pages, HTTP headers) ends a line too."""
    text = text.replace("\r\n", "\n").rstrip("\n")
    return text.split("\n") if text else []


def shows(expected: str, stdout: str, stderr: str) -> bool:
    """Whether `expected` is the two streams' lines merged, each in its own order.

    A terminal shows kubectl's warnings (standard error) where they were written, often before
    the result on standard output; the simulator keeps the streams apart. So the lesson may
    place each error line anywhere, as long as neither stream's own order changes.
    """
    want, out, err = _lines(expected), _lines(stdout), _lines(stderr)
    if len(want) != len(out) + len(err):
        return False
    # reachable[j]: the first i + j lines of `want` are out[:i] and err[:j] merged.
    reachable = [True] + [False] * len(err)
    for j in range(1, len(err) + 1):
        reachable[j] = reachable[j - 1] and want[j - 1] == err[j - 1]
    for i in range(1, len(out) + 1):
        reachable[0] = reachable[0] and want[i - 1] == out[i - 1]
        for j in range(1, len(err) + 1):
            line = want[i + j - 1]
            reachable[j] = ((reachable[j] and line == out[i - 1])
                            or (reachable[j - 1] and line == err[j - 1]))
    return reachable[-1]


def run_all(slugs: list[str]) -> list[Outcome]:
    outcomes = []
    for slug in slugs:
        try:
            outcomes.extend(run_lesson(slug))
        except Exception as error:  # noqa: BLE001 - the cluster itself could not be made
            outcomes.extend(Outcome(slug, index, False, f"cluster crashed ({type(error).__name__})",
                                    str(error))
                            for index, info, _ in lesson_blocks(slug) if info.language == "console")
    return outcomes


def read_pending(path: Path = PENDING) -> dict[tuple[str, int], str]:
    pending = {}
    if not path.exists():
        return pending
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            slug, index, reason = line.split(":", 2)
            pending[(slug, int(index))] = reason
    return pending


def write_pending(outcomes: list[Outcome], path: Path = PENDING) -> None:
    """List the failing blocks, keeping the note written after a reason that still holds
    (`step 4 output differs: the kubelet ...`)."""
    noted = read_pending(path)
    lines = []
    for o in outcomes:
        if not o.ok:
            old = noted.get(o.key, "")
            reason = old if old.startswith(o.reason + ":") else o.reason
            lines.append(f"{o.slug}:{o.index}:{reason}")
    path.write_text(PENDING_HEADER + "".join(line + "\n" for line in lines))


def main(argv=None) -> int:
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="*", help="lessons to run (default: all)")
    parser.add_argument("--update-pending", action="store_true", help="rewrite pending_blocks.txt")
    parser.add_argument("-v", "--verbose", action="store_true", help="show each difference")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from tests.content.lessons import slugs as all_slugs

    chosen = args.slugs or all_slugs()
    outcomes = run_all(chosen)
    for o in outcomes:
        if not o.ok:
            print(f"{o.slug}:{o.index}:{o.reason}")
            if args.verbose:
                print("    " + o.detail.replace("\n", "\n    "))
    passed = sum(o.ok for o in outcomes)
    print(f"{passed} of {len(outcomes)} console blocks match their lesson.", file=sys.stderr)
    if args.update_pending:
        if args.slugs:
            parser.error("--update-pending runs every lesson; give no lesson names")
        write_pending(outcomes)
        print(f"Wrote {PENDING.name}: {len(outcomes) - passed} pending blocks.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
