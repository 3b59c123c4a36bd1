"""Fixtures shared by the connector tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from supportdesk_tui.store import Store


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    """A fresh cache in memory."""
    opened = await Store.open(":memory:")
    yield opened
    await opened.close()
