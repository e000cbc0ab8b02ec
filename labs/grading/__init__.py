"""Grading labs: plain Python, no Django, shared by tests, `manage.py grade` and the web.

- `definition.read_lab(folder) -> dict` reads and validates a lab folder.
- `grade(definition, entries) -> Grade` replays a submission and runs every check.
- `submission.parse_script(text)` / `submission.from_log(log, start_ms)` make entries.
- `labcheck.prove(definition) -> Proof`: reference 100%, starter not, mutants fail as named.
- `grade_submission(...)` (below) is the web's service: it grades, explains and stores an
  Attempt; it imports Django only when called.
"""

from .engine import CheckResult, Examiner, Grade, grade

__all__ = ["CheckResult", "Examiner", "Grade", "grade", "grade_submission"]


def grade_submission(*args, **kwargs):
    """Grade a submission for a stored lab and record the Attempt; see labs.services."""
    from labs.services import grade_submission as service

    return service(*args, **kwargs)
