"""One rule for text people type, the rule the Details text already follows (rules/details.py).

A character is accepted when Python calls it printable (`str.isprintable`), and spaces of
every width are accepted as spaces. Everything else is refused with a message, never
silently dropped: control characters (C0, DEL, C1), the line and paragraph separators
U+2028/U+2029, and invisible formatting characters such as bidi overrides (U+202E turns
"gnp.exe" into "exe.png" on screen), zero-width spaces and joiners, and the BOM. Text of
several lines (descriptions, comments) may also hold tabs and line breaks.

Used by the wizard's text fields, the draft forms, services.py and import_drafts, so that
what is stored can be shown in lists, CSV, the calendar feed and mails as it is.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LINE_BREAKS_AND_TAB = frozenset("\t\n\r")

CONTROL = "control"
FORMATTING = "formatting"

MESSAGES = {
    CONTROL: _(
        "Remove the invisible control characters from this answer "
        "(they are often copied along from other programs)."
    ),
    FORMATTING: _(
        "Remove the invisible formatting characters from this answer, such as "
        "right-to-left marks or zero-width spaces (they can make text look different "
        "from what it is)."
    ),
}


class TextRefused(ValueError):
    """Text with a character the rule refuses; `kind` is CONTROL or FORMATTING."""

    def __init__(self, kind: str):
        super().__init__(str(MESSAGES[kind]))
        self.kind = kind

    @property
    def message(self) -> str:
        return str(MESSAGES[self.kind])


def refused_kind(text: str, *, multiline: bool = False) -> str | None:
    """CONTROL or FORMATTING for the first character the rule refuses; None if all pass."""
    if text.isprintable():  # nearly every value: one C-level check
        return None
    for char in text:
        if char.isprintable() or (multiline and char in LINE_BREAKS_AND_TAB):
            continue
        category = unicodedata.category(char)
        if category == "Zs":
            continue  # a space of another width (no-break, thin, ideographic)
        return CONTROL if category in ("Cc", "Zl", "Zp") else FORMATTING
    return None


def check_text(text: str, *, multiline: bool = False) -> str:
    """The text unchanged, or TextRefused naming what kind of character it holds."""
    kind = refused_kind(text, multiline=multiline)
    if kind:
        raise TextRefused(kind)
    return text


def shown_safely(text: str) -> str:
    """The text without the characters the rule refuses, for data stored before it.

    Lists, CSV, the calendar feed and mails show drafts through this, so that text saved
    before the rule (or put in by other means) cannot reorder or hide what is shown.
    Tabs and line breaks are kept: each output escapes them its own way.
    """
    if text.isprintable():
        return text
    return "".join(
        char
        for char in text
        if char.isprintable() or char in LINE_BREAKS_AND_TAB or unicodedata.category(char) == "Zs"
    )


def validate_single_line(value: str) -> None:
    """Django validator: the rule for text of one line (names, references, ticket numbers)."""
    kind = refused_kind(value or "")
    if kind:
        raise ValidationError(MESSAGES[kind], code=f"{kind}_characters")


def validate_multiline(value: str) -> None:
    """Django validator: the rule for text of several lines (comments, reasons)."""
    kind = refused_kind(value or "", multiline=True)
    if kind:
        raise ValidationError(MESSAGES[kind], code=f"{kind}_characters")
