"""Serbian and Croatian names in address: which forms are right, which are clearly wrong.

Rules (Stanojčić & Popović, Gramatika srpskog jezika, vokativ; Barić et al., Hrvatska
gramatika § vokativ; Klajn, Rečnik jezičkih nedoumica, "prezimena"):
- Female surnames never decline: 'gospođo Jovanović'; 'gospođo Jovanoviću' is wrong.
- Male -ić surnames take -iću: 'gospodine Petroviću'. Serbian norm flags the nominative
  'gospodine Petrović'. Croatian usage 'gospodine Horvat', 'gospodine Kovačević' (nominative
  surname in address) is widespread in business letters and accepted by the Institut za hrvatski
  jezik, so Croatian never flags a nominative surname, only an oblique case ('Horvata').
- Male surnames on a soft consonant ('Kovač', 'Kralj') take -u like -ić: 'gospodine Kovaču'
  (Serbian flags the nominative; Croatian, as above, does not).
- Other male surnames: only oblique forms (genitive 'Horvata', instrumental 'Horvatom') are
  flagged; 'Novak'/'Novače'/'Novaku' all occur in address.
- Male first names: the vocative comes from deklinacija ('Milane', 'Petre', 'Miloše' is
  wrong, 'Milošu' right). Only native names are flagged in the nominative: foreign names
  ('John', 'Kevin') are often left undeclined. Names in -o/-e keep their form ('Marko');
  men's names in -ica take -ice ('Dragi Ivice').
- Female first names: 'Ana'/'Jelena' or 'Jeleno' both occur, so only oblique forms
  ('Draga Ane', 'Draga Anu') are flagged. Names in -ica take -ice ('Draga Milice'); the
  nominative ('Zdravo, Milica!', 'Bok, Zorica!') is common in speech, but the written norm
  (Pravopis; Klajn) and both test sets' stance is the vocative, so it is flagged, also after
  an informal greeting; not before a surname ('Poštovana Milica Petrović').
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from supportdesk_tui.langcheck.common import word_set
from supportdesk_tui.langcheck.scripts import serbian_letters

Sex = Literal["m", "f"]
Variant = Literal["sr", "hr"]

_NATIVE_MALE = word_set(
    "aleksandar andrej antun anton bogdan bojan boris božidar čedomir dalibor damir "
    "danijel davor dejan dragan dragutin dražen dušan goran gordan grgur igor ivan jakov "
    "jovan josip kristijan lazar marijan marin martin matej milan milorad miloš milovan "
    "milutin mladen momir nenad novak ognjen petar predrag radovan srđan stefan stevan "
    "stjepan svetozar uroš vedran vid vladan vukašin vuk zlatan zoran filip dominik tin "
    "bernard zvonimir nikolaj robert valentin ljubomir mihael mirjan jasmin emir adnan "
    "teodor viktor leon patrik damjan velimir tihomir krunoslav vojin dragoljub dragomir "
    "radoslav miroslav vladislav vojislav stanislav branislav tomislav berislav miodrag "
    "slobodan radomir rajko zvonko jure duje roko"
)
# Men's names ending in a vowel: their vocative is the name itself or -o (not judged).
_MALE_VOWEL = word_set(
    "luka nikola andrija ilija kosta sava matija jakša ivica perica jovica nikica stipica "
    "mića pera đura vlada joca aca gavra toma mija laza steva sima jova bora žika miša raša "
    "nemanja strahinja ljubiša siniša nebojša dragiša radiša marko darko mirko slavko branko "
    "željko žarko zdravko veljko vlatko ranko ratko milenko ante stipe mate šime frane hrvoje "
    "đorđe pavle vasilije danilo dimitrije đuro ivo pero jozo ljubo aleksa bruno karlo "
    "dario mario toni nino kruno miloje radoje dobrivoje mihajlo mihailo"
)
_COMMON = word_set("saša vanja sasha ljuba slava mika")
_NATIVE_SUFFIXES = ("slav", "mir", "dan", "drag", "ljub", "bor", "rad", "van")
_FEMALE = word_set(
    "ana marija jelena ivana milica maja jovana katarina tamara dragana snežana vesna "
    "mirjana ljiljana gordana biljana sanja jasna sandra tijana nataša danijela petra "
    "martina lucija ema mia sara lana nina dora iva mila anja teodora kristina andrea "
    "jasmina nevena valentina zorica slađana branka svetlana ružica mara kata željka marina "
    "tanja sonja dunja nada nadežda olivera radmila ljubica milena mirela nikolina ivona "
    "antonija josipa ankica anica vera zora zlata danica jelica desanka stana stanka slavica "
    "gabrijela helena lea laura nika klara matea karla ena tea paula magdalena marta tena "
    "lorena hana jana una katja kaja tara vida vedrana višnja sabina amra emina lejla aida "
    "azra merima selma ines nives doris karmen dijana diana irena ivanka anđela aleksandra "
    "jovanka bojana dragica milka smiljana ljubinka dušanka stojanka milunka neda mina "
    "milana lidija julija sofija natalija emilija valerija suzana silvija snježana renata "
    "romana zdenka đurđa đurđica vlasta blanka mirna maša"
)


@cache
def _deklinacija() -> Any:
    """Imported on first use: it reads its name table (a CSV) when imported."""
    import deklinacija

    return deklinacija


_PALATAL = ("č", "ć", "š", "ž", "đ", "j", "lj", "nj", "dž")


def latin(word: str) -> str:
    return str(_deklinacija().toLatin(word)) if word and not word.isascii() else word


def is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def in_script(form: str, like: str) -> str:
    """form in like's script; to Cyrillic through serbian_letters ('Kubelková' -> 'Кубелкова')."""
    return str(_deklinacija().toCyrillic(serbian_letters(form))) if is_cyrillic(like) else form


