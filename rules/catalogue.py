"""Every sentence the rules say to a person, written once: the catalogue of English templates.

A rule module registers its templates next to the rule that uses them, marked with
`gettext_noop` / `ngettext_noop` (no-op markers: Django's `makemessages` extracts them, nothing
here imports Django). `rules/` fills a template with English values for the CLI and the Details
text; the web app looks the same template up by code, translates it and fills it with values in
the user's language. One place to change a sentence, one place to translate it.

Templates use Python's %-format with named placeholders (`%(deadline)s`); a literal percent
sign is written `%%`. Param values are strings; dates are ISO (YYYY-MM-DD), moments ISO UTC.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


def gettext_noop(message: str) -> str:
    """Mark an English template for translation; returns it unchanged."""
    return message


@dataclass(frozen=True, slots=True)
class Plural:
    """A template with a singular and a plural form; the param named `count` picks the form."""

    singular: str
    plural: str
    count: str

    def pick(self, number: int) -> str:
        """The English form for a number (the web app asks gettext's plural rules instead)."""
        return self.singular if number == 1 else self.plural


def ngettext_noop(singular: str, plural: str, count: str) -> Plural:
    """Mark a plural template for translation (makemessages keyword `ngettext_noop:1,2`)."""
    return Plural(singular, plural, count)


Template = str | Plural

# (code, variant) -> template for problems and warnings; variant "" is the code's usual wording.
FINDINGS: Final[dict[tuple[str, str], Template]] = {}
# note code -> template, for the explanations beside a verdict.
NOTES: Final[dict[str, Template]] = {}
# reason code -> sentence, for the "why" of missing_field and missing_evidence.
REASONS: Final[dict[str, str]] = {}
# phrase kind -> value -> words, for lists rendered inside a template (the roles that may file).
PHRASES: Final[dict[tuple[str, str], str]] = {}

# Params holding a calendar date (YYYY-MM-DD) or a moment (YYYY-MM-DDTHH:MM:SSZ): shown as
# dates and times in the reader's language.
DATE_PARAMS = frozenset(
    {"date", "today", "start_date", "deadline", "purchase_date", "incident_date", "suspension_date"}
)
MOMENT_PARAMS = frozenset({"act_by", "closed_at", "window_start", "moment", "now", "start_moment"})

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def register(
    *,
    findings: Mapping[tuple[str, str], Template] | None = None,
    notes: Mapping[str, Template] | None = None,
    reasons: Mapping[str, str] | None = None,
    phrases: Mapping[tuple[str, str], str] | None = None,
) -> None:
    """Add a module's templates to the catalogue. Raises ValueError for a key registered twice."""
    for table, entries in (
        (FINDINGS, findings),
        (NOTES, notes),
        (REASONS, reasons),
        (PHRASES, phrases),
    ):
        for key, template in (entries or {}).items():
            if key in table:
                raise ValueError(f"catalogue key registered twice: {key!r}")
            table[key] = template


def placeholders(template: Template) -> frozenset[str]:
    """The param names a template uses (both forms of a plural)."""
    if isinstance(template, Plural):
        return frozenset(_PLACEHOLDER.findall(template.singular + template.plural))
    return frozenset(_PLACEHOLDER.findall(template))


def finding_template(code: str, variant: str = "") -> Template:
    """The template for a finding code and variant. Raises KeyError for an unknown pair."""
    return FINDINGS[(code, variant)]


def fill(template: Template, values: Mapping[str, object]) -> str:
    """A template filled with display values (plural form picked by the count value)."""
    if isinstance(template, Plural):
        template = template.pick(int(str(values[template.count])))
    return template % values
