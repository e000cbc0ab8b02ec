"""A lab submission finishes on the server even when the browser goes away.

Django cancels a request whose client disconnects (its ASGI handler listens for
`http.disconnect` while the view runs), and a request cancelled before its view started is
simply lost. A learner who clicks Submit and closes the tab has still submitted: for those
POSTs this wrapper keeps the disconnect from Django until the answer has been sent, so the
attempt is graded and stored. A disconnect before the body has arrived still aborts (there
is no complete submission to grade).
"""

from __future__ import annotations

import asyncio
import re

# /<language>/labs/<slug>/submit/
FINISH_ANYWAY = re.compile(r"^/[^/]+/labs/[^/]+/submit/$")


class FinishSubmissions:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or not FINISH_ANYWAY.match(scope["path"]):
            return await self.app(scope, receive, send)
        answered = asyncio.Event()
        body_read = False

        async def receive_until_answered():
            nonlocal body_read
            if body_read:
                await answered.wait()
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request" and not message.get("more_body", False):
                body_read = True
            return message

        async def send_and_note(message):
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answered.set()

        await self.app(scope, receive_until_answered, send_and_note)
