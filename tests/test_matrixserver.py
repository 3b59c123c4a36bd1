"""The private Synapse behaves like the real homeserver the Matrix tests rely on."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.matrixserver import (
    HOST,
    STRICT_MESSAGES,
    MatrixClient,
    MatrixError,
    MatrixUser,
    Synapse,
    SynapseError,
)

pytestmark = pytest.mark.matrix

BIG_TIMELINE = {"room": {"timeline": {"limit": 100}}}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def timeline(sync: dict[str, Any], room_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = sync["rooms"]["join"][room_id]["timeline"]["events"]
    return events


def support_joins_dm(
    synapse: Synapse, customer: MatrixClient, support: MatrixUser
) -> tuple[MatrixClient, str]:
    """The customer opens a direct chat with support; support sees the invite and joins."""
    room_id = customer.create_room(invite=[support.user_id], name="Order 1234")
    agent = synapse.client(support)
    invite = agent.sync()["rooms"]["invite"][room_id]["invite_state"]["events"]
    me = [e for e in invite if e["type"] == "m.room.member" and e["state_key"] == support.user_id]
    assert me[0]["content"]["membership"] == "invite"
    assert me[0]["content"]["is_direct"] is True
    assert agent.join(room_id) == room_id
    return agent, room_id


def test_listens_only_on_loopback(synapse: Synapse) -> None:
    assert synapse.listening_addresses() == [(HOST, synapse.port)]
    for family, address in ((socket.AF_INET, "127.0.0.2"), (socket.AF_INET6, "::1")):
        with socket.socket(family) as sock, pytest.raises(OSError):
            sock.settimeout(1)
            sock.connect((address, synapse.port))


def test_client_api_only_no_federation(synapse: Synapse, matrix_customer: MatrixClient) -> None:
    with httpx.Client(base_url=synapse.base_url, trust_env=False) as http:
        assert http.get("/_matrix/client/versions").json()["versions"]
        assert http.get("/_matrix/federation/v1/version").status_code == 404
        assert http.get("/_matrix/key/v2/server").status_code == 404
    # refused before any lookup: federation_domain_whitelist is empty
    with pytest.raises(MatrixError, match="Federation denied with example.org"):
        matrix_customer.create_room(invite=["@someone:example.org"])


def test_shared_secret_registration(synapse: Synapse) -> None:
    admin = synapse.register_user(f"boss-{synapse.port}", "pw-1", admin=True)
    plain = synapse.new_user("plain")
    assert admin.user_id == synapse.user_id(f"boss-{synapse.port}")
    with synapse.client(admin) as client:
        assert client.request("GET", "/account/whoami")["user_id"] == admin.user_id
        admin_api = client.http.get(f"/_synapse/admin/v2/users/{plain.user_id}")
        assert (admin_api.status_code, admin_api.json()["admin"]) == (200, False)
    with synapse.client(plain) as client:
        refused = client.http.get(f"/_synapse/admin/v2/users/{admin.user_id}")
        assert refused.status_code == 403
    second = synapse.login(admin.user_id, "pw-1")
    assert second.user_id == admin.user_id and second.device_id != admin.device_id
    with pytest.raises(MatrixError) as wrong:
        synapse.login(admin.user_id, "pw-2")
    assert (wrong.value.status, wrong.value.errcode) == (403, "M_FORBIDDEN")


def test_open_registration_is_off(synapse: Synapse) -> None:
    with httpx.Client(base_url=synapse.base_url, trust_env=False) as http:
        reply = http.post("/_matrix/client/v3/register", json={"username": "x", "password": "y"})
    assert (reply.status_code, reply.json()["errcode"]) == (403, "M_FORBIDDEN")


def test_support_sees_what_the_customer_sends(
    synapse: Synapse, matrix_customer: MatrixClient, matrix_user: MatrixUser
) -> None:
    agent, room_id = support_joins_dm(synapse, matrix_customer, matrix_user)
    text = matrix_customer.send_text(room_id, "Where is order 1234?", "Where is <b>1234</b>?")
    edit = matrix_customer.edit(room_id, text, "Where is order 1235?")
    oops = matrix_customer.send_text(room_id, "my card number is ...")
    matrix_customer.redact(room_id, oops, reason="sent by mistake")
    mxc = matrix_customer.upload(PNG, "image/png", "photo.png")
    image = matrix_customer.send_file(room_id, mxc, "photo.png", "image/png", len(PNG), "m.image")
    notice = matrix_customer.send_notice(room_id, "(sent from a bridge)")
    assert mxc.startswith(f"mxc://{synapse.server_name}/")

    events = {e["event_id"]: e for e in timeline(agent.sync(filter=BIG_TIMELINE), room_id)}
    assert events[text]["sender"] == matrix_customer.user_id
    assert events[text]["content"]["formatted_body"] == "Where is <b>1234</b>?"
    assert events[text]["content"]["format"] == "org.matrix.custom.html"
    assert events[edit]["content"]["m.relates_to"] == {"rel_type": "m.replace", "event_id": text}
    assert events[edit]["content"]["m.new_content"]["body"] == "Where is order 1235?"
    assert events[oops]["content"] == {}
    assert events[oops]["unsigned"]["redacted_because"]["content"]["reason"] == "sent by mistake"
    assert events[image]["content"]["url"] == mxc
    assert events[image]["content"]["info"] == {"mimetype": "image/png", "size": len(PNG)}
    assert events[notice]["content"]["msgtype"] == "m.notice"

    # authenticated media (the unauthenticated /_matrix/media/v3/download is frozen)
    server_name, media_id = mxc.removeprefix("mxc://").split("/")
    download = agent.http.get(f"/_matrix/client/v1/media/download/{server_name}/{media_id}")
    assert (download.status_code, download.content) == (200, PNG)
    agent.close()


def test_bridged_room_and_leave(
    synapse: Synapse, matrix_customer: MatrixClient, matrix_user: MatrixUser
) -> None:
    agent, room_id = support_joins_dm(synapse, matrix_customer, matrix_user)
    matrix_customer.mark_bridged(room_id, "whatsapp")
    matrix_customer.leave(room_id)
    room = agent.sync(filter=BIG_TIMELINE)["rooms"]["join"][room_id]
    events = room["state"]["events"] + room["timeline"]["events"]
    bridges = [e for e in events if e["type"] in ("m.bridge", "uk.half-shot.bridge")]
    assert {e["type"] for e in bridges} == {"m.bridge", "uk.half-shot.bridge"}
    assert {e["content"]["protocol"]["id"] for e in bridges} == {"whatsapp"}
    left = [
        e
        for e in events
        if e["type"] == "m.room.member" and e["state_key"] == matrix_customer.user_id
    ]
    assert left[-1]["content"]["membership"] == "leave"
    agent.close()


def test_restart_keeps_users_rooms_and_events(
    synapse: Synapse, matrix_customer: MatrixClient, matrix_user: MatrixUser
) -> None:
    agent, room_id = support_joins_dm(synapse, matrix_customer, matrix_user)
    sent = matrix_customer.send_text(room_id, "before the restart")
    synapse.restart()
    assert sent in [e["event_id"] for e in agent.messages(room_id)]  # old token still good
    relogged = synapse.client(synapse.login(matrix_user.user_id))
    assert relogged.messages(room_id)[-1]["content"]["body"] == "before the restart"
    relogged.close()
    agent.close()


def test_strict_server_answers_429_with_retry_after(
    start_synapse: Callable[..., Synapse],
) -> None:
    server = start_synapse(strict_rate_limits=True)
    support = server.new_user("support")
    with server.client(server.new_user("customer")) as customer:
        room_id = customer.create_room(invite=[support.user_id])
        with pytest.raises(MatrixError) as limited:
            for n in range(int(STRICT_MESSAGES["burst_count"]) + 5):
                customer.send_text(room_id, f"message {n}")
    assert (limited.value.status, limited.value.errcode) == (429, "M_LIMIT_EXCEEDED")
    assert limited.value.retry_after_ms and limited.value.retry_after_ms > 1000
    pid, port = server.pid, server.port
    server.stop()
    assert pid is not None and not server.running
    with pytest.raises(OSError):
        socket.create_connection((HOST, port), timeout=1).close()


def test_a_bad_config_fails_with_the_log(synapse: Synapse) -> None:
    server = Synapse(python=synapse.python)
    try:
        server.config_file.write_text(
            server.config_file.read_text().replace('"sqlite3"', '"no-such-engine"')
        )
        with pytest.raises(SynapseError, match="exited at start") as failed:
            server.start()
        assert "no-such-engine" in str(failed.value)
        assert not server.running and not server.pid_file.exists()
    finally:
        server.cleanup()
