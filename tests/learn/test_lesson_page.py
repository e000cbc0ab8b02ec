import re

import pytest

from labs.models import Lab
from learn.models import Lesson, LessonTranslation


def test_it_shows_a_lesson_in_each_language(client, lessons):
    english = client.get("/en/lessons/ingress-nginx/").content.decode()
    chinese = client.get("/zh-hans/lessons/ingress-nginx/").content.decode()
    assert '<html lang="en">' in english and '<html lang="zh-hans">' in chinese
    assert "<h1>The NGINX Ingress controller" in english or "<h1>" in english
    assert "<h1>NGINX Ingress 控制器：TLS、伪证书与 308 重定向</h1>" in chinese
    assert "<title>NGINX Ingress 控制器：TLS、伪证书与 308 重定向 · Kubelab</title>" in chinese


def test_it_answers_404_for_an_unknown_lesson(client, lessons):
    assert client.get("/en/lessons/no-such-lesson/").status_code == 404


def test_it_has_a_table_of_contents_that_matches_the_headings(client, lessons):
    html = client.get("/en/lessons/pod-basics/").content.decode()
    toc = re.findall(r'<li class="toc__item toc__item--h\d"><a href="#([^"]+)">', html)
    headings = re.findall(r'<h[23] id="([^"]+)">', html.split('class="lesson__body"')[1])
    assert toc[0] == "what-a-pod-is" and toc[-1] == "summary"
    assert set(toc) <= set(headings)


def test_it_links_prerequisites_previous_and_next(client, lessons):
    html = client.get("/en/lessons/ingress-nginx/").content.decode()
    assert re.search(r'Read first:\s*<a href="/en/lessons/label-selectors/">', html)
    assert 'rel="prev" href="/en/lessons/statefulset-ordering/"' in html
    assert 'rel="next" href="/en/lessons/services/"' in html
    first = client.get("/en/lessons/pod-basics/").content.decode()
    assert 'rel="prev"' not in first
    last = client.get("/en/lessons/proxies/").content.decode()
    assert 'rel="next"' not in last


def test_it_lists_related_labs_as_text_until_they_are_loaded(client, lessons):
    html = client.get("/en/lessons/probes/").content.decode()
    assert "<li>probes <span class=\"muted\">(coming soon)</span></li>" in html


def test_it_links_related_labs_by_their_title_once_loaded(client, lessons):
    Lab.objects.create(slug="probes", topic="probes", revision="r1", definition={},
                       titles={"en": "Probes that heal", "zh-hans": "会自愈的探针"})
    html = client.get("/en/lessons/probes/").content.decode()
    assert '<li><a href="/en/labs/probes/">Probes that heal</a></li>' in html
    html = client.get("/zh-hans/lessons/probes/").content.decode()
    assert '<li><a href="/zh-hans/labs/probes/">会自愈的探针</a></li>' in html


def test_it_lists_the_sources(client, lessons):
    html = client.get("/zh-hans/lessons/ingress-nginx/").content.decode()
    assert '<h2 id="sources-heading">参考资料</h2>' in html
    assert '<a href="https://kubernetes.io/zh-cn/docs/concepts/services-networking/ingress/">Ingress</a>' in html
    assert 'href="/zh-hans/credits/"' in html


def test_it_keeps_the_learner_on_the_lesson_when_switching_language(client, lessons):
    html = client.get("/zh-hans/lessons/probes/").content.decode()
    assert '<input type="hidden" name="next" value="/en/lessons/probes/">' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/en/lessons/probes/"})
    assert response["Location"] == "/en/lessons/probes/"


def test_it_picks_the_first_visits_language_from_the_browser(client, lessons):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    response = client.get("/lessons/probes/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/en/lessons/probes/"


def test_it_loads_the_diagram_scripts_only_on_pages_with_diagrams(client, lessons):
    with_diagram = client.get("/en/lessons/pod-basics/").content.decode()
    assert '<script src="/static/vendor/d3-graphviz/d3-graphviz.min.js" defer></script>' in with_diagram
    assert '<script src="/static/js/diagrams.js" defer></script>' in with_diagram
    without = LessonTranslation.objects.filter(language="en", has_diagrams=False).first()
    assert without is not None
    html = client.get(without.lesson.get_absolute_url()).content.decode()
    assert "d3" not in re.findall(r"<script[^>]*>", html).__str__()
    assert "d3" not in client.get("/en/lessons/").content.decode()


def test_it_offers_run_it_and_send_to_terminal_links(client, lessons):
    html = client.get("/en/lessons/pod-basics/").content.decode()
    assert '<a class="runnable__action" href="/en/sandbox/?lesson=pod-basics&amp;block=0">Run it</a>' in html
    lesson = Lesson.objects.get(slug="pod-basics")
    assert lesson.blocks[0] == {"kind": "file", "file": "shared-pod.yaml", "expect_error": False,
                                "text": lesson.blocks[0]["text"]}
    assert lesson.blocks[1]["commands"][0] == "kubectl apply -f shared-pod.yaml"
    assert ('href="/en/sandbox/?lesson=pod-basics&amp;block=1&amp;command=kubectl+apply+-f+'
            'shared-pod.yaml%0Akubectl+wait') in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_it_renders_every_lesson_page(client, lessons, language):
    for lesson in Lesson.objects.all():
        response = client.get(f"/{language}/lessons/{lesson.slug}/")
        assert response.status_code == 200, lesson.slug
