"""The sandbox's messages (the WebSocket's JSON and the no-JavaScript forms both end in
`actions.perform`) with hostile fields: every message is answered with HTML fragments, never
an exception, and nothing in the answer is live markup. The two web entry points themselves
run a tenth of the examples (each renders a page or crosses a socket) and must never answer
with a server error."""

import json

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from labs.models import Sandbox
from labs.sandbox import actions
from labs.sandbox.live import registry
from tests.fuzz.harness import FUZZ, HOSTILE, WEB, example, mutated
from tests.fuzz.seeds import COMMANDS, MANIFESTS
from tests.fuzz.test_fuzz_manifests import MANIFEST_TEXT
from tests.security.markup import dangers

ACTIONS = ["command", "apply", "delete", "check", "time", "fault", "reset", "why", "scrub", "", "bogus"]
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
# What a form or the ws extension sends: every field a string.
FORM_MESSAGE = st.fixed_dictionaries({
    "action": st.sampled_from(ACTIONS),
    "line": st.one_of(mutated(COMMANDS), TEXT),
    "manifest": st.one_of(MANIFEST_TEXT, TEXT),
    "op": st.one_of(st.sampled_from(["play", "pause", "step", "settle"]), TEXT),
    "speed": st.one_of(st.sampled_from(["1", "4", "16", "0", "-1", "1e9", "x"]), TEXT),
    "verb": st.one_of(st.sampled_from(actions.FAULT_BUTTONS), TEXT),
    "target": st.one_of(st.sampled_from(["kind-worker", "web", "kind-control-plane"]), TEXT),
    "client_id": st.one_of(st.just(""), TEXT),
})
# Time is played in small steps here: a fuzz example must not wait for virtual hours.
FAST_OPS = {"settle"}


@pytest.fixture(autouse=True)
def no_command_budget(settings):
    # Thousands of messages a minute are the point here; the budget has tests of its own, and
    # its buckets (in memory, per user id) would otherwise outlive the test that filled them.
    settings.SANDBOX_COMMANDS_PER_MINUTE = 0
    settings.SANDBOX_ANONYMOUS_COMMANDS_PER_MINUTE = 0


@pytest.fixture
def live(alice, db):
    registry.entries.clear()
    sandbox = Sandbox.objects.create(owner=alice, name="fuzz", seed=3, nodes=2)
    yield registry.get(sandbox)
    registry.entries.clear()


def _answer_is_text(reply):
    for html in reply.private + reply.shared:
        assert isinstance(html, str)
        assert not dangers(html, allowed_tags={"form", "input", "template"}), dangers(html)


@FUZZ
@given(message=FORM_MESSAGE)
def test_every_sandbox_message_is_answered_with_fragments(live, message):
    if message["op"] in FAST_OPS:
        message = {**message, "op": "step"}
    with example("sandbox: messages"):
        live.cluster.shell.strict = True
        reply = actions.perform(live, message, "en")
        _answer_is_text(reply)
        live.pause()


@WEB
@given(message=FORM_MESSAGE)
def test_the_sandbox_form_never_answers_with_a_server_error(alice, live, message):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    if message["op"] in FAST_OPS:
        message = {**message, "op": "step"}
    with example("sandbox: form posts"):
        response = client.post(f"/en/sandbox/{live.id}/act/", message)
        live.pause()
    assert response.status_code < 500


RAW = ["null", "[]", "42", '"text"', "{", "{}", '{"action": null}', '{"action": ["apply"]}',
       '{"action": "apply", "manifest": {"kind": "Pod"}}', '{"action": "command", "line": 12}',
       '{"action": "command", "line": ["ls"]}', '{"action": "time", "op": "play", "speed": "Infinity"}',
       '{"action": "scrub", "t": [1]}', '{"action": "scrub", "t": -5}',
       '{"action": "fault", "verb": "node stop", "target": "\\u001b[2J"}',
       '{"action": "command", "line": "echo \\u001b]0;title\\u0007 <script>x</script>"}',
       '{"action": "apply", "manifest": "' + MANIFESTS[0].replace("\n", "\\n").replace('"', '\\"') + '"}',
       '{"action": "command", "client_id": {"x": 1}, "line": "kubectl get pods"}', "\x00"]
# JSON that is not what any form sends; labs/sandbox/actions.py `_time` and consumers.py `_scrub`
# take these down today (TypeError, OverflowError): see test_known_crashing_messages below.
CRASHING = ['{"action": "time", "op": "play", "speed": [4]}', '{"action": "time", "op": "play", "speed": Infinity}',
            '{"action": "scrub", "t": "1e999"}']


@pytest.mark.django_db(transaction=True)
async def test_the_sandbox_socket_answers_every_malformed_message_and_stays_open(alice):
    from tests.sandbox.test_sandbox_consumer import connect, receive_until, session_cookie

    sandbox = await Sandbox.objects.acreate(owner=alice, name="raw", seed=3, nodes=2)
    communicator, connected = await connect(sandbox.id, await session_cookie(alice))
    assert connected
    await communicator.receive_from(timeout=10)
    for raw in RAW:
        with example("sandbox: raw socket messages"):
            await communicator.send_to(text_data=raw)
            answer = await communicator.receive_from(timeout=10)
        assert isinstance(answer, str) and answer, raw
    await communicator.send_to(text_data=json.dumps({"action": "command", "line": "kubectl get nodes"}))
    assert "kind-worker" in await receive_until(communicator, "kind-worker")
    await communicator.disconnect()
    registry.entries.clear()


@pytest.mark.parametrize("raw", CRASHING)
@pytest.mark.django_db(transaction=True)
async def test_known_crashing_messages_are_answered(alice, raw):
    from tests.sandbox.test_sandbox_consumer import connect, session_cookie

    sandbox = await Sandbox.objects.acreate(owner=alice, name="raw", seed=3, nodes=2)
    communicator, connected = await connect(sandbox.id, await session_cookie(alice))
    assert connected
    await communicator.receive_from(timeout=10)
    try:
        await communicator.send_to(text_data=raw)
        assert await communicator.receive_from(timeout=1)
    finally:
        await communicator.disconnect()
        registry.entries.clear()
