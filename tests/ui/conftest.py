"""Fixtures that build the real app on a copy of the demo cache, with a fixed clock and size."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from supportdesk_tui.compose.outgoing import Identity
from supportdesk_tui.config import Config
from supportdesk_tui.domain.outbox import OutboxEntry
from supportdesk_tui.errors import SendError
from supportdesk_tui.services import Services
from supportdesk_tui.ui.app import SupportDeskApp, build_app

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SIZE = (140, 40)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def demo_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, generated once per run through the same path the app takes on first start."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    services = Services(
        store_path=str(path), agent_id="eva", agent_name="Eva", clock=Clock(), demo=True
    )

    async def build() -> None:
        store = await services.open_store()
        await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
def cache_file(demo_cache: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "cache.sqlite3"
    shutil.copy(demo_cache, copy)
    return copy


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_app(cache_file: Path, clock: Clock) -> Callable[..., SupportDeskApp]:
    def make(config: Config | None = None, path: Path | None = None) -> SupportDeskApp:
        services = Services(
            store_path=str(path or cache_file),
            agent_id="eva",
            agent_name="Eva",
            clock=clock,
            demo=False,
        )
        return build_app(config or Config(), services=services)

    return make


REPLY_ACCOUNT = "demo-mail"


class RecordingRoute:
    """Takes replies as an SMTP server would, or refuses them with the given error."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes, str, tuple[str, ...]]] = []
        self.copies: list[bytes] = []
        self.refuse: SendError | None = None

    async def send(self, entry: OutboxEntry) -> None:
        if self.refuse is not None:
            raise self.refuse
        self.sent.append((entry.raw, entry.sender, entry.recipients))

    async def keep_copy(self, entry: OutboxEntry) -> None:
        self.copies.append(entry.raw)


@pytest.fixture
def route() -> RecordingRoute:
    return RecordingRoute()


@pytest.fixture
def make_reply_app(
    cache_file: Path, clock: Clock, route: RecordingRoute
) -> Callable[..., SupportDeskApp]:
    """The app on the demo cache with a demo account that sends through `route`."""

    def make(config: Config | None = None) -> SupportDeskApp:
        services = Services(
            store_path=str(cache_file), agent_id="eva", agent_name="Eva", clock=clock, demo=True,
            routes={REPLY_ACCOUNT: route},
            identities={
                REPLY_ACCOUNT: Identity(REPLY_ACCOUNT, "Eva Horáková", "support@shop.example")
            },
        )  # fmt: skip
        return build_app(config or Config(), services=services)

    return make
