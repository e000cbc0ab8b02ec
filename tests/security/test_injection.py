"""Learners' text shown everywhere as text: object names, labels, annotations, images, container
commands and their logs, lesson and lab Markdown, lab titles and class names. A payload of HTML,
JavaScript, DOT syntax and terminal escapes must never become a tag, an attribute, a DOT
statement or a terminal command."""

import copy
import json
import shutil

import graphviz
import pytest
from django.test import Client

from kubesim import diagrams
from kubesim.cluster import Cluster
from labs.models import Sandbox
from labs.sandbox import board, diagram, fragments
from labs.sandbox.live import registry
from learn.rendering import render_lesson
from tests.security.markup import markup_carrying, parse, text_of

MARKUP = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
DOT = '"]; pwned [label="x" URL="javascript:window.__pwned=1"]; x [label="'
ESCAPES = "\x1b[2J\x1b]0;pwned\x07"
PAYLOAD = MARKUP + DOT + ESCAPES

MANIFEST = f"""apiVersion: v1
kind: Pod
metadata:
  name: evil
  labels: {{app: web}}
  annotations: {{note: {json.dumps(PAYLOAD)}}}
spec:
  containers:
  - name: shout
    image: busybox
    command: ["echo", {json.dumps(PAYLOAD)}]
  - name: pull
    image: {json.dumps("nginx" + MARKUP)}
"""


@pytest.fixture
def sandbox(alice, db):
    registry.entries.clear()
    chosen = Sandbox.objects.create(owner=alice, name="hostile", seed=3, nodes=2)
    yield chosen
    registry.entries.clear()


def test_the_sandbox_page_shows_hostile_objects_and_output_as_text(client, alice, sandbox):
    client.force_login(alice)
    act = f"/en/sandbox/{sandbox.id}/act/"
    assert client.post(act, {"action": "apply", "manifest": MANIFEST}).status_code == 200
    with registry.get(sandbox).lock:
        registry.get(sandbox).cluster.advance(30)
    for line in ["kubectl logs evil -c shout", "kubectl describe pod evil", "kubectl get events",
                 f"echo {json.dumps(PAYLOAD)}", "kubectl get pod evil -o yaml"]:
        client.post(act, {"action": "command", "line": line})
    page = client.get(f"/en/sandbox/{sandbox.id}/").content.decode()
    assert markup_carrying(page) == []
    shown = text_of(page)
    assert MARKUP in shown  # the terminal and the events show the payload, literally
    assert "\x1b" not in page and "\x07" not in page
    assert "^[[2J^[]0;pwned^G" in shown  # escape sequences shown, not obeyed


def test_every_pushed_fragment_shows_hostile_text_as_text(sandbox):
    live = registry.get(sandbox)
    assert live.apply(MANIFEST).applied
    live.cluster.advance(30)
    entry = live.run(f"kubectl logs evil -c shout; echo {json.dumps(PAYLOAD)} >&2")
    htmls = [*fragments.state_fragments(live, "en").values(), fragments.terminal_entry(entry, "en")]
    for html in htmls:
        assert markup_carrying(html) == [], html
    terminal = text_of(htmls[-1])
    assert terminal.count(MARKUP) == 2 and "\x1b" not in terminal
    events = text_of(fragments.state_fragments(live, "en", only=("events",))["events"])
    assert "nginx" + MARKUP in events  # the failed pull names the image as it was written


# -- DOT -----------------------------------------------------------------------------------
# Names reach the diagram from the store; the API server refuses these names, but the diagram
# must not trust that: a quote, a backslash or `<...>` must not end a string or start HTML.
HOSTILE_NAMES = ['web"]; pwned [label="x', "ends-with\\", "<b>pwned</b>", "<<b>pwned</b>>",
                 'a class="pwned" b', 'x class=\\"pwned', "\\N\\G\\L", "line\nbreak", "{pwned}"]


@pytest.fixture(scope="module")
def hostile_cluster():
    cluster = Cluster(seed=3, nodes=2)
    cluster.run("kubectl run p --image=nginx")
    cluster.run("kubectl expose pod p --port=80 --name=svc")
    cluster.settle()
    template = cluster.store.get("pods", "default", "p")
    for i, name in enumerate(HOSTILE_NAMES):
        pod = copy.deepcopy(template)
        pod["metadata"].update(name=name, uid=f"hostile-{i}")
        cluster.store.create("pods", pod)
    return cluster


