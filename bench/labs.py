"""Grading time per lab: median and 95th percentile over all labs, reference and mutants.

Run with `python -m bench.labs` (or `make bench`). Each lab's starting world is built once
first (a server keeps it as a snapshot per lab revision, as grading does), then every
submission (the reference and each mutant) is graded REPEAT times. Target: 95th percentile
under 100 ms.
"""

import statistics
import sys
import time

from labs.grading import grade
from labs.grading.definition import lab_folders, read_lab
from labs.grading.labcheck import mutant_entries
from labs.grading.submission import parse_script

REPEAT = 3
TARGET_P95_MS = 100


def submissions(lab: dict) -> list[tuple[str, list[dict]]]:
    out = [("reference", parse_script(lab["solution"]))]
    out += [(f"mutant {m['name']}", mutant_entries(m)) for m in lab["mutants"]]
    return out


def time_lab(lab: dict) -> list[tuple[str, float]]:
    """(submission name, median ms) for each submission of a lab."""
    grade(lab, [])  # builds and keeps the starting world
    rows = []
    for name, entries in submissions(lab):
        samples = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            grade(lab, entries)
            samples.append((time.perf_counter() - start) * 1000)
        rows.append((name, statistics.median(samples)))
    return rows


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(slugs: list[str]) -> None:
    folders = [f for f in lab_folders() if not slugs or f.name in slugs]
    all_ms = []
    for folder in folders:
        lab = read_lab(folder)
        rows = time_lab(lab)
        all_ms += [ms for _name, ms in rows]
        worst = max(rows, key=lambda row: row[1])
        print(f"{lab['slug']:<24} reference {rows[0][1]:6.1f} ms   slowest {worst[1]:6.1f} ms ({worst[0]})")
    p50, p95 = statistics.median(all_ms), percentile(all_ms, 0.95)
    verdict = "within" if p95 < TARGET_P95_MS else "over"
    print(f"grading, {len(all_ms)} submissions over {len(folders)} labs: median {p50:.1f} ms, "
          f"95th percentile {p95:.1f} ms ({verdict} the {TARGET_P95_MS} ms target)")


if __name__ == "__main__":
    main(sys.argv[1:])
