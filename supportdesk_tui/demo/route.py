"""The demo's replies: the shop and agent they are filled for, and how they 'leave'.

How replies 'leave' in the demo: there is no mail server, so a sent reply only joins its
thread (the app says so when it is sent). Everything before that, the outbox, the undo
window, the review, is the real thing."""

from __future__ import annotations

from ..config import AgentConfig, Config, ShopConfig
from ..domain.outbox import OutboxEntry
from .people import AGENTS, SUPPORT_ADDRESS


class DemoRoute:
    async def send(self, entry: OutboxEntry) -> None:
        return None

    async def keep_copy(self, entry: OutboxEntry) -> None:
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
