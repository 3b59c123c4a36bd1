"""Polish greetings: 'Szanowny Panie Zbigniewie', 'Szanowna Pani Jadwigo', 'Cześć Piotrze'.

Sources: Wielki słownik poprawnej polszczyzny PWN (2004), "wołacz"; Poradnia językowa PWN
(sjp.pwn.pl/poradnia, M. Bańko, "Panie Nowak czy Panie Nowaku?"). Rules used:
- A first name after Pan/Pani takes the vocative ("Panie Tomaszu", "Pani Jadwigo"); the
  nominative there is an error.
- Without a title or adjective, the nominative ("Cześć Piotr") is colloquial and widely
  accepted: tolerated. After "Drogi"/"Szanowny" it is not ("Drogi Piotrze").
- A surname after Pan/Pani may stay in the nominative ("Szanowny Panie Kowalski", "Panie
  Nowak") or take the vocative ("Panie Nowaku"): both are accepted by the norm; only a form
  of the wrong gender ("Pani Kowalski") is flagged.
- The nominative titles "Pan"/"Szanowny Pan" do not open a letter: "Szanowny Panie".
Vocatives come from Morfeusz 2 (SGJP dictionary, names tagged 'imię'/'nazwisko'); a name
Morfeusz does not know is not judged.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from supportdesk_tui.langcheck import agreement_pl
from supportdesk_tui.langcheck.base import Finding, Person
from supportdesk_tui.langcheck.common import fold, keep_case
from supportdesk_tui.langcheck.greeting import Rules, Title, check_greeting

Gender = Literal["m", "f"]
Part = Literal["first", "last"]

_ADJECTIVES = {"szanowny": "m", "szanowna": "f", "szanowni": "pl", "drogi": "m", "droga": "f",
               "drodzy": "pl", "kochany": "m", "kochana": "f"}  # fmt: skip
_ADJECTIVE_FORMS = {
    "szanowny": {"f": "szanowna"}, "szanowna": {"m": "szanowny"},
    "szanowni": {"m": "szanowny", "f": "szanowna"}, "drogi": {"f": "droga"},
    "droga": {"m": "drogi"}, "drodzy": {"m": "drogi", "f": "droga"},
    "kochany": {"f": "kochana"}, "kochana": {"m": "kochany"},
}  # fmt: skip
_TITLES = {
    "panie": Title("m", {"m": "Panie", "f": "Pani"}),
    "pani": Title("f", {"m": "Panie", "f": "Pani"}),
    "pan": Title("m", {"m": "Panie", "f": "Pani"}, wrong_case=True),
}
_FOREIGN = {
    "pane": ("Czech", "Panie"), "paní": ("Czech", "Pani"), "pán": ("Slovak", "Panie"),
    "vážený": ("Czech or Slovak", "Szanowny"), "vážená": ("Czech or Slovak", "Szanowna"),
    "dobrý": ("Czech or Slovak", None), "den": ("Czech", None), "deň": ("Slovak", None),
}  # fmt: skip


@cache
def _morfeusz() -> Any:
    import morfeusz2

    return morfeusz2.Morfeusz()


@cache
def _vocatives(name: str, gender: Gender, part: Part) -> tuple[str, ...]:
    """Singular vocatives of name for that gender, from the SGJP; () if unknown."""
    wanted_gender = "m1" if gender == "m" else "f"
    qualifier = "imię" if part == "first" else "nazwisko"
    forms: list[str] = []
    for form, _lemma, tag, qualifiers, _ in _morfeusz().generate(name):
        fields = tag.split(":")
        if len(fields) < 4 or "voc" not in fields[2] or "sg" not in fields[1]:
            continue
        if wanted_gender in fields[3].split(".") and qualifier in qualifiers:
            forms.append(keep_case(form, name))
    return tuple(dict.fromkeys(forms))


def _regular_vocative(name: str, gender: Gender | None) -> str | None:
    """Feminine -a -> -o for names Morfeusz lacks ('Olena' -> 'Oleno'); -ia/-ja vary
    ('Maria' -> 'Mario' but 'Kasia' -> 'Kasiu'), so they are not guessed."""
    lowered = name.casefold()
    if gender == "f" and lowered.endswith("a") and not lowered.endswith(("ia", "ja")):
        return name[:-1] + "o"
    return None


def vocative(name: str, gender: Gender | None, part: Part) -> str:
    """First names: the vocative; surnames: the nominative (what the norm prefers in writing)."""
    if not name or gender is None or part == "last":
        return name
    found = _vocatives(name, gender, part)
    return found[0] if found else (_regular_vocative(name, gender) or name)


def infer_gender(person: Person) -> Gender | None:
    """From -ska/-cka/-dzka vs -ski/-cki/-dzki surnames, else the first name's SGJP gender."""
    last = (person.last_name or "").casefold()
    if last.endswith(("ska", "cka", "dzka")):
        return "f"
    if last.endswith(("ski", "cki", "dzki")):
        return "m"
    first = person.first_name or ""
    if not first:
        return None
    genders = {g for g in ("m", "f") if _vocatives(first, g, "first")}
    return genders.pop() if len(genders) == 1 else None  # type: ignore[return-value]


