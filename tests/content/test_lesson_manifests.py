"""Every manifest a lesson places in the learner's home (```` ```yaml file=NAME ````) decodes
and validates in the simulator, except those the lesson marks `expect=error`, which the
lesson shows being refused and which must indeed be refused."""

import pytest
import yaml

from tests.content.check_blocks import lesson_blocks
from tests.content.lessons import slugs

MANIFESTS = [(slug, index, info, text) for slug in slugs()
             for index, info, text in lesson_blocks(slug) if info.file]


@pytest.fixture(scope="module")
def cluster():
    from kubesim.cluster import Cluster

    return Cluster(seed=0, nodes=2)


def describe(diagnostics):
    return [f"line {d.line}: {d.path}: {d.message}" for d in diagnostics]


@pytest.mark.parametrize("slug,index,info,text", MANIFESTS,
                         ids=[f"{m[0]}-{m[2].file}" for m in MANIFESTS])
def test_it_validates_each_manifest_of_a_lesson(cluster, slug, index, info, text):
    assert all(isinstance(doc, dict) for doc in yaml.safe_load_all(text))
    diagnostics = cluster.check(text)
    if info.attrs.get("expect") == "error":
        assert [d for d in diagnostics if d.severity == "error"], "meant to be refused, but is valid"
    else:
        assert describe(diagnostics) == []


def test_it_marks_only_a_few_manifests_as_deliberate_errors():
    marked = sorted(info.file for _, _, info, _ in MANIFESTS if info.attrs.get("expect") == "error")
    assert marked == ["init-probe.yaml", "no-image.yaml", "old-deploy.yaml", "old-ingress.yaml",
                      "redis-dev.yaml"]