def rendered_labels(source: str) -> str:
    """The text Graphviz itself draws for `source` (it must parse)."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (CI installs it)")
    return graphviz.Source(source).pipe(format="svg", encoding="utf-8")


def topologies(cluster):
    pods = board.learner_pods(cluster.store, None)
    yield "kubesim", diagrams.topology(cluster)
    yield "sandbox", diagram.topology(cluster, pods)[0]
    yield "fallback", diagram.own_topology(cluster, pods)[0]


def test_diagram_sources_parse_and_draw_hostile_names_literally(hostile_cluster):
    for which, source in topologies(hostile_cluster):
        svg = rendered_labels(source)
        elements = parse(svg).tags
        assert not [t for t, attrs in elements if t == "a" or attrs.get("id") == "pwned"], which  # no link, no node
        assert "<b>" not in svg and "javascript:" not in svg, which  # no HTML label, no URL
        drawn = text_of(svg)
        for name in HOSTILE_NAMES:
            assert name.replace("\n", "") in drawn.replace("\n", "") or name == "line\nbreak", (which, name)


def test_diagram_status_keeps_classes_out_of_hostile_labels(hostile_cluster):
    source, status = diagram.topology(hostile_cluster, board.learner_pods(hostile_cluster.store, None))
    assert 'class="pwned"' not in status.values()
    assert 'a class=\\"pwned\\" b' in source  # the name's text is untouched by the class removal
    assert any(key.startswith("pod/default/") for key in status)


# -- lessons, labs and the teaching pages --------------------------------------------------
LESSON = f"""## Hostile {{#hostile}}

{MARKUP} and a [link](javascript:window.__pwned=1) and ![image](x" onerror="window.__pwned=1)

<iframe src="javascript:window.__pwned=1"></iframe>

```yaml
name: "{MARKUP}"
```

| {MARKUP} | `{MARKUP}` |
|---|---|
"""


def test_lesson_markdown_with_html_and_javascript_renders_as_text():
    html = render_lesson(LESSON, "hostile", "en").html
    assert markup_carrying(html) == []
    assert 'href="javascript' not in html and "<iframe" not in html
    assert MARKUP in text_of(html)


@pytest.fixture
def hostile_lab(ivy):
    from teach import labfiles, labstore

    files = labfiles.skeleton("hostile-lab")
    files["lab.yaml"] = files["lab.yaml"].replace("en: A new lab", f"en: {json.dumps(MARKUP)}").replace(
        "en: web is ready", f"en: {json.dumps('ready ' + MARKUP)}")
    files["steps/run.en.md"] = LESSON
    lab = labstore.create("hostile-lab", files, ivy)
    assert lab.definition["title"]["en"] == MARKUP, lab.definition
    type(lab).objects.filter(id=lab.id).update(active=True)
    lab.refresh_from_db()
    return lab


def assert_text_only(response):
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert markup_carrying(page) == [], markup_carrying(page)
    return text_of(page)


def test_lab_pages_show_hostile_titles_and_steps_as_text(client, alice, ivy, hostile_lab):
    from teach.models import Classroom, Membership
    from tests.teach.conftest import attempt

    classroom = Classroom.objects.create(name=MARKUP, instructor=ivy)
    classroom.labs.add(hostile_lab)
    Membership.objects.create(classroom=classroom, learner=alice)
    client.force_login(alice)
    assert MARKUP in assert_text_only(client.get("/en/labs/hostile-lab/"))
    assert_text_only(client.get("/en/labs/"))
    done = attempt(alice, hostile_lab, failed=("pod-ready",))
    assert "ready " + MARKUP in assert_text_only(client.get(f"/en/labs/attempts/{done.id}/"))
    teacher = Client()
    teacher.force_login(ivy)
    for url in ["/en/teach/", "/en/teach/labs/hostile-lab/", "/en/teach/labs/hostile-lab/preview/",
                "/en/teach/classes/", f"/en/teach/classes/{classroom.id}/",
                f"/en/teach/classes/{classroom.id}/learners/{alice.id}/"]:
        assert_text_only(teacher.get(url))
