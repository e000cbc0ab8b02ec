from channels.testing import WebsocketCommunicator

from config.asgi import application

ALLOWED_ORIGIN = (b"origin", b"http://localhost:8000")


def connect(path="/ws/ping/?lang=en", headers=(ALLOWED_ORIGIN,)):
    return WebsocketCommunicator(application, path, headers=list(headers))


async def test_it_answers_each_ping_with_a_numbered_pong():
    communicator = connect()
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data='{"message": "ping", "HEADERS": {}}')
    first = await communicator.receive_from()
    await communicator.send_to(text_data="not even json")
    second = await communicator.receive_from()
    assert first == '<output id="pong" class="pong" hx-swap-oob="true">pong 1</output>\n'
    assert ">pong 2</output>" in second
    await communicator.disconnect()


async def test_it_answers_in_the_language_of_the_page():
    communicator = connect("/ws/ping/?lang=zh-hans")
    await communicator.connect()
    await communicator.send_to(text_data="{}")
    assert "第 1 次回应" in await communicator.receive_from()
    await communicator.disconnect()


async def test_it_falls_back_to_the_default_language_for_unknown_ones():
    communicator = connect("/ws/ping/?lang=xx")
    await communicator.connect()
    await communicator.send_to(text_data="{}")
    assert "第 1 次回应" in await communicator.receive_from()
    await communicator.disconnect()


async def test_it_refuses_sockets_opened_by_other_sites():
    communicator = connect(headers=[(b"origin", b"http://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected


async def test_it_refuses_sockets_without_an_origin():
    communicator = connect(headers=[])
    connected, _ = await communicator.connect()
    assert not connected
