"""Findings and notes built from the catalogue: the code, its params, and the English message.

`finding()` and `note()` are the only way rules/ makes a sentence for a person: they look the
template up in rules.catalogue (so a code without a template fails at once, in tests) and fill
it with English values. The web app fills the same template in the user's language from the
same params (creditrequests/messages.py).
"""

from collections.abc import Mapping

from rules import catalogue
from rules.model import FIELD_LABELS, Finding, Note, PartnerType, Role

catalogue.register(
    phrases={
        ("allowed_roles", "admin_agent,global_admin"): catalogue.gettext_noop(
            "an Admin agent or Global admin"
        ),
        ("allowed_roles", "admin_agent"): catalogue.gettext_noop("an Admin agent"),
    }
)


def finding(field: str | None, code: str, variant: str = "", **params: object) -> Finding:
    """A problem or warning on `field` (None: the whole request), worded by its template.

    Params are stored as strings (dates ISO); `field` and a non-empty `variant` are added to
    them, so the web app can pick and fill the same template. Raises KeyError for a code and
    variant with no template.
    """
    values = {key: str(value) for key, value in params.items()}
    if field is not None:
        values.setdefault("field", field)
    if variant:
        values["variant"] = variant
    template = catalogue.finding_template(code, variant)
    return Finding(field, code, catalogue.fill(template, english_values(values)), values)


def note(code: str, **params: object) -> Note:
    """An explanation beside the verdict, worded by its template. Raises KeyError if unknown."""
    values = {key: str(value) for key, value in params.items()}
    return Note(code, catalogue.fill(catalogue.NOTES[code], english_values(values)), values)


def english_values(params: Mapping[str, str]) -> dict[str, str]:
    """Params as the English text shows them: field names as labels, codes as words."""
    values = dict(params)
    for key, value in params.items():
        if key == "field":
            values[key] = FIELD_LABELS.get(value, value)
        elif key == "start_field":
            values[key] = FIELD_LABELS.get(value, value).lower()
        elif key == "why":
            values[key] = catalogue.REASONS[value] if value else ""
        elif key == "role":
            values[key] = Role(value).label
        elif key == "partner_type":
            values[key] = PartnerType(value).label
        elif key == "allowed_roles":
            values[key] = allowed_roles_phrase(value)
        elif key in catalogue.MOMENT_PARAMS:
            values[key] = moment_words(value)
        elif (key, value) in catalogue.PHRASES:
            values[key] = catalogue.PHRASES[(key, value)]
    return values


def moment_words(text: str) -> str:
    """A moment param (YYYY-MM-DDTHH:MM:SSZ) in English words: 2026-12-02 10:00 UTC."""
    day, _, clock = text.rstrip("Z").partition("T")
    return f"{day}, {clock if not clock.endswith(':00') else clock[:5]} UTC"


def allowed_roles_phrase(roles: str) -> str:
    """The roles that may file (comma-separated values) as words with their article."""
    phrase = catalogue.PHRASES.get(("allowed_roles", roles))
    if phrase is not None:
        return phrase
    words = " or ".join(Role(role).label for role in roles.split(","))
    return f"{'an' if words[:1].lower() in 'aeiou' else 'a'} {words}"
