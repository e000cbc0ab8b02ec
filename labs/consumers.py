from urllib.parse import parse_qs

from channels.generic.websocket import WebsocketConsumer
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


class PingConsumer(WebsocketConsumer):
    """Answers every message with a numbered pong: the page's connection check.

    The page names its language in the query string (`?lang=en`), because a
    socket has no URL prefix for LocaleMiddleware to read.
    """

    def connect(self):
        self.count = 0
        self.language = _language_from_query(self.scope.get("query_string", b""))
        self.accept()

    def receive(self, text_data=None, bytes_data=None):
        self.count += 1
        with translation.override(self.language):
            html = render_to_string("labs/pong.html", {"count": self.count})
        self.send(text_data=html)


def _language_from_query(query_string: bytes) -> str:
    wanted = parse_qs(query_string.decode("latin-1")).get("lang", [""])[0]
    known = {code for code, _name in settings.LANGUAGES}
    return wanted if wanted in known else settings.LANGUAGE_CODE
