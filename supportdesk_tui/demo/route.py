"""The demo's replies: the shop and agent they are filled for, and how they 'leave'.

How replies 'leave' in the demo: there is no mail server, so a sent reply only joins its
thread (the app says so when it is sent). Everything before that, the outbox, the undo
window, the review, is the real thing."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import AgentConfig, Config, ShopConfig
from .people import AGENTS, SUPPORT_ADDRESS


class DemoRoute:
    async def send(self, raw: bytes, sender: str, recipients: Sequence[str]) -> None:
        return None

    async def keep_copy(self, raw: bytes) -> None:
        return None


def demo_config(config: Config) -> Config:
    """The config the demo's replies are filled from: its shop and its agent, Eva."""
    shop = ShopConfig(
        name="Demo Shop",
        url="https://shop.example",
        email=SUPPORT_ADDRESS,
        return_address="Demo Shop s.r.o.\nSkladová 12\n110 00 Praha",
    )
    agent = AgentConfig(id="eva", name=AGENTS["eva"].full_name, email=SUPPORT_ADDRESS)
    return config.model_copy(update={"shop": shop, "agent": agent})
