"""Searching the lessons of one language.

A plain substring match on the stored title, summary and text (`icontains`), which works the
same on SQLite and PostgreSQL and needs no word splitting, so a Chinese phrase matches as
typed. Words separated by spaces must all appear. At twenty lessons a scan is instant.
Each result carries the passage around the first match, split into plain and matching parts
for the template to escape and highlight.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

from learn.models import LessonTranslation

MAX_QUERY = 100
MAX_TERMS = 5
CONTEXT = 60  # characters of passage on each side of the match


@dataclass
class Result:
    translation: LessonTranslation
    parts: list[tuple[str, bool]]  # (text, is_match) pieces of the passage

    @property
    def passage(self):
        return [{"text": text, "match": match} for text, match in self.parts]


def search_lessons(query: str, language: str) -> list[Result]:
    terms = query[:MAX_QUERY].split()[:MAX_TERMS]
    if not terms:
        return []
    found = LessonTranslation.objects.filter(language=language).select_related("lesson")
    for term in terms:
        found = found.filter(
            Q(title__icontains=term) | Q(summary__icontains=term) | Q(text__icontains=term))
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)),
                         re.IGNORECASE)
    results = [Result(t, passage(t, pattern)) for t in found.order_by("lesson__order")]
    # Lessons whose title matches come first; otherwise the course order stays.
    results.sort(key=lambda r: not pattern.search(r.translation.title))
    return results


def passage(translation: LessonTranslation, pattern: re.Pattern) -> list[tuple[str, bool]]:
    """The piece of text around the first match (body first, else summary), split at matches."""
    for text in (translation.text, translation.summary, translation.title):
        text = " ".join(text.split())
        match = pattern.search(text)
        if match:
            start = max(0, match.start() - CONTEXT)
            end = min(len(text), match.end() + CONTEXT)
            piece = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            return split(piece, pattern)
    return [(" ".join(translation.summary.split()), False)]


def split(text: str, pattern: re.Pattern) -> list[tuple[str, bool]]:
    parts, last = [], 0
    for match in pattern.finditer(text):
        if match.start() > last:
            parts.append((text[last:match.start()], False))
        parts.append((match.group(), True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts
