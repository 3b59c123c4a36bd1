from pathlib import Path

import pytest

from supportdesk_tui.config import Config, load, parse
from supportdesk_tui.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_loads_and_documents_every_key() -> None:
    example = ROOT / "config.example.toml"
    config = load(example)
    assert config.ui.timezone == "UTC"
    text = example.read_text()
    for section, model in (("agent", config.agent), ("ui", config.ui), ("cache", config.cache)):
        assert f"[{section}]" in text
        for key in type(model).model_fields:
            assert key in text, f"{section}.{key} is not documented in config.example.toml"
    assert "[keymap]" in text


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load(tmp_path / "nope.toml") == Config()


def test_typo_names_key_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse(
            '[agent]\nid = "eva"\n\n[ui]\ntheme = "nord"\ntimezon = "Europe/Prague"\n',
            source="c.toml",
        )
    assert "c.toml:6" in caught.value.message
    assert "ui.timezon" in caught.value.message
    assert "unknown key" in caught.value.message


def test_bad_toml_is_reported_with_position() -> None:
    with pytest.raises(ConfigError) as caught:
        parse('[ui]\ntheme = "nord\n', source="c.toml")
    assert "c.toml" in caught.value.message and "line 2" in caught.value.message


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        parse('[ui]\ntimezone = "Mars/Olympus"\n')
    assert "Mars/Olympus" in caught.value.message


def test_keymap_is_kept() -> None:
    config = parse('[keymap]\n"queue.down" = "n,down"\n')
    assert config.keymap == {"queue.down": "n,down"}
