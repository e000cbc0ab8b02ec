"""The sandbox socket refuses a message past SANDBOX_MAX_MESSAGE_BYTES with its size and the
limit, runs nothing of it, and goes on serving the same socket."""

import json

import pytest

from tests.sandbox.test_sandbox_consumer import opened, receive_until, send

pytestmark = pytest.mark.django_db(transaction=True)


def padded_command(line: str, size: int) -> str:
    """A command message of exactly `size` bytes (the padding is a field the sandbox ignores)."""
    base = json.dumps({"action": "command", "line": line, "pad": ""})
    return json.dumps({"action": "command", "line": line, "pad": "x" * (size - len(base))})


async def test_a_message_past_the_limit_is_refused_with_its_size(alice, settings):
    settings.SANDBOX_MAX_MESSAGE_BYTES = 4096
    _sandbox, communicator, _first = await opened(alice)
    await communicator.send_to(text_data=padded_command("kubectl create namespace big", 10 * 1024))
    refused = await receive_until(communicator, "KiB")
    assert "That message is 10 KiB; the sandbox takes at most 4 KiB at once." in refused
    await send(communicator, action="command", line="kubectl get namespaces")
    listed = await receive_until(communicator, "kube-system")
    assert "big" not in listed  # the refused message ran nothing
    await communicator.disconnect()


async def test_a_message_at_the_limit_is_taken(alice, settings):
    settings.SANDBOX_MAX_MESSAGE_BYTES = 4096
    _sandbox, communicator, _first = await opened(alice)
    await communicator.send_to(text_data=padded_command("kubectl create namespace fits", 4096))
    assert "namespace/fits created" in await receive_until(communicator, "namespace/fits created")
    await communicator.disconnect()
