"""Proving a lab: its reference solution scores 100%, doing nothing does not, and each mutant
fails at the check it names, with the explainer code it names."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field

from .engine import Grade, grade
from .submission import parse_script


@dataclass
class Proof:
    slug: str
    problems: list[str] = field(default_factory=list)
    grades: dict[str, Grade] = field(default_factory=dict)  # "reference", "starter", "mutant NAME"

    @property
    def ok(self) -> bool:
        return not self.problems


def mutant_entries(mutant: dict) -> list[dict]:
    """A mutant as a submission: its replacement starter files are written first (as a
    learner's editor would), then its script runs."""
    entries = [{"t": None, "line": f"cat > {name}", "stdin": text} for name, text in sorted(mutant["files"].items())]
    return entries + parse_script(mutant["script"])


def prove(definition: dict) -> Proof:
    proof = Proof(definition["slug"])
    try:
        _prove(definition, proof)
    except Exception as error:  # noqa: BLE001 - a broken world is a failed proof, not a crash
        proof.problems.append(f"grading raised {type(error).__name__}: {error}")
    return proof


def _prove(definition: dict, proof: Proof) -> None:
    reference = grade(definition, parse_script(definition["solution"]))
    proof.grades["reference"] = reference
    if reference.errors:
        proof.problems += [f"reference: simulator error: {e}" for e in reference.errors]
    if reference.score != reference.max_score:
        failed = ", ".join(f"{c.id} ({c.code}: expected {c.expected}, observed {c.observed})"
                           for c in reference.checks if not c.passed)
        proof.problems.append(f"reference scores {reference.score}/{reference.max_score}; failed: {failed}")
    starter = grade(definition, [])
    proof.grades["starter"] = starter
    if starter.score == starter.max_score:
        proof.problems.append("doing nothing already scores 100%")
    for mutant in definition["mutants"]:
        result = grade(definition, mutant_entries(mutant))
        proof.grades[f"mutant {mutant['name']}"] = result
        check = next((c for c in result.checks if c.id == mutant["fails"]), None)
        if check is None or check.passed:
            proof.problems.append(f"mutant {mutant['name']}: check {mutant['fails']} passed")
        elif check.code != mutant["explainer"]:
            proof.problems.append(f"mutant {mutant['name']}: check {mutant['fails']} failed with "
                                  f"{check.code or 'no finding'}, not {mutant['explainer']} "
                                  f"(findings: {[f.code for f in check.findings]})")


def prove_isolated(definition: dict, timeout_s: float) -> list[str]:
    """Prove a lab in a child process and return its problems; a child that does not finish in
    `timeout_s` real seconds is killed (a simulator hang cannot be stopped from inside)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_prove_to_pipe, args=(definition, send), daemon=True)
    child.start()
    send.close()
    if receive.poll(timeout_s):
        problems = receive.recv()
    else:
        problems = [f"grading did not finish within {timeout_s:g} s of real time"]
    child.kill()
    child.join()
    return problems


def _prove_to_pipe(definition: dict, send) -> None:
    send.send(prove(definition).problems)
    send.close()
