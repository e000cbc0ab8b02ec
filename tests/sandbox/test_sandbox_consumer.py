import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from labs.models import Sandbox
from labs.sandbox.live import registry
from tests.sandbox.conftest import BAD_FIELD, DEPLOYMENT

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost:8000")


@database_sync_to_async
def sandbox_of(user):
    return Sandbox.objects.create(owner=user, name="s", seed=3, nodes=2)


@database_sync_to_async
def session_cookie(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    else:
        client.get("/en/sandbox/")
    return client.cookies["sessionid"].value


async def connect(sandbox_id, cookie=None, path=None):
    headers = [ORIGIN]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = WebsocketCommunicator(
        application, path or f"/ws/sandbox/{sandbox_id}/?lang=en", headers=headers)
    connected, _ = await communicator.connect(timeout=10)
    return communicator, connected


async def receive_until(communicator, text, timeout=15):
    """Messages until one contains `text`; all of them joined."""
    seen = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        message = await communicator.receive_from(timeout=max(deadline - loop.time(), 0.01))
        seen.append(message)
        if text in message:
            return "".join(seen)
    raise AssertionError(f"{text!r} never came; got {seen}")


async def send(communicator, **data):
    await communicator.send_to(text_data=json.dumps({**data, "HEADERS": {}}))


async def opened(user):
    sandbox = await sandbox_of(user)
    communicator, connected = await connect(sandbox.id, await session_cookie(user))
    assert connected
    first = await communicator.receive_from(timeout=10)
    return sandbox, communicator, first


async def test_it_sends_the_whole_state_on_connect(alice):
    _sandbox, communicator, first = await opened(alice)
    for fragment in ('id="sandbox-board"', 'id="sandbox-clock"', 'id="dot-src"', 'id="sandbox-events"',
                     'id="sandbox-timeline"'):
        assert fragment in first
    assert first.count("hx-swap-oob") >= 8
    await communicator.disconnect()


async def test_it_applies_a_manifest_and_pushes_the_pods(alice):
    _sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="apply", manifest=DEPLOYMENT)
    seen = await receive_until(communicator, "deployment.apps/web created")
    seen += await receive_until(communicator, 'data-pod="web-')
    assert 'id="editor-diagnostics"' in seen
    await communicator.disconnect()


async def test_it_shows_pods_pending_then_creating_within_one_instant(alice):
    _sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="apply", manifest=DEPLOYMENT)
    seen = await receive_until(communicator, 'data-status="ContainerCreating"')
    assert 'data-status="Pending"' in seen
    assert seen.index('data-status="Pending"') < seen.index('data-status="ContainerCreating"')
    await communicator.disconnect()


async def test_it_reports_every_problem_of_a_manifest_with_its_line(alice):
    _sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="check", manifest=BAD_FIELD)
    seen = await receive_until(communicator, 'id="editor-diagnostics"')
    assert 'data-line="7"' in seen and "replica" in seen
    await communicator.disconnect()


async def test_it_runs_a_command_and_answers_in_the_terminal(alice):
    _sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="command", line="kubectl get nodes")
    seen = await receive_until(communicator, "kind-worker2")
    assert 'id="term-out" hx-swap-oob="beforeend"' in seen
    await communicator.disconnect()


async def test_it_steps_plays_and_pauses_time(alice):
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="apply", manifest=DEPLOYMENT)
    await receive_until(communicator, "created")
    await send(communicator, action="time", op="step")
    await receive_until(communicator, 'data-now="1000"')
    await send(communicator, action="time", op="play", speed="16")
    seen = await receive_until(communicator, 'data-status="Running"')
    assert "playing at 16x" in seen
    await send(communicator, action="time", op="pause")
    await receive_until(communicator, "paused")
    live = registry.peek(sandbox.id)
    assert live.speed == 0 and live.cluster.clock.now > 1000
    await send(communicator, action="time", op="settle")
    await receive_until(communicator, 'id="sandbox-clock"')
    assert live.cluster.store.get("deployments", "default", "web")["status"]["readyReplicas"] == 2
    await communicator.disconnect()


async def test_it_resumes_the_same_cluster_after_a_reconnect_and_a_restart(alice):
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="apply", manifest=DEPLOYMENT)
    await receive_until(communicator, "created")
    await send(communicator, action="time", op="settle")
    await receive_until(communicator, 'data-ready="1/1"')
    now = registry.peek(sandbox.id).cluster.clock.now
    await communicator.disconnect()
    registry.entries.clear()  # the server restarts

    again, connected = await connect(sandbox.id, await session_cookie(alice))
    assert connected
    first = await again.receive_from(timeout=10)
    assert f'data-now="{now}"' in first and first.count('data-ready="1/1"') == 2
    await again.disconnect()


async def test_it_keeps_two_tabs_in_step(alice):
    sandbox, one, _first = await opened(alice)
    cookie = await session_cookie(alice)
    two, connected = await connect(sandbox.id, cookie)
    assert connected
    await two.receive_from(timeout=10)
    await send(one, action="command", line="kubectl create deployment api --image=nginx")
    await receive_until(two, "deployment.apps/api created")
    await receive_until(two, 'data-pod="api-')
    await one.disconnect()
    await two.disconnect()


async def test_it_refuses_another_learners_sandbox(alice, bob):
    sandbox = await sandbox_of(alice)
    _communicator, connected = await connect(sandbox.id, await session_cookie(bob))
    assert not connected
    _communicator, connected = await connect(sandbox.id, await session_cookie(None))
    assert not connected
    _communicator, connected = await connect(sandbox.id)
    assert not connected