def infer_sex(first_name: str | None) -> Sex | None:
    """From a common native first name only; 'Saša' and foreign names give None."""
    name = latin(first_name or "").casefold()
    if name in _NATIVE_MALE or name in _MALE_VOWEL:
        return "m"
    if name in _FEMALE:
        return "f"
    return None


def _dek(name: str, sex: Sex) -> str:
    try:
        dek = _deklinacija()
        return str(dek.vokativ(name, dek.Gender.MALE if sex == "m" else dek.Gender.FEMALE))
    except (ValueError, KeyError, IndexError):  # too short or characters it does not know
        return name


def _genitive(name: str) -> str:
    try:
        dek = _deklinacija()
        return str(dek.genitiv(name, dek.Gender.MALE))
    except (ValueError, KeyError, IndexError):
        return name + "a"


def native_male(name: str) -> bool:
    low = name.casefold()
    return low in _NATIVE_MALE or (len(low) > 4 and low.endswith(_NATIVE_SUFFIXES))


def preferred(name: str, sex: Sex | None, part: Literal["first", "last"], variant: Variant) -> str:
    """The form to suggest (Latin): vocative where the norm wants one, else the name."""
    low = name.casefold()
    if sex is not None and part == "first" and low.endswith("ica"):
        return name[:-1] + "e"  # Ivica -> Ivice, Milica -> Milice
    if sex != "m" or low[-1:] in "aeiou":
        return name
    if part == "last":
        return name + "u" if low.endswith(_PALATAL) else name
    return _dek(name, "m")


def judge(
    word: str,
    name: str,
    sex: Sex | None,
    part: Literal["first", "last"],
    variant: Variant,
    *,
    full: bool,
) -> str | None:
    """The suggestion when word is a wrong address form of name (both Latin), else None.

    full: the first name is followed by the surname ('Poštovani Ivan Horvat').
    """
    w, n = word.casefold(), name.casefold()
    if sex is None or len(n) < 3:
        return None
    best = preferred(name, sex, part, variant)
    if sex == "f" and part == "first" and w == n and n.endswith("ica") and not full:
        return best  # 'Zdravo, Milica' -> 'Milice': the written norm, also informally
    if sex == "f":
        return _judge_female(w, n, part, name)
    if part == "last":
        return _judge_male_surname(w, n, variant, best)
    if w == n:
        native = native_male(name) or n.endswith("ica")
        needs = native and best.casefold() != n and not (variant == "hr" and full)
        return best if needs else None
    if n[-1] in "aeiou" or w == best.casefold():
        return None
    stem = _genitive(name)[:-1].casefold()
    oblique = {stem + "a", stem + "om", stem + "em"}
    return best if w in oblique else None


def _judge_female(w: str, n: str, part: str, name: str) -> str | None:
    if w == n or n[-1] in "aeiou" and part == "last":
        return None
    if part == "last":
        return name  # female surnames ending in a consonant never decline
    if not n.endswith("a"):
        return None
    stem = n[:-1]
    accepted = {stem + "o", _dek(name, "f").casefold()}
    oblique = {stem + "e", stem + "u", stem + "i", stem + "om"} - accepted
    return name if w in oblique else None


def _judge_male_surname(w: str, n: str, variant: Variant, best: str) -> str | None:
    if n[-1] in "aeiou" or n.endswith(("ski", "ški", "čki", "cki")):
        return None
    if n.endswith(_PALATAL):  # -ić, -ač, -aš, -alj ...: vocative -u (Petroviću, Kovaču)
        right = {n + "u"} | ({n} if variant == "hr" else set())
        wrong = {n, n + "a", n + "e", n + "em", n + "om", n + "i"}
        return best if w not in right and w in wrong else None
    stem = _genitive(n)[:-1]
    return best if w in {stem + "a", stem + "om", stem + "em"} else None
