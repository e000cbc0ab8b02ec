"""The live sandbox in a browser: editor, terminal, cluster cards, reload, scrubber, load."""

import json
import re

import pytest
from playwright.sync_api import expect

from kubesim.cluster import Cluster
from kubesim.kubectl.printers import pod_summary
from labs.models import Sandbox
from tests.e2e.test_lessons import sign_up

PROBED = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        readinessProbe:
          httpGet: {path: /, port: 80}
"""

# Records, per pod card, each distinct (STATUS, READY) it shows, in order.
RECORD_CARDS = """() => {
  window.cardHistory = {};
  const note = () => document.querySelectorAll('#sandbox-board [data-pod]').forEach(card => {
    const seen = window.cardHistory[card.dataset.pod] = window.cardHistory[card.dataset.pod] || [];
    const now = card.dataset.status + ' ' + card.dataset.ready;
    if (seen[seen.length - 1] !== now) seen.push(now);
  });
  new MutationObserver(note).observe(document.getElementById('sandbox-board'),
    {subtree: true, childList: true, attributes: true});
}"""


@pytest.fixture
def database(django_db_blocker):
    # Read what the server process stored (no test transaction: it would lock SQLite).
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def page_at(patient_page_at):
    # A sandbox page starts a simulated cluster.
    return patient_page_at


def open_sandbox(page_at, path="/en/sandbox/"):
    page = page_at(path)
    expect(page.locator("[data-ws-status]")).to_have_text("Connected")
    page.wait_for_function("() => window.ace && document.querySelector('#ace-editor .ace_content')")
    return page


def set_manifest(page, text):
    page.evaluate("text => ace.edit('ace-editor').setValue(text, -1)", text)


def run(page, line):
    page.get_by_label("Command").fill(line)
    page.get_by_label("Command").press("Enter")


def cards(page):
    return page.evaluate("""() => Array.from(document.querySelectorAll('#sandbox-board [data-pod]'))
        .map(c => [c.dataset.pod, c.dataset.status, c.dataset.ready]).sort()""")


def test_it_applies_a_deployment_and_shows_each_pod_going_through_its_states(page_at):
    page = open_sandbox(page_at)
    page.evaluate(RECORD_CARDS)
    set_manifest(page, PROBED)
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator("#apply-result")).to_have_text("deployment.apps/web created")
    page.get_by_role("button", name="Play 4x").click()
    expect(page.locator("#sandbox-board [data-ready='1/1']")).to_have_count(2, timeout=15_000)
    history = page.evaluate("() => window.cardHistory")
    assert len(history) == 2
    for steps in history.values():
        wanted = ["Pending 0/1", "ContainerCreating 0/1", "Running 0/1", "Running 1/1"]
        positions = [steps.index(w) for w in wanted]
        assert positions == sorted(positions), steps


def test_it_runs_kubectl_in_the_terminal(page_at):
    page = open_sandbox(page_at)
    run(page, "kubectl get nodes")
    expect(page.locator("#term-out")).to_contain_text("kind-control-plane")
    run(page, "kubectl get pods")
    expect(page.locator("#term-out .term-entry").last).to_contain_text("No resources found in default namespace.")
    page.get_by_label("Command").press("ArrowUp")
    expect(page.get_by_label("Command")).to_have_value("kubectl get pods")


def test_it_marks_an_invalid_field_on_its_line(page_at):
    page = open_sandbox(page_at)
    set_manifest(page, PROBED.replace("  replicas: 2\n", "  replicas: 2\n  replica: 3\n"))
    expect(page.locator("#editor-diagnostics")).to_contain_text("Line 7")
    page.wait_for_function("() => ace.edit('ace-editor').session.getAnnotations().some(a => a.row === 6)")
    expect(page.locator(".ace_gutter-cell.ace_error")).to_have_text("7")


def test_it_finds_the_same_cluster_after_a_reload(page_at):
    page = open_sandbox(page_at)
    run(page, "kubectl create deployment api --image=nginx --replicas=2")
    expect(page.locator("#term-out")).to_contain_text("deployment.apps/api created")
    page.get_by_role("button", name="Step").click()
    expect(page.locator("#sandbox-clock")).not_to_have_attribute("data-now", "0")
    # Let the frames of that moment (Pending, then ContainerCreating) finish playing.
    expect(page.locator("#sandbox-board [data-status='ContainerCreating']")).to_have_count(2)
    before = cards(page)
    clock = page.locator("#sandbox-clock time").text_content()
    page.reload()
    expect(page.locator("[data-ws-status]")).to_have_text("Connected")
    expect(page.locator("#sandbox-clock time")).to_have_text(clock)
    assert cards(page) == before
    assert len(before) == 2


def test_scrubbing_back_shows_what_replaying_the_log_to_that_moment_shows(page_at, database):
    page = open_sandbox(page_at)
    set_manifest(page, PROBED)
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator("#apply-result")).to_have_text("deployment.apps/web created")
    page.get_by_role("button", name="Run until stable").click()
    expect(page.locator("#sandbox-board [data-ready='1/1']")).to_have_count(2)
    moment = 2000
    page.evaluate("""t => { const s = document.getElementById('scrubber');
        s.value = t; s.dispatchEvent(new Event('input', {bubbles: true})); }""", moment)
    expect(page.locator("#sandbox-clock")).to_have_attribute("data-past", "1")
    expect(page.locator("#sandbox-clock")).to_have_attribute("data-now", str(moment))

    sandbox_id = int(page.locator("#sandbox").get_attribute("data-sandbox"))
    row = Sandbox.objects.get(id=sandbox_id)
    replayed = Cluster(row.seed, row.nodes)
    for entry in row.entries.order_by("seq"):  # the journal: every command as it was stored
        if entry.t > moment:
            break
        replayed.advance_to(entry.t)
        if entry.line is not None:
            replayed.run(entry.line, entry.stdin)
    replayed.advance_to(moment)
    expected = sorted([p["metadata"]["name"], *pod_summary(p)[1::-1]]
                      for p in replayed.store.list("pods", "default"))
    assert cards(page) == [[name, status, ready] for name, status, ready in expected]

    page.get_by_role("button", name="Back to now").click()
    expect(page.locator("#sandbox-clock")).to_have_attribute("data-past", "0")
    expect(page.locator("#sandbox-board [data-ready='1/1']")).to_have_count(2)


def test_it_plays_a_hundred_pods_at_16x_without_long_tasks(page_at):
    # A learner's sandbox: a guest's holds at most SANDBOX_ANONYMOUS_MAX_PODS (80) pods.
    page = sign_up(page_at, "petra")
    page.goto(page.url.replace("/zh-hans/", "/en/sandbox/"))
    page.evaluate("""() => { window.longTasks = [];
        new PerformanceObserver(list => list.getEntries().forEach(e => window.longTasks.push(e.duration)))
          .observe({type: 'longtask'}); }""")
    expect(page.locator("[data-ws-status]")).to_have_text("Connected")
    page.wait_for_function("() => window.ace && document.querySelector('#ace-editor .ace_content')")
    page.wait_for_function("() => document.querySelector('#graph svg')")
    page.wait_for_timeout(1000)
    page.evaluate("() => { window.longTasks = []; }")  # page start-up is not the point
    set_manifest(page, PROBED.replace("replicas: 2", "replicas: 100"))
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator("#apply-result")).to_have_text("deployment.apps/web created")
    page.get_by_role("button", name="Play 16x").click()
    expect(page.locator("#sandbox-board [data-ready='1/1']")).to_have_count(100, timeout=60_000)
    page.wait_for_timeout(2000)
    long_tasks = page.evaluate("() => window.longTasks")
    assert [d for d in long_tasks if d > 200] == [], json.dumps(long_tasks)


def test_it_draws_a_service_and_lights_up_a_requests_path(page_at):
    page = open_sandbox(page_at)
    run(page, "kubectl create deployment web --image=nginx --replicas=2")
    expect(page.locator("#term-out")).to_contain_text("deployment.apps/web created")
    run(page, "kubectl expose deployment web --port=80 --type=NodePort")
    expect(page.locator("#term-out")).to_contain_text("service/web exposed")
    page.get_by_role("button", name="Run until stable").click()
    expect(page.locator("#sandbox-board [data-ready='1/1']")).to_have_count(2)
    expect(page.locator("#graph [id='svc/default/web']")).to_have_count(1)
    run(page, "kubectl get service web -o jsonpath={.spec.ports[0].nodePort}")
    entry = page.locator("#term-out .term-entry").last
    expect(entry.locator(".term-entry__out")).to_have_text(re.compile(r"^\d+$"))
    port = entry.locator(".term-entry__out").text_content().strip()
    run(page, f"curl -s http://172.18.0.3:{port}/")
    expect(page.locator("#term-out")).to_contain_text("Welcome to nginx!")
    expect(page.locator("#sandbox-trace")).to_contain_text("200 OK")
    expect(page.locator("#sandbox-trace tbody tr")).not_to_have_count(0)
    for hop in ("node/kind-worker", "svc/default/web"):
        expect(page.locator(f"#graph [id='{hop}']")).to_have_class(re.compile(r"\bhop\b"))
    expect(page.locator("#graph .node.hop[id^='pod/default/web-']")).to_have_count(1)
