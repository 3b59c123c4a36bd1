"""What the app is given from outside: where the cache is, the clock, the agent, the demo switch.

One `Services` serves the CLI, the demo and the tests (which pass ':memory:' and a fixed clock).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import paths
from .canned.orders import Order, OrderFile
from .compose.context import find_order
from .compose.outgoing import Identity
from .config import Config
from .connectors.base import Connector
from .domain.models import ConversationDetail, Status
from .domain.queue import QueueFilter
from .outbox import ReplyRoute
from .store import Store
from .store.cachelock import CacheLock
from .store.salvage import Rebuilt

EVERYTHING = QueueFilter(statuses=frozenset(Status))

Progress = Callable[[int, int], None]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    store_path: str
    """SQLite file, or ':memory:'."""
    agent_id: str = "me"
    agent_name: str = "Me"
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    clock: Callable[[], datetime] = system_clock
    demo: bool = False
    """Fill an empty cache with the bundled demo conversations."""
    connectors: list[Connector] = field(default_factory=list)
    """One per configured account; not connected until the first sync."""
    our_addresses: frozenset[str] = frozenset()
    routes: dict[str, ReplyRoute] = field(default_factory=dict)
    """Account name -> how its replies leave (SMTP and the Sent folder)."""
    identities: dict[str, Identity] = field(default_factory=dict)
    """Account name -> who its replies are from."""
    orders_file: Path | None = None
    _orders: OrderFile | None = None
    _lock: CacheLock | None = None
    rebuilt: Rebuilt | None = None
    """The cache was just moved aside: what was salvaged goes into the new one at open."""

    @classmethod
    def from_config(cls, config: Config, *, demo: bool = False) -> Services:
        path = config.cache.path or paths.cache_database(demo=demo)
        agent_id = "eva" if demo else config.agent.id
        agent_name = "Eva" if demo else config.agent.name
        connectors: list[Connector] = []
        if config.accounts and not demo:
            from .connectors.registry import build_connectors  # imported only with accounts

            connectors = build_connectors(config)
        ours = {config.agent.email.lower()} if config.agent.email else set()
        routes: dict[str, ReplyRoute] = {}
        identities: dict[str, Identity] = {}
        if demo:
            from .demo import MAIL_ACCOUNT, OUR_ADDRESSES
            from .demo.route import DemoRoute

            routes[MAIL_ACCOUNT] = DemoRoute()
            identities[MAIL_ACCOUNT] = Identity(MAIL_ACCOUNT, agent_name, min(OUR_ADDRESSES))
        elif config.accounts:
            from .connectors.registry import build_routes

            routes = build_routes(config)
            identities = {
                account.name: Identity(account.name, config.agent.name, account.from_address)
                for account in config.accounts
                if account.name in routes
            }
        return cls(
            store_path=str(path),
            agent_id=agent_id,
            agent_name=agent_name,
            zone=config.zone,
            demo=demo,
            connectors=connectors,
            our_addresses=frozenset(ours),
            routes=routes,
            identities=identities,
            orders_file=config.canned.orders,
        )

    def now(self) -> datetime:
        return self.clock()

    def order_for(self, detail: ConversationDetail) -> Order | None:
        """The order a conversation is about, from the shop's order file (or the demo's).
        OrderFileError if the configured file cannot be read."""
        if self._orders is None:
            if self.demo:
                from .demo.orders import demo_orders

                self._orders = demo_orders(self.now().astimezone(self.zone).date())
            elif self.orders_file is not None:
                self._orders = OrderFile.load(self.orders_file)
            else:
                return None
        return find_order(detail, self._orders)

    def lock_cache(self, role: str) -> None:
        """Hold the cache's lock file as `role` (store/cachelock.py) until unlock_cache;
        CacheInUse when another process has it."""
        if self.store_path == ":memory:" or (self._lock is not None and self._lock.held):
            return
        self._lock = CacheLock.acquire(self.store_path, role)

    def unlock_cache(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def rebuild_cache(self, role: str) -> Rebuilt:
        """Move the (damaged) cache aside under the lock and salvage what the agents wrote
        from it; the next open_store starts a new cache and carries it in. Blocking."""
        self.lock_cache(role)
        self.rebuilt = Store.move_aside_and_salvage(self.store_path)
        return self.rebuilt

    async def open_store(
        self, progress: Progress | None = None, *, role: str | None = None
    ) -> Store:
        """Open (and migrate) the cache; on first demo start, fill it. `role`: hold the
        cache's lock as that (the app, a sync) first."""
        if self.store_path != ":memory:":
            Path(self.store_path).parent.mkdir(parents=True, exist_ok=True)
        if role is not None:
            self.lock_cache(role)
        store = await Store.open(self.store_path)
        try:
            if self.demo and await store.count_queue(EVERYTHING, self.now()) == 0:
                from .demo import load_demo  # the demo content is only imported when asked for

                await load_demo(store, self.now(), progress=progress)
            if self.rebuilt is not None:
                # After the demo is in (it has no sync to bring conversations back later),
                # so what was salvaged from the old demo cache finds its conversations.
                await store.adopt_salvage(self.rebuilt)
                self.rebuilt = None
        except BaseException:
            await store.close()
            raise
        return store
