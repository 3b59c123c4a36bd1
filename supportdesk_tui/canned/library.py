"""Template files: TOML front matter between `+++` lines, then the Jinja2 body.

    +++
    id = "refund-cs"
    case = "refund"
    language = "cs"
    title = "Vrácení peněz"
    keywords = ["peníze", "vrácení", "refund"]
    +++
    {{ customer | salutation }}
    ...

The shipped set lives in `shipped/`; the user's folders (config) come after it, and a
template with the same id replaces the shipped one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SupportDeskError

SHIPPED = Path(__file__).parent / "shipped"
FENCE = "+++"
SCRIPTS = ("latn", "cyrl")


class TemplateError(SupportDeskError):
    title = "Canned reply error"


@dataclass(frozen=True)
class CannedReply:
    id: str
    case: str
    language: str
    title: str
    body: str
    keywords: tuple[str, ...] = ()
    script: str | None = None
    """Serbian only: the script the text is written in ("latn" or "cyrl")."""
    source: str = ""
    """Where it was read from, for messages: a path."""
    body_line: int = 1
    """Line of `source` where the body starts, so render errors can name the file's line."""


def parse_reply(text: str, source: str) -> CannedReply:
    """One template file's text; a TemplateError says which file and what is wrong."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise TemplateError(f"{source}:1: a template starts with a '{FENCE}' line (front matter)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise TemplateError(f"{source}: the front matter has no closing '{FENCE}' line") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{source}: front matter: {error}") from error
    return _reply(meta, "\n".join(lines[end + 1 :]), source, end + 2)


def _reply(meta: dict[str, object], body: str, source: str, body_line: int) -> CannedReply:
    def text(key: str, required: bool = True) -> str | None:
        value = meta.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise TemplateError(f'{source}: front matter needs {key} = "..."')
        return value.strip()

    keywords = meta.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise TemplateError(f"{source}: keywords must be a list of strings")
    script = text("script", required=False)
    if script is not None and script not in SCRIPTS:
        raise TemplateError(f"{source}: script must be one of {', '.join(SCRIPTS)}")
    unknown = sorted(set(meta) - {"id", "case", "language", "title", "keywords", "script"})
    if unknown:
        raise TemplateError(f"{source}: unknown front matter key {', '.join(unknown)}")
    return CannedReply(
        id=str(text("id")), case=str(text("case")), language=str(text("language")).lower(),
        title=str(text("title")), body=body.strip("\n") + "\n", keywords=tuple(keywords),
        script=script, source=source, body_line=body_line,
    )  # fmt: skip


def load_folder(folder: Path) -> tuple[list[CannedReply], list[TemplateError]]:
    """Every `*.md` below folder, in name order; a broken file is reported, the rest load."""
    replies: list[CannedReply] = []
    errors: list[TemplateError] = []
    for path in sorted(folder.rglob("*.md")):
        try:
            replies.append(parse_reply(path.read_text(encoding="utf-8"), str(path)))
        except TemplateError as error:
            errors.append(error)
        except (OSError, UnicodeDecodeError) as error:
            errors.append(TemplateError(f"{path}: cannot read: {error}"))
    return replies, errors


def load_library(
    folders: tuple[Path, ...] | list[Path] = (), shipped: bool = True
) -> tuple[dict[str, CannedReply], list[TemplateError]]:
    """The shipped set, then the user's folders: a later template replaces one with its id."""
    library: dict[str, CannedReply] = {}
    errors: list[TemplateError] = []
    for folder in ([SHIPPED] if shipped else []) + list(folders):
        if not folder.is_dir():
            errors.append(TemplateError(f"{folder}: no such folder of canned replies"))
            continue
        replies, broken = load_folder(folder)
        errors += broken
        library.update((reply.id, reply) for reply in replies)
    return library, errors
