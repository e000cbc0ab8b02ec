"""Running a lab's reference, starter and mutants for its author, with every check's outcome.

Each run grades in a child process with a wall-clock limit (as `prove_isolated` does for
labcheck): a lab that makes the simulator hang costs its author a message, not a server
thread. The child returns plain data: per run, the score, each check passed or failed with its
finding code, and whether the run did what the lab claims (the reference scores 100%, the
starter does not, a mutant fails its named check with its named explainer).
"""

from __future__ import annotations

import multiprocessing

from labs.grading.engine import grade
from labs.grading.labcheck import mutant_entries
from labs.grading.submission import parse_script

TIMEOUT_S = 60.0
REFERENCE, STARTER, ALL = "reference", "starter", "all"
MUTANT_PREFIX = "mutant:"


def run_names(definition: dict) -> list[str]:
    """Every run a lab can be asked for, in the order they are shown."""
    return [REFERENCE, STARTER] + [MUTANT_PREFIX + m["name"] for m in definition["mutants"]]


def run_labs(definition: dict, which: str, timeout_s: float = TIMEOUT_S) -> dict:
    """{"runs": [...], "error": str}: `which` is a name from `run_names` or "all"."""
    names = run_names(definition) if which == ALL else [which]
    unknown = [n for n in names if n not in run_names(definition)]
    if unknown:
        return {"runs": [], "error": f"no run named {unknown[0]!r}"}
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_runs_to_pipe, args=(definition, names, send), daemon=True)
    child.start()
    send.close()
    try:
        if receive.poll(timeout_s):
            return receive.recv()
        return {"runs": [], "error": f"grading did not finish within {timeout_s:g} s of real time"}
    except EOFError:
        return {"runs": [], "error": "grading stopped without an answer"}
    finally:
        child.kill()
        child.join()
        receive.close()


def _runs_to_pipe(definition: dict, names: list[str], send) -> None:
    try:
        outcome = {"runs": [run_one(definition, name) for name in names], "error": ""}
    except Exception as error:  # noqa: BLE001 - a broken lab is a message to its author
        outcome = {"runs": [], "error": f"grading raised {type(error).__name__}: {error}"}
    send.send(outcome)
    send.close()


def run_one(definition: dict, name: str) -> dict:
    """Grade one run in this process and say whether it did what the lab claims."""
    mutant = None
    if name == REFERENCE:
        entries = parse_script(definition["solution"])
    elif name == STARTER:
        entries = []
    else:
        mutant = next(m for m in definition["mutants"] if MUTANT_PREFIX + m["name"] == name)
        entries = mutant_entries(mutant)
    result = grade(definition, entries)
    checks = [{"id": c.id, "title": c.title, "passed": c.passed, "code": c.code, "points": c.points,
               "expected": c.expected, "observed": c.observed} for c in result.checks]
    out = {"name": name, "score": result.score, "max": result.max_score, "errors": result.errors,
           "checks": checks, "seconds": round(result.seconds, 3)}
    if name == REFERENCE:
        out["ok"] = result.score == result.max_score and not result.errors
    elif name == STARTER:
        out["ok"] = result.score < result.max_score
    else:
        claimed = next((c for c in result.checks if c.id == mutant["fails"]), None)
        out["fails"], out["explainer"] = mutant["fails"], mutant["explainer"]
        out["fails_claimed"] = claimed is not None and not claimed.passed
        out["explainer_matches"] = out["fails_claimed"] and claimed.code == mutant["explainer"]
        out["code"] = claimed.code if claimed is not None else ""
        out["ok"] = out["explainer_matches"]
    return out
