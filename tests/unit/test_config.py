from datetime import date, time
from pathlib import Path

import pytest

from supportdesk_tui.config import Config, business_hours, load, parse
from supportdesk_tui.domain.metrics import BusinessHours
from supportdesk_tui.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_loads_and_documents_every_key() -> None:
    example = ROOT / "config.example.toml"
    config = load(example)
    assert config.ui.timezone == "UTC"
    text = example.read_text()
    sections = {"agent": config.agent, "ui": config.ui, "cache": config.cache,
                "reports": config.reports}  # fmt: skip
    for section, model in sections.items():
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


def test_reports_hours_become_the_shops_business_hours() -> None:
    config = parse(
        '[ui]\ntimezone = "Europe/Prague"\n\n[reports]\nopens = "07:30"\ncloses = "16:00"\n'
        'weekdays = ["mon", "sat"]\nholidays = [2026-12-24]\nrepeat_window_days = 14\n'
    )
    assert business_hours(config) == BusinessHours(
        timezone="Europe/Prague",
        start=time(7, 30),
        end=time(16, 0),
        weekdays=frozenset({0, 5}),
        holidays=frozenset({date(2026, 12, 24)}),
        always=False,
    )
    assert config.reports.repeat_window_days == 14


def test_default_reports_hours_are_weekdays_nine_to_five() -> None:
    hours = business_hours(Config())
    assert (hours.start, hours.end, hours.weekdays) == (time(9), time(17), frozenset(range(5)))
    assert not hours.always and hours.timezone == "UTC"


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ('opens = "9"', "not a time of day"),
        ('closes = "24:00"', "not a time of day"),
        ('opens = "18:00"', "closes (17:00) must be later than opens (18:00)"),
        ('weekdays = ["monday"]', "reports.weekdays.0"),
        ("weekdays = []", "reports.weekdays"),
        ('holidays = ["christmas"]', "reports.holidays.0"),
        ("repeat_window_days = 0", "reports.repeat_window_days"),
    ],
)
def test_bad_reports_values_are_refused_with_the_key(table: str, named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(f"[reports]\n{table}\n", source="c.toml")
    assert named in caught.value.message
