"""The twenty lessons as files: coverage of TOPICS.md, parity between languages, the notes'
outdated points, and links that lead somewhere."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from learn.loading import check_lesson, check_parity, languages
from learn.topics import TOPIC_IDS
from tests.content.lessons import lesson_files, rendered, slugs

TOPICS_MD = Path(__file__).resolve().parents[2].parent / "shared" / "TOPICS.md"

# TOPICS.md's list of what the notes got wrong or what changed since, each with the lesson
# whose `::: notes KEY` aside must say so.
OUTDATED = {
    "ingress-v1": "ingress-nginx",
    "ingress-308": "ingress-nginx",
    "ingress-nginx-retired": "ingress-nginx",
    "kube-proxy-modes-today": "kube-proxy-modes",
    "endpoints-deprecated": "services",
    "coredns": "headless-services",
    "rolling-update-bounds": "rolling-update",
    "sidecar-containers": "init-containers",
    "pod-conditions": "pod-lifecycle",
    "init-container-probes": "init-containers",
    "api-versioning-watch": "api-server",
    "cluster-info-control-plane": "access-services",
    "expose-vs-kube-proxy": "proxies",
    "port-forward-socat": "access-pods",
    "addresses": "services",
}


def test_it_has_a_lesson_in_both_languages_for_every_topic():
    topics = {}
    for slug in slugs():
        for f in lesson_files(slug):
            topics.setdefault(f.meta["topic"], set()).add(f.language)
    assert set(topics) == set(TOPIC_IDS)
    assert all(found == set(languages()) for found in topics.values())


@pytest.mark.skipif(not TOPICS_MD.exists(), reason="needs ../shared/TOPICS.md")
def test_it_maps_every_outdated_point_of_topics_md():
    outdated = TOPICS_MD.read_text().split("The notes are partly outdated")[1]
    assert len(re.findall(r"^- ", outdated, re.MULTILINE)) == len(OUTDATED)


@pytest.mark.parametrize("key,slug", OUTDATED.items())
def test_it_explains_each_outdated_point_in_an_aside_of_its_lesson(key, slug):
    for language in languages():
        assert key in rendered(slug, language).notes, f"{slug} ({language}) has no '::: notes {key}'"


@pytest.mark.parametrize("slug", slugs())
def test_it_keeps_both_languages_of_a_lesson_in_step(slug):
    files = list(lesson_files(slug))
    check_lesson(files, set(slugs()))
    check_parity(files, {f.language: rendered(slug, f.language) for f in files})


@pytest.mark.parametrize("slug", slugs())
def test_it_has_an_anchor_on_every_heading(slug):
    for language in languages():
        result = rendered(slug, language)
        assert result.problems == []
        assert len(set(result.anchors)) == len(result.anchors)


@pytest.mark.parametrize("slug", slugs())
def test_it_links_only_to_lessons_and_anchors_that_exist(slug):
    broken = []
    for language in languages():
        for href in rendered(slug, language).links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue
            target = slug
            if parts.path:
                match = re.fullmatch(r"\.\./([a-z0-9-]+)/", parts.path)
                if not match or match.group(1) not in slugs():
                    broken.append(f"{language}: {href}")
                    continue
                target = match.group(1)
            if parts.fragment and parts.fragment not in rendered(target, language).anchors:
                broken.append(f"{language}: {href} (no such anchor)")
    assert broken == []


@pytest.mark.parametrize("slug", slugs())
def test_it_uses_https_for_external_links(slug):
    for language in languages():
        plain = [h for h in rendered(slug, language).links if h.startswith("http:")]
        assert plain == []
