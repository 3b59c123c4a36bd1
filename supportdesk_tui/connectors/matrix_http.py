"""The Matrix client-server API over httpx: JSON in and out, errors as ConnectorError.

One `httpx.Client` per account, shared by the sync thread and the long-poll thread (httpx
clients are thread-safe). TLS is verified against the system's CAs, or `ca_file` alone, or
accepted by its pinned fingerprint (tls.py); a refused certificate is described there.
The access token is asked for once, on the first request, and never logged.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from ..errors import ConnectorError
from . import tls

log = logging.getLogger(__name__)

TIMEOUT = 30.0
"""Seconds for connecting and for an answer to an ordinary request."""
RATE_LIMIT_TRIES = 5
"""Requests answered 429 (M_LIMIT_EXCEEDED) are sent again this many times at most ..."""
RATE_LIMIT_WAIT = 30.0
"""... each after the server's retry_after_ms, capped at this many seconds."""
LOGIN_HINT = "supportdesk matrix-login {account}"

Json = dict[str, Any]
Stop = Callable[[], bool]


class MatrixError(ConnectorError):
    """A request failed. `status` is the HTTP status (0: no answer), `errcode` the Matrix
    error code; `retryable`: the same request may succeed later (network, 5xx, rate limit)."""

    def __init__(
        self,
        account: str,
        message: str,
        *,
        status: int = 0,
        errcode: str = "",
        retryable: bool = False,
        title: str | None = None,
    ) -> None:
        super().__init__(account, message, title)
        self.status = status
        self.errcode = errcode
        self.retryable = retryable


def path(*parts: str) -> str:
    """Each part quoted whole: room ids ('!a:b'), event ids ('$x') and user ids ('@u:s')."""
    return "/".join(quote(part, safe="") for part in parts)


def tls_context(ca_file: Path | None, pin: str | None = None) -> ssl.SSLContext:
    """The system's CAs (not certifi's), or only `ca_file` for a private CA, or only the
    certificate of fingerprint `pin`."""
    return tls.client_context(ca_file, pin)


