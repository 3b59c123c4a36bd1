"""Single words of a neighbouring language inside a reply: 'Спасибо' in Ukrainian, 'уже' in
Bulgarian, 'і' in Russian.

The core's language identification judges whole texts and paragraphs; a lone word slips
through it. Only positive markers count, never a guess:
- letters a language does not have (Ukrainian has no ы э ъ ё nor 'ь' before a vowel;
  Bulgarian no ы э ё and 'ь' only before 'о'; Russian no і ї є ґ and 'ъ' only before е ё ю я;
  Serbian Cyrillic none of these);
- short lists of frequent words that exist in one language and not the other.
Quoted lines ('> ...'), capitalised words inside a sentence (names, brands) and short name
lines (a signature) are not judged by their letters.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from supportdesk_tui.langcheck._salute import starts_sentence
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, keep_case, tokenize, word_set

_RUSSIAN_LETTERS = re.compile(r"[ыэъё]|ь[аеиуюяєії]")
_NOT_BULGARIAN = re.compile(r"[ыэё]|ь[^о\W]")
_NOT_RUSSIAN = re.compile(r"[іїєґ]|ъ[^еёюя\W]")
_NOT_SERBIAN = re.compile(r"[ыэъёйщяюєіїґ]")

# Not 'уже': Ukrainian writes 'уже' after a consonant ('Товар уже на складі'), 'вже' after a vowel.
_RUSSIAN_IN_UKRAINIAN = {
    "спасибо": "дякую", "пожалуйста": "будь ласка", "здравствуйте": "добрий день",
    "сегодня": "сьогодні", "заказ": "замовлення", "заказа": "замовлення", "посылка": "посилка",
    "посылку": "посилку", "посылки": "посилки", "двух": "двох",
    "рабочих": "робочих", "дней": "днів", "будет": "буде", "его": "його", "это": "це",
    "что": "що", "или": "або", "течение": "протягом", "отправлен": "відправлено",
    "отправлена": "відправлена", "доставит": "доставить", "который": "який",
    "когда": "коли", "всегда": "завжди", "также": "також", "очень": "дуже", "нужно": "потрібно",
    "если": "якщо", "где": "де", "здесь": "тут", "сообщим": "повідомимо", "ждём": "чекаємо",
}  # fmt: skip
_RUSSIAN_IN_BULGARIAN = {
    "спасибо": "благодаря", "пожалуйста": "моля", "здравствуйте": "здравейте",
    "сегодня": "днес", "уже": "вече", "его": "го", "это": "това", "что": "че", "дней": "дни",
    "двух": "два", "рабочих": "работни", "течение": "рамките", "будет": "ще бъде",
    "заказ": "поръчка", "посылка": "пратка", "отправлен": "изпратен", "доставит": "ще достави",
}  # fmt: skip
_UKRAINIAN_IN_RUSSIAN = {
    "дякую": "спасибо", "що": "что", "вже": "уже", "замовлення": "заказ", "посилка": "посылка",
    "посилку": "посылку", "ви": "вы", "днів": "дней", "або": "или", "буде": "будет",
    "днес": "сегодня", "якщо": "если", "завжди": "всегда", "дуже": "очень", "теж": "тоже",
    "також": "также",
}  # fmt: skip
_NAMES = {"ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "sr": "Serbian"}
_TABLES: dict[str, tuple[re.Pattern[str], dict[str, str], str]] = {
    "uk": (_RUSSIAN_LETTERS, _RUSSIAN_IN_UKRAINIAN, "Russian"),
    "bg": (_NOT_BULGARIAN, _RUSSIAN_IN_BULGARIAN, "Russian"),
    "ru": (_NOT_RUSSIAN, _UKRAINIAN_IN_RUSSIAN, "Ukrainian or Bulgarian"),
    "sr": (_NOT_SERBIAN, {}, "Russian, Ukrainian or Bulgarian"),
}
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff'’\-]+")
_STOP_WORDS = word_set("а и в с к у о")


def foreign_words(
    text: str, lang: str, known: Callable[[str], bool] | None = None
) -> list[Finding]:
    """wrong_language findings for words of another language; known(word) marks words to keep."""
    letters, words, other = _TABLES[lang]
    out: list[Finding] = []
    for tok in _candidates(text):
        low = tok.lower
        if low in _STOP_WORDS or (known is not None and known(low)):
            continue
        if low in words or (letters.search(low) and not _name_line(text, tok)):
            fix = words.get(low)
            msg = f"'{tok.text}' is not {_NAMES[lang]} ({other})."
            suggestion = keep_case(fix, tok.text) if fix else None
            out.append(Finding(Code.WRONG_LANGUAGE, msg, tok.start, tok.end, suggestion))
    return out


def _name_line(text: str, tok: Token) -> bool:
    """A short capitalised line ('Наталья', 'Дарья Ким'): a signature, spelled as its owner does."""
    start = text.rfind("\n", 0, tok.start) + 1
    end = text.find("\n", tok.end)
    line = text[start : len(text) if end < 0 else end]
    return tok.is_capitalised and len(line.split()) <= 3


def _candidates(text: str) -> list[Token]:
    """Cyrillic words outside quoted lines; capitalised ones only at a sentence start."""
    out = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith(">"):
            for tok in tokenize(text, offset, offset + len(line)):
                if not _CYRILLIC_WORD.fullmatch(tok.text):
                    continue
                if tok.is_capitalised and not starts_sentence(text, tok.start):
                    continue
                out.append(tok)
        offset += len(line)
    return out
