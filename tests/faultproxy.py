"""A TCP fault proxy for tests: listens on 127.0.0.1 and forwards to a real server (Dovecot,
Synapse, an SMTP peer), byte for byte, TLS included (it never looks inside).

Faults, set between or during a test's steps (thread-safe):
- `reset()`: every open connection is reset now (RST: SO_LINGER 0), as a router or a
  restarted server would; new connections go through as before;
- `refuse = True`: new connections are reset as soon as they are accepted;
- `delay = seconds`: each reply of the server (what it sends after the client spoke) is held
  back that long, as a slow or overloaded server;
- `cut_after = n`: each new connection is reset once the server has sent `n` bytes through
  it (a server that stops in the middle of a transfer); `None` turns it off.

Importable without pytest. Loopback only: it listens on 127.0.0.1 and forwards to the given
127.0.0.1 port.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
from types import TracebackType

HOST = "127.0.0.1"
CHUNK = 65536


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = HOST) -> None:
        if target_host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the fault proxy forwards to loopback only")
        self.target = (target_host, target_port)
        self.refuse = False
        self.delay = 0.0
        self.cut_after: int | None = None
        self.connections = 0
        """Connections accepted so far."""
        self.resets = 0
        """Connections this proxy reset (by `reset`, `refuse` or `cut_after`)."""
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((HOST, 0))
        self._listener.listen(64)
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._pairs: list[_Pair] = []
        self._closed = False
        self._thread = threading.Thread(target=self._accept, name="faultproxy", daemon=True)
        self._thread.start()

    # faults ------------------------------------------------------------------------------

    def reset(self) -> int:
        """Reset every open connection; how many there were."""
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            pair.kill()
        for pair in pairs:
            pair.wait()
        with self._lock:
            self.resets += len(pairs)
        return len(pairs)

    @property
    def open_connections(self) -> int:
        with self._lock:
            self._pairs = [p for p in self._pairs if not p.done]
            return len(self._pairs)

    def heal(self) -> None:
        """No more faults: connections go through as they come."""
        self.refuse, self.delay, self.cut_after = False, 0.0, None

    # lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept (a close would not)
        with contextlib.suppress(OSError):
            self._listener.close()
        self.reset()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # internals ---------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            if self.refuse:
                _rst(client)
                with self._lock:
                    self.resets += 1
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:  # the real server is down: so is the proxy, to the client
                _rst(client)
                continue
            pair = _Pair(self, client, server)
            with self._lock:
                self._pairs.append(pair)
            pair.start()


class _Pair:
    """One client connection and its connection to the server, pumped by one thread."""

    def __init__(self, proxy: FaultProxy, client: socket.socket, server: socket.socket) -> None:
        self.proxy = proxy
        self.client, self.server = client, server
        self.sent_to_client = 0
        self.cut_after = proxy.cut_after
        self.done = False
        self._killed = threading.Event()
        self._ended = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._pump, name="faultproxy-pair", daemon=True).start()

    def kill(self) -> None:
        """Ask the pump to reset the client's connection (it owns the sockets)."""
        self._killed.set()

    def wait(self, timeout: float = 5.0) -> None:
        self._ended.wait(timeout)

    def _pump(self) -> None:
        try:
            self._loop()
        except OSError:
            pass
        finally:
            if self._killed.is_set():
                _rst(self.client)
            else:
                with contextlib.suppress(OSError):
                    self.client.close()
            with contextlib.suppress(OSError):
                self.server.close()
            self.done = True
            self._ended.set()

    def _loop(self) -> None:
        sockets = [self.client, self.server]
        while not self._killed.is_set():
            readable, _, _ = select.select(sockets, [], [], 0.1)
            for sock in readable:
                if sock is self.client:
                    data = self.client.recv(CHUNK)
                    if not data:
                        return
                    self.server.sendall(data)
                else:
                    data = self._reply()
                    if not data:
                        return
                    if not self._forward(data):
                        return

    def _reply(self) -> bytes:
        """What the server sent: after `delay`, everything it sent meanwhile (one reply)."""
        data = self.server.recv(CHUNK)
        delay = self.proxy.delay
        if not data or delay <= 0:
            return data
        if self._killed.wait(delay):
            return b""
        self.server.setblocking(False)
        try:
            while True:
                more = self.server.recv(CHUNK)
                if not more:
                    break
                data += more
        except BlockingIOError:
            pass
        finally:
            self.server.setblocking(True)
        return data

    def _forward(self, data: bytes) -> bool:
        if self.cut_after is not None:
            room = self.cut_after - self.sent_to_client
            if room <= len(data):
                self.client.sendall(data[: max(room, 0)])
                self.sent_to_client += max(room, 0)
                self._killed.set()
                with self.proxy._lock:
                    self.proxy.resets += 1
                return False
        self.client.sendall(data)
        self.sent_to_client += len(data)
        return True


def _rst(sock: socket.socket) -> None:
    """Close with a reset (RST), not a polite FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