async def test_it_refuses_sockets_from_other_sites(alice):
    sandbox = await sandbox_of(alice)
    communicator = WebsocketCommunicator(application, f"/ws/sandbox/{sandbox.id}/",
                                         headers=[(b"origin", b"http://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected


async def test_it_refuses_an_oversized_message_with_a_message(alice, settings):
    settings.SANDBOX_MAX_MESSAGE_BYTES = 4096
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="apply", manifest="x" * 10_000)
    seen = await receive_until(communicator, 'id="sandbox-notice"')
    assert "at most 4 KiB" in seen
    assert registry.peek(sandbox.id).cluster.log == []
    await communicator.disconnect()


async def test_it_refuses_a_flood_with_a_message(alice, settings):
    settings.SANDBOX_RATE_PER_SECOND = 1
    settings.SANDBOX_RATE_BURST = 3
    sandbox, communicator, _first = await opened(alice)
    for _ in range(8):
        await send(communicator, action="command", line="echo hi")
    seen = await receive_until(communicator, "Too many messages")
    assert "at most 1 a second" in seen
    await asyncio.sleep(0.3)
    # Three at once, then one a second: on a slow machine a fourth may have been earned.
    assert 3 <= len(registry.peek(sandbox.id).cluster.log) <= 4
    await communicator.disconnect()


async def test_it_shows_an_earlier_moment_when_scrubbing(alice):
    _sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="apply", manifest=DEPLOYMENT)
    await receive_until(communicator, "created")
    await send(communicator, action="time", op="settle")
    await receive_until(communicator, 'data-ready="1/1"')
    await send(communicator, action="scrub", t="500")
    seen = await receive_until(communicator, 'data-past="1"')
    assert 'data-now="500"' in seen and 'data-status="ContainerCreating"' in seen
    assert 'data-ready="1/1"' not in seen
    await send(communicator, action="scrub", t="live")
    await receive_until(communicator, 'data-ready="1/1"')
    await communicator.disconnect()


async def test_it_sends_fault_buttons_as_cluster_commands(alice):
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="fault", verb="node stop", target="kind-worker")
    await receive_until(communicator, "term-entry")
    assert registry.peek(sandbox.id).cluster.log[-1]["line"] == "cluster node stop kind-worker"
    await send(communicator, action="fault", verb="rm -rf", target="x; ls")
    seen = await receive_until(communicator, 'id="sandbox-notice"')
    assert "Choose a fault" in seen
    await send(communicator, action="fault", line="kubectl delete ns default")
    seen = await receive_until(communicator, 'id="sandbox-notice"')
    assert len(registry.peek(sandbox.id).cluster.log) == 1
    await communicator.disconnect()


async def test_it_deletes_what_a_manifest_names_and_resets_the_cluster(alice):
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="apply", manifest=DEPLOYMENT)
    await receive_until(communicator, "created")
    await send(communicator, action="delete", manifest=DEPLOYMENT)
    await receive_until(communicator, 'deployment.apps &quot;web&quot; deleted')
    await send(communicator, action="reset")
    await receive_until(communicator, 'id="term-out" hx-swap-oob="innerHTML"')
    live = registry.peek(sandbox.id)
    assert live.cluster.log == [] and live.cluster.store.list("deployments", "default") == []
    await communicator.disconnect()


async def test_it_explains_why_a_pod_is_not_ready(alice):
    _sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="command", line="kubectl run broken --image=nginx:no-such-tag")
    await receive_until(communicator, "pod/broken created")
    await send(communicator, action="time", op="settle")
    await receive_until(communicator, 'id="sandbox-clock"')
    await send(communicator, action="why", target="broken")
    seen = await receive_until(communicator, 'id="sandbox-why"')
    assert "broken" in seen and "<li>" in seen
    await send(communicator, action="why", target="nothing-here")
    seen = await receive_until(communicator, 'id="sandbox-why"')
    assert "There is no pod or Service" in seen
    await communicator.disconnect()


async def test_it_opens_a_shell_in_a_container_and_leaves_it_with_exit(alice):
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="command", line="kubectl run web --image=nginx")
    await receive_until(communicator, "pod/web created")
    await send(communicator, action="time", op="settle")
    await receive_until(communicator, 'id="sandbox-clock"')
    await send(communicator, action="command", line="kubectl exec -it web -- sh")
    seen = await receive_until(communicator, 'id="term-prompt"')
    assert ">/ #</span>" in seen and "Unable to use a TTY" not in seen
    await send(communicator, action="command", line="ls /")
    seen = await receive_until(communicator, "docker-entrypoint.sh")
    assert "/ # </span><span class=\"term-entry__line\">ls /</span>" in seen
    assert registry.peek(sandbox.id).cluster.log[-1]["line"] == "kubectl exec web -- sh -c 'ls /'"
    await send(communicator, action="command", line="exit")
    seen = await receive_until(communicator, 'id="term-prompt"')
    assert ">$</span>" in seen
    await send(communicator, action="command", line="kubectl get pods")
    await receive_until(communicator, "Running")
    await communicator.disconnect()


async def test_it_freezes_a_sandbox_nobody_watches_and_plays_on_when_one_comes_back(alice):
    sandbox, communicator, _first = await opened(alice)
    await send(communicator, action="time", op="play", speed="16")
    await receive_until(communicator, "playing at 16x")
    await asyncio.sleep(0.5)
    await communicator.disconnect()
    live = registry.peek(sandbox.id)
    frozen_at = live.cluster.clock.now
    assert frozen_at > 0
    await asyncio.sleep(0.6)
    assert live.cluster.clock.now == frozen_at  # nobody watches: time stands still

    again, connected = await connect(sandbox.id, await session_cookie(alice))
    assert connected
    first = await again.receive_from(timeout=10)
    assert "playing at 16x" in first
    await asyncio.sleep(0.5)
    assert frozen_at < live.cluster.clock.now < frozen_at + 60_000  # on from there, no jump
    await again.disconnect()
