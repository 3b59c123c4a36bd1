"""Where an IMAP folder's sync stands: `uidvalidity:last_uid:highestmodseq[:resync]`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FolderCursor:
    uidvalidity: int
    last_uid: int = 0
    """Every message up to this UID is in the cache."""
    modseq: int = 0
    """Flags and expunges up to this HIGHESTMODSEQ are in the cache; 0: unknown."""
    resyncing: bool = False
    """UIDVALIDITY changed: the folder is fetched again, cached messages found by Message-ID."""

    def encode(self) -> str:
        text = f"{self.uidvalidity}:{self.last_uid}:{self.modseq}"
        return text + ":resync" if self.resyncing else text

    @classmethod
    def decode(cls, text: str | None) -> FolderCursor | None:
        """None (sync the folder from the start) for a missing or unreadable cursor."""
        if not text:
            return None
        parts = text.split(":")
        try:
            numbers = [int(part) for part in parts[:3]]
        except ValueError:
            return None
        if len(numbers) != 3 or min(numbers) < 0 or len(parts) > 4:
            return None
        if len(parts) == 4 and parts[3] != "resync":
            return None
        return cls(numbers[0], numbers[1], numbers[2], resyncing=len(parts) == 4)
