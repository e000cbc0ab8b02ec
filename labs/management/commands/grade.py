import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from labs.grading import grade
from labs.grading.definition import LabInvalid
from labs.grading.submission import SubmissionError, normalise, parse_script
from labs.loading import find_lab
from labs.services import explain_result


class Command(BaseCommand):
    help = ("Grade a submission for a lab: manifests (applied in order), command logs (.json) "
            "and scripts of command lines (.sh or --script); prints every check.")

    def add_arguments(self, parser):
        parser.add_argument("lab", help="a lab slug (labs/content/SLUG) or a lab folder")
        parser.add_argument("files", nargs="*", help="manifests to apply, .json logs or .sh scripts, in order")
        parser.add_argument("--script", action="append", default=[], help="a script of command lines")
        parser.add_argument("--json", action="store_true", help="print the grade as JSON")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="en or zh-hans")

    def handle(self, *args, **options):
        try:
            definition = find_lab(options["lab"])
            entries = submission_entries(options["files"], options["script"])
        except (FileNotFoundError, LabInvalid, SubmissionError, OSError) as error:
            raise CommandError(str(error)) from None
        result = explain_result(grade(definition, entries).as_dict(), options["language"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report_text(result))


def submission_entries(files: list[str], scripts: list[str]) -> list[dict]:
    """Entries for the given files: a manifest becomes `kubectl apply -f -` with it as input."""
    entries: list[dict] = []
    for name in files:
        text = Path(name).read_text(encoding="utf-8")
        if name.endswith(".json"):
            entries += normalise(json.loads(text))
        elif name.endswith(".sh"):
            entries += parse_script(text)
        else:
            entries.append({"t": None, "line": "kubectl apply -f -", "stdin": text})
    for name in scripts:
        entries += parse_script(Path(name).read_text(encoding="utf-8"))
    return entries


def report_text(result: dict) -> str:
    lines = [f"{result['lab']} (revision {result['revision']}): {result['score']}/{result['max']}"]
    for check in result["checks"]:
        mark = "PASS" if check["passed"] else "FAIL"
        lines.append(f"  {mark} {check['earned']:>3}/{check['points']:<3} {check['id']}: {check['title_text']}")
        if not check["passed"]:
            lines += [f"       {sentence}" for sentence in check["explanations"]]
            lines.append(f"       expected: {check['expected']}")
            lines.append(f"       observed: {check['observed']}")
    for error in result["errors"]:
        lines.append(f"  simulator error: {error}")
    return "\n".join(lines)
