"""Canned replies: saved answers loaded from template files and filled in a sandbox. No Textual."""

from .library import CannedReply, TemplateError, load_folder, load_library, parse_reply
from .render import MissingValue, RenderValues, render

__all__ = [
    "CannedReply",
    "MissingValue",
    "RenderValues",
    "TemplateError",
    "load_folder",
    "load_library",
    "parse_reply",
    "render",
]
