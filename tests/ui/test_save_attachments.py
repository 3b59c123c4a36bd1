"""Saving attachments never writes through a file or link that takes a free name's place."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk_tui.filenames import unique_path
from supportdesk_tui.ui.screens import triage


class OneFile:
    """The store's side of saving: one attachment's bytes."""

    async def attachment_data(self, attachment_id: int) -> bytes:
        return b"from a stranger\n"


async def test_a_link_put_in_the_free_names_place_is_not_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    bashrc = tmp_path / ".bashrc"
    bashrc.write_text("original\n")
    found_free: list[Path] = []

    def raced(base: Path, name: str) -> Path:
        """unique_path, with a link to ~/.bashrc made right after the first name was found
        free (as another process could)."""
        path = unique_path(base, name)
        if not found_free:
            path.symlink_to(bashrc)
        found_free.append(path)
        return path

    monkeypatch.setattr(triage, "unique_path", raced)
    saved = await triage.save_attachments(OneFile(), [(1, "notes.txt")], folder, {})  # type: ignore[arg-type]
    assert bashrc.read_text() == "original\n"
    assert [p.name for p in saved] == ["notes (1).txt"]
    assert saved[0].read_bytes() == b"from a stranger\n"
