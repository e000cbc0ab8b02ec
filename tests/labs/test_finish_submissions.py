"""A lab submission is finished by the server even when the browser leaves at once: the
ASGI wrapper holds the disconnect back from Django until the answer is sent."""

import asyncio

from labs.asgi import FinishSubmissions

SUBMIT = {"type": "http", "method": "POST", "path": "/en/labs/pod-basics/submit/"}
BODY = {"type": "http.request", "body": b"key=k", "more_body": False}


def browser(*messages):
    queue = list(messages)

    async def receive():
        return queue.pop(0)

    return receive


async def ignore(message):
    pass


async def app_that_listens_while_it_works(scope, receive, send, heard):
    """Like Django: reads the body, listens for a disconnect while the view runs."""
    heard.append(await receive())
    listener = asyncio.create_task(receive())
    await asyncio.sleep(0.05)  # the grading
    heard.append("disconnected while working" if listener.done() else "answered")
    await send({"type": "http.response.start", "status": 302, "headers": []})
    await send({"type": "http.response.body", "body": b""})
    heard.append((await listener)["type"])


async def test_a_submit_does_not_hear_the_browser_leave_until_it_has_answered():
    heard = []
    wrapped = FinishSubmissions(lambda s, r, w: app_that_listens_while_it_works(s, r, w, heard))
    await wrapped(SUBMIT, browser(BODY, {"type": "http.disconnect"}), ignore)
    assert heard == [BODY, "answered", "http.disconnect"]


async def test_other_requests_hear_a_disconnect_at_once():
    heard = []
    wrapped = FinishSubmissions(lambda s, r, w: app_that_listens_while_it_works(s, r, w, heard))
    await wrapped({**SUBMIT, "path": "/en/labs/pod-basics/hints/"}, browser(BODY, {"type": "http.disconnect"}),
                  ignore)
    assert heard[1] == "disconnected while working"


async def test_a_browser_that_leaves_before_sending_the_body_aborts_the_submit():
    async def app(scope, receive, send):
        assert (await receive())["type"] == "http.disconnect"

    await FinishSubmissions(app)(SUBMIT, browser({"type": "http.disconnect"}), ignore)