class MatrixHttp:
    def __init__(
        self,
        account: str,
        homeserver: str,
        token: Callable[[], str],
        *,
        verify: ssl.SSLContext | bool = True,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.account = account
        self.homeserver = homeserver.rstrip("/")
        self._token_source = token
        self._token: str | None = None
        self._token_lock = threading.Lock()
        self._sleep = sleep
        self._timeout = timeout
        self._client = httpx.Client(
            base_url=self.homeserver,
            verify=verify,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": "supportdesk-tui"},
            follow_redirects=False,
        )
        self.seconds = 0.0
        """Time spent in requests so far (long-polls not counted)."""

    def close(self) -> None:
        self._client.close()

    def token(self) -> str:
        with self._token_lock:
            if self._token is None:
                self._token = self._token_source()
            return self._token

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: Json | None = None,
        content: tuple[bytes, str] | None = None,
        wait: float = 0.0,
        stop: Stop | None = None,
        auth: bool = True,
    ) -> Json:
        """One request (sent again after a 429 as the server asks); its JSON object.

        `wait`: seconds the server may hold the request (a /sync long-poll), added to the
        read timeout. `content`: (bytes, content type) sent as they are (a media upload)
        instead of a JSON `body`. MatrixError on any failure.
        """
        headers = {"Authorization": f"Bearer {self.token()}"} if auth else {}
        data = None
        if content is not None:
            data, headers["Content-Type"] = content
        timeout = httpx.Timeout(self._timeout + wait, connect=min(self._timeout, 10.0))
        for attempt in range(1, RATE_LIMIT_TRIES + 1):
            began = time.perf_counter()
            try:
                response = self._client.request(
                    method, url, params=params, json=body, content=data, headers=headers,
                    timeout=timeout,
                )  # fmt: skip
            except httpx.HTTPError as error:
                raise self._transport_error(error) from error
            finally:
                if not wait:
                    self.seconds += time.perf_counter() - began
            if response.status_code == 429 and attempt < RATE_LIMIT_TRIES:
                delay = retry_after(response)
                log.info("%s: rate limited; trying again in %.1f s", self.account, delay)
                if not self._pause(delay, stop):
                    break
                continue
            return self._answer(response)
        raise self._status_error(response)

    def download(self, url: str, max_bytes: int) -> tuple[bytes, str]:
        """The body of a GET (media), at most `max_bytes`, and its content type."""
        headers = {"Authorization": f"Bearer {self.token()}"}
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code != 200:
                    response.read()
                    raise self._status_error(response)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise self._too_big(max_bytes)
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > max_bytes:
                        raise self._too_big(max_bytes)
                content_type = response.headers.get("Content-Type", "application/octet-stream")
                return bytes(data), content_type
        except httpx.HTTPError as error:
            raise self._transport_error(error) from error

    def _too_big(self, max_bytes: int) -> MatrixError:
        return MatrixError(
            self.account, f"the file is larger than {max_bytes // 1_000_000} MB; not downloaded"
        )

    def _pause(self, seconds: float, stop: Stop | None) -> bool:
        """Sleep in short steps; False if `stop` asked to end first."""
        left = seconds
        while left > 0:
            if stop is not None and stop():
                return False
            step = min(left, 0.25)
            self._sleep(step)
            left -= step
        return True

    def _answer(self, response: httpx.Response) -> Json:
        if response.status_code != 200:
            raise self._status_error(response)
        try:
            answer = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            answer = None
        if not isinstance(answer, dict):
            raise MatrixError(
                self.account,
                f"{self.homeserver} did not answer like a Matrix homeserver "
                f"({response.request.url.path}: not a JSON object); check homeserver",
                status=response.status_code,
                title="Not a Matrix homeserver",
            )
        return answer

    def _status_error(self, response: httpx.Response) -> MatrixError:
        status = response.status_code
        errcode, text = matrix_error(response)
        where = response.request.url.path
        retryable, title = False, "Refused by the homeserver"
        if errcode in ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN") or status == 401:
            with self._token_lock:  # the next request asks for the token again: a new login
                self._token = None  # or token_command is used without restarting the app
            title = "Logged out of Matrix"
            message = (
                "the access token has expired or was revoked; log in again with "
                f"`{LOGIN_HINT.format(account=self.account)}` (or fix token_command); "
                "an open app takes the new login at its next sync, no restart needed"
            )
        elif status == 429:
            retryable, title = True, "Rate limited"
            message = f"{self.homeserver} keeps limiting the rate of requests; try again later"
        elif status >= 500:
            retryable, title = True, "Server error"
            message = f"{self.homeserver} failed ({status} at {where}): {text}; try again later"
        else:
            message = f"{self.homeserver} refused {where} ({status} {errcode or 'error'}): {text}"
        return MatrixError(
            self.account, message, status=status, errcode=errcode, retryable=retryable, title=title
        )

    def _transport_error(self, error: httpx.HTTPError) -> MatrixError:
        where = self.homeserver
        cause: BaseException | None = error
        while cause is not None and not isinstance(cause, ssl.SSLError):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, ssl.SSLCertVerificationError):
            refusal = self._refusal(cause)
            return MatrixError(self.account, refusal.message, title=refusal.title)
        if isinstance(cause, ssl.SSLError):
            message = f"TLS with {where} failed ({cause.reason or cause}); check homeserver"
            return MatrixError(self.account, message, title="TLS failed")
        if isinstance(error, httpx.TimeoutException):
            message = f"no answer from {where} in time; the sync will resume where it stopped"
        elif isinstance(error, httpx.ConnectError):
            message = f"cannot connect to {where} ({error}); is the address right, the network up?"
        elif isinstance(error, httpx.TransportError):
            message = f"connection to {where} lost ({error}); the sync will resume where it stopped"
        else:
            message = f"request to {where} failed: {type(error).__name__}: {error}"
        return MatrixError(self.account, message, retryable=True, title="Connection lost")

    def _refusal(self, error: ssl.SSLCertVerificationError) -> tls.Refusal:
        """Why the homeserver's certificate was refused (before any request), and how to
        accept it."""
        parts = urlsplit(self.homeserver)
        host, port = parts.hostname or "", parts.port or 443
        der = None
        if not isinstance(error, tls.CertificateChanged):
            der = tls.peer_certificate(host, port, None, min(self._timeout, 10.0))
        table = f'the [[accounts]] table "{self.account}"'
        return tls.refusal_message(error, host, port, der, table)


def matrix_error(response: httpx.Response, limit: int = 200) -> tuple[str, str]:
    """(errcode, error) of a Matrix error answer; ('', a short text) for anything else."""
    try:
        answer = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        answer = None
    if isinstance(answer, dict):
        errcode = answer.get("errcode")
        text = answer.get("error")
        return (
            errcode if isinstance(errcode, str) else "",
            (text if isinstance(text, str) else "")[:limit] or response.reason_phrase,
        )
    return "", response.reason_phrase or f"HTTP {response.status_code}"


def retry_after(response: httpx.Response) -> float:
    """Seconds a 429 asks to wait: retry_after_ms, else Retry-After, else 1; capped."""
    seconds = 1.0
    try:
        answer = response.json()
        milliseconds = answer.get("retry_after_ms") if isinstance(answer, dict) else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        milliseconds = None
    header = response.headers.get("Retry-After", "")
    if isinstance(milliseconds, int | float) and not isinstance(milliseconds, bool):
        seconds = milliseconds / 1000
    elif header.isdigit():
        seconds = float(header)
    return max(0.0, min(seconds, RATE_LIMIT_WAIT))
