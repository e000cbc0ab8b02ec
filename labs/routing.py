"""WebSocket routes of the labs app; config/asgi.py mounts them."""

from django.urls import path

from labs import consumers

websocket_urlpatterns = [
    path("ws/ping/", consumers.PingConsumer.as_asgi()),
    path("ws/sandbox/<int:sandbox_id>/", consumers.SandboxConsumer.as_asgi()),
]
