"""A keyring backend for the secrets scan: one JSON file outside the app's directories.

Select it with PYTHON_KEYRING_BACKEND=tests.reliability.file_keyring.FileKeyring and name the
file in SUPPORTDESK_TEST_KEYRING, so `supportdesk matrix-login` in a child process and the
app in the test's own process share it, as they would share the system keyring.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

FILE_ENV = "SUPPORTDESK_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ[FILE_ENV])

    def _read(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._read()
        entries[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._read()
        entries.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(entries), encoding="utf-8")
