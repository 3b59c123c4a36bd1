"""The local SQLite cache."""

from .batch import ApplyResult
from .store import Store

__all__ = ["ApplyResult", "Store"]