def _expected(name: str, gender: Gender | None, part: Part, after_title: bool) -> str | None:
    if gender is None:
        return None
    if part == "last":
        return name
    known = _vocatives(name, gender, part) or _regular_vocative(name, gender)
    return vocative(name, gender, part) if known else None


def _tolerated(written: str, name: str, gender: Gender | None, after_title: bool) -> bool:
    """'Cześć Piotr' without a title; a man's 'Panie Nowaku' beside 'Panie Nowak'; a
    hypocoristic vocative ('Antku' for Antoni, 'Małgosiu' for Małgorzata)."""
    if fold(written) == fold(name):
        return not after_title
    if gender is not None and _is_vocative(written, gender):
        return True
    if gender != "m":
        return False
    return any(fold(written) == fold(v) for v in _vocatives(name, "m", "last"))


def _is_vocative(word: str, gender: Gender) -> bool:
    """word is, in the SGJP, a singular vocative of some name or person noun of that gender."""
    genders = ("m1", "m2", "m3") if gender == "m" else ("f",)
    for _s, _e, (_form, _lemma, tag, qualifiers, _) in _morfeusz().analyse(word):
        fields = tag.split(":")
        if len(fields) < 4 or "voc" not in fields[2].split(".") or fields[1] != "sg":
            continue
        if any(g in fields[3].split(".") for g in genders) and "nazwa_geograficzna" not in (
            qualifiers
        ):
            return True
    return False


_VOCATIVE_ENDINGS = ("ie", "e", "u", "o")


def _malformed(written: str, name: str) -> bool:
    """A form Morfeusz does not know made of the name and a vocative ending, with or without
    its mobile e: 'Pawłe' (Pawle), 'Adame' (Adamie), 'Jacke' (Jacku)."""
    w, n = fold(written), fold(name)
    ending = next((e for e in _VOCATIVE_ENDINGS if w.endswith(e)), None)
    if ending is None:
        return False
    stem = w[: -len(ending)]
    no_mobile_e = n[:-2] + n[-1:] if len(n) > 3 and n[-2] == "e" else n
    if stem not in (n, no_mobile_e):
        return False
    return all(tag == "ign" for _s, _e, (_f, _l, tag, _q, _) in _morfeusz().analyse(written))


RULES = Rules(
    lang="pl",
    adjectives=_ADJECTIVES,
    adjective_forms=_ADJECTIVE_FORMS,
    titles=_TITLES,
    foreign=_FOREIGN,
    expected_name=_expected,
    tolerated_name=_tolerated,
    malformed_name=_malformed,
    infer_gender=infer_gender,
    adjective_like_title=True,
)


def check(text: str, person: Person) -> list[Finding]:
    return check_greeting(text, person, RULES) + agreement_pl.check(text, _morfeusz())


def salutation(person: Person, formal: bool) -> str:
    gender = person.gender or infer_gender(person)
    first = vocative(person.first_name or "", gender, "first")
    if formal:
        if gender is None:
            return "Dzień dobry,"
        title = "Szanowny Panie" if gender == "m" else "Szanowna Pani"
        return f"{title} {first}," if first else f"{title},"
    return f"Cześć {first}," if first else "Cześć,"
