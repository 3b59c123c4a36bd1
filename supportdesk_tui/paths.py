"""Where things live on disk: config, cache database, logs (XDG via platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_log_path

APP_NAME = "supportdesk"


def config_file() -> Path:
    return user_config_path(APP_NAME) / "config.toml"


def cache_database(demo: bool = False) -> Path:
    """The SQLite cache. The demo has its own, so it never mixes with real mail."""
    return user_cache_path(APP_NAME) / ("demo.sqlite3" if demo else "cache.sqlite3")


def log_file() -> Path:
    return user_log_path(APP_NAME) / "supportdesk.log"
