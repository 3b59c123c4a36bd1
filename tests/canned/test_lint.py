"""`supportdesk templates lint` through the real command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FRONT = '+++\nid = "refund-cs"\ncase = "refund"\nlanguage = "cs"\ntitle = "Vrácení peněz"\n+++\n'
GOOD = (
    "{{ customer | salutation }}\n\npeníze za objednávku č. {{ order.number }} jsme Vám dnes "
    "poslali zpět na účet.\n\nS pozdravem\n{{ agent.name }}\n{{ shop.name }}\n"
)
# Written for one man: wrong for a woman, the name not in the vocative, no name at all.
FOR_ONE_MAN = "Vážený pane {{ customer.last_name }},\n\npeníze jsme Vám poslali zpět.\n"


def lint(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "refund.md").write_text(FRONT + body, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "supportdesk_tui", "--config", str(tmp_path / "none.toml"),
         "templates", "lint", "--no-shipped", "--folder", str(folder)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_a_reply_right_for_every_customer_is_clean(tmp_path: Path) -> None:
    result = lint(tmp_path, GOOD)
    assert (result.returncode, result.stdout) == (0, "")
    assert "1 canned replies, 0 problems" in result.stderr


def test_a_reply_written_for_one_man_is_caught_for_the_others(tmp_path: Path) -> None:
    result = lint(tmp_path, FOR_ONE_MAN)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert all(line.startswith(str(tmp_path / "replies" / "refund.md")) for line in lines)
    assert any("[female]" in line and "'Vážená'" in line for line in lines)
    assert any("[male]" in line and "'Němče'" in line for line in lines)
    assert any("[no name] needs a value: customer.last_name" in line for line in lines)
