"""The checker as the compose screen uses it: ordering, placeholders first, never raising."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from supportdesk_tui.langcheck import checker
from supportdesk_tui.langcheck.base import Person

VONDRACEK = Person("Jan", "Vondráček", "m")


def test_findings_come_sorted_by_position() -> None:
    text = "Vážený pane Vondráček,\n\nVaše objednávka byl odeslán. {{ podpis }}"
    findings = checker.check(text, "cs", VONDRACEK)
    assert [f.code.value for f in findings] == [
        "greeting_case", "agreement", "agreement", "unfilled_placeholder"]  # fmt: skip
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_a_placeholder_in_the_greeting_silences_the_greeting_checks() -> None:
    text = "Vážená pane {{ last_name }},\n\nděkujeme za zprávu."
    findings = checker.check(text, "cs", VONDRACEK)
    assert [f.code.value for f in findings] == ["unfilled_placeholder"]


def test_placeholder_words_are_not_read_as_names() -> None:
    text = "Dear {{ Mr }} Smith,\n\nThanks."
    codes = [f.code.value for f in checker.check(text, "en", Person("Olivia", "Smith", "f"))]
    assert codes == ["unfilled_placeholder"]


def test_a_whole_reply_in_another_language_is_wrong_language() -> None:
    text = (
        "Dobrý den, pane Vondráčku,\n\nThank you for your message. Your order was shipped "
        "yesterday and should arrive tomorrow. We apologise for the delay."
    )
    findings = checker.check(text, "cs", VONDRACEK)
    assert [f.code.value for f in findings] == ["wrong_language"]
    assert "Thank you for your message" in text[findings[0].start : findings[0].end]


def test_serbian_in_the_other_script_is_wrong_script_with_a_transliteration() -> None:
    text = "Здраво Марко,\n\nВаша поруџбина је послата."
    [finding] = checker.check(text, "sr", Person("Marko", "Petrović", "m", "latn"))
    assert finding.code.value == "wrong_script"
    assert finding.suggestion == "Zdravo Marko,\n\nVaša porudžbina je poslata."


def test_serbian_in_the_right_script_passes_the_script_check() -> None:
    text = "Zdravo Marko,\n\nVaša porudžbina je poslata."
    findings = checker.check(text, "sr", Person("Marko", "Petrović", "m", "latn"))
    assert "wrong_script" not in [f.code.value for f in findings]


def test_unknown_language_gets_only_generic_checks() -> None:
    text = "Hallo Herr {{ name }},\n\nVielen Dank."
    assert [f.code.value for f in checker.check(text, "de", VONDRACEK)] == ["unfilled_placeholder"]


def test_vocative_and_salutation_dispatch_to_the_language() -> None:
    assert checker.vocative("cs", "Vondráček", "m", "last") == "Vondráčku"
    assert checker.vocative("sk", "Vondráček", "m", "last") == "Vondráček"
    assert checker.vocative("xx", "Vondráček", "m", "last") == "Vondráček"
    assert (
        checker.salutation("pl", Person("Jadwiga", "Kowalska", "f"), True)
        == "Szanowna Pani Jadwigo,"
    )
    assert checker.salutation("xx", Person("Jan", "Novák", "m"), True) == "Dear Mr Novák,"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=300),
    lang=st.sampled_from([*checker.LANGUAGES, "", "xx", "CS"]),
    first=st.one_of(st.none(), st.text(max_size=12)),
    last=st.one_of(st.none(), st.text(max_size=12)),
    gender=st.sampled_from(["m", "f", None]),
)
def test_never_raises_and_spans_stay_inside_the_text(
    text: str, lang: str, first: str | None, last: str | None, gender: str | None
) -> None:
    person = Person(first, last, gender, "latn")  # type: ignore[arg-type]
    for finding in checker.check(text, lang, person):
        assert 0 <= finding.start <= finding.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(alphabet="PetrNovákJanaČřůěIVONDRÁČEK -'", min_size=1, max_size=12),
    lang=st.sampled_from(checker.LANGUAGES),
)
def test_greetings_with_any_name_never_raise(name: str, lang: str) -> None:
    for opener in ("Vážený pane", "Szanowny Panie", "Dear Mr", "Spoštovani gospod", "Ahoj"):
        checker.check(f"{opener} {name},\n\nText.", lang, Person(name, name, "m"))


def test_langcheck_imports_without_textual() -> None:
    code = (
        "import sys; from supportdesk_tui.langcheck import checker, batch; "
        "assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
