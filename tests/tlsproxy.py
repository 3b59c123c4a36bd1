"""A TLS-terminating proxy for tests: https://127.0.0.1:<port> in front of a plain server.

The test Synapse speaks plain HTTP; `TlsProxy` puts a real TLS listener before it, with any
certificate (tests/imapcerts.py makes the ones a client must refuse), so a Matrix account
can be configured with an https:// homeserver and go through a real handshake. Bytes are
passed on as they are, both ways, once the handshake is done.

`requests` counts the connections that sent anything after the handshake (an HTTP request,
hence an access token): a client that refused the certificate must leave it at 0.
`restart(cert_file, key_file)` serves another certificate on the same port, closing the open
connections, as a server whose certificate was renewed (or replaced by an interceptor).
Runs its own event loop in a thread; loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
from pathlib import Path
from typing import Any

from tests.imapserver import HOST, free_port


class TlsProxy:
    def __init__(self, target_port: int, cert_file: Path, key_file: Path) -> None:
        self.host = HOST
        self.port = free_port()
        self.target_port = target_port
        self.cert_file, self.key_file = cert_file, key_file
        self.requests = 0
        """Connections that sent bytes after the handshake."""
        self._loop = asyncio.new_event_loop()
        self._loop.set_exception_handler(lambda loop, context: None)  # refused handshakes
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    def start(self) -> None:
        if not self._thread.is_alive():
            self._thread.start()
        self._call(self._listen())

    def stop(self) -> None:
        if self._thread.is_alive():
            self._call(self._close())
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    def restart(self, cert_file: Path, key_file: Path) -> None:
        """Serve this certificate from now on (open connections are closed)."""
        self.cert_file, self.key_file = cert_file, key_file
        self._call(self._close())
        self._call(self._listen())

    def __enter__(self) -> TlsProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    async def _listen(self) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        self._server = await asyncio.start_server(
            self._serve, self.host, self.port, ssl=context, reuse_address=True
        )

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            first = await reader.read(65536)
            if not first:
                return
            self.requests += 1
            target_reader, target_writer = await asyncio.open_connection(HOST, self.target_port)
            self._writers.add(target_writer)
            target_writer.write(first)
            await asyncio.gather(
                _pipe(reader, target_writer), _pipe(target_reader, writer), return_exceptions=True
            )
            self._writers.discard(target_writer)
        except (OSError, ssl.SSLError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.transport.abort()
