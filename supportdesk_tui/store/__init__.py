"""The local SQLite cache."""

from .batch import ApplyResult
from .lookups import SubjectIndex
from .store import Store

__all__ = ["ApplyResult", "Store", "SubjectIndex"]
