"""The commands-per-minute budget on the sandbox socket, shared by a learner's tabs."""

import pytest

from tests.sandbox.test_sandbox_consumer import connect, opened, receive_until, send, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_learners_tabs_share_one_budget_and_checks_are_free(alice, settings):
    settings.SANDBOX_COMMANDS_PER_MINUTE = 3
    sandbox, first_tab, _state = await opened(alice)
    second_tab, connected = await connect(sandbox.id, await session_cookie(alice))
    assert connected
    await second_tab.receive_from(timeout=10)
    for n, tab in enumerate((first_tab, second_tab, first_tab)):
        await send(tab, action="command", line=f"kubectl create namespace n{n}")
        await receive_until(tab, f"namespace/n{n} created")
    await send(first_tab, action="check", manifest="kind: Pod")  # the editor's checks cost nothing
    await send(second_tab, action="command", line="kubectl create namespace late")
    refused = await receive_until(second_tab, "Too many commands", timeout=5)
    assert "at most 3 a minute" in refused and "namespace/late created" not in refused
    await first_tab.disconnect()
    await second_tab.disconnect()
