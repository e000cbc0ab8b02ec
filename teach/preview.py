"""What a learner would read on a lab's page, for its author to preview: the title, each step's
instructions, its hints (with their cost in points) and the starter files. Nothing is graded."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from learn.rendering import render_lesson


def preview_context(definition: dict, language: str) -> dict:
    slug = definition.get("slug", "")

    def html(text: str):
        # The lessons' renderer: Markdown without raw HTML, sanitised by nh3.
        return mark_safe(render_lesson(text, slug, language).html)

    def pick(texts: dict) -> str:
        return texts.get(language) or texts.get("en", "")

    steps = []
    for number, step in enumerate(definition.get("steps", []), 1):
        hints = [{"level": h["level"], "cost": h["cost"], "html": html(pick(h["text"]))}
                 for h in step.get("hints", [])]
        steps.append({"number": number, "id": step["id"], "html": html(pick(step["text"])), "hints": hints})
    return {
        "title": pick(definition.get("title", {})) or slug,
        "steps": steps,
        "starter": [s["path"] for s in definition.get("starter", [])],
        "budget_minutes": round(definition.get("budget_ms", 0) / 60_000, 1),
        "max_score": sum(c["points"] for c in definition.get("checks", [])),
    }
