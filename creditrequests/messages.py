"""The policy engine's findings, notes, routes and evidence lines in the user's language.

`rules/` writes every sentence once, as an English template in `rules.catalogue`, marked for
translation where the rule is (`gettext_noop`, extracted by makemessages). Here the same
template is looked up by code, translated with gettext and filled with the finding's params
shown for the reader: labels translated, dates and UTC times in the active locale's format. A
code without a template, or params that do not fit it, falls back to the rules' English
message: never an error on a page.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from rules import catalogue
from rules.evidence import EVIDENCE_TEXTS
from rules.model import FIELD_LABELS as ENGLISH_FIELD_LABELS
from rules.model import Action, LabelledChoice, PartnerType, Role

# The policy's field labels, translated when shown (the English is in rules.FIELD_LABELS).
FIELD_LABELS = {key: gettext_lazy(label) for key, label in ENGLISH_FIELD_LABELS.items()}


def choices(enum: type[LabelledChoice]) -> list[tuple[str, str]]:
    """A rules enum's (value, label) pairs with the labels translated lazily, for a form."""
    return [(member.value, gettext_lazy(member.label)) for member in enum]


def label(enum: type[LabelledChoice], value: str) -> str:
    """One rules enum value's label in the active language (the value itself if unknown)."""
    try:
        return gettext(enum(value).label)
    except ValueError:
        return value


def finding_text(finding) -> str:
    """A rules.Finding (problem or warning) in the active language."""
    params = dict(getattr(finding, "params", None) or {})
    try:
        template = catalogue.finding_template(finding.code, params.get("variant", ""))
    except KeyError:
        return finding.message
    return _fill(template, params, finding.message)


def note_text(note) -> str:
    """A rules.Note (an explanation beside the verdict) in the active language."""
    template = catalogue.NOTES.get(getattr(note, "code", None))
    return _fill(template, dict(getattr(note, "params", None) or {}), str(note))


def route_text(route) -> str:
    """A rules.Route's message (where the request goes instead) in the active language."""
    template = catalogue.NOTES.get(f"route_{route.process.value}")
    return _fill(template, dict(route.params or {}), route.message)


def evidence_text(item) -> str:
    """One line of a rule set's evidence checklist in the active language."""
    text = EVIDENCE_TEXTS.get(getattr(item, "code", None))
    return gettext(text) if text is not None else str(item)


def moment_text(moment: datetime) -> str:
    """A UTC moment as the pages show it: date in the locale's format, then HH:MM UTC."""
    moment = moment.astimezone(UTC)
    clock = moment.strftime("%H:%M" if moment.second == 0 else "%H:%M:%S")
    return gettext("%(date)s, %(time)s UTC") % {
        "date": date_filter(moment.date(), "DATE_FORMAT"),
        "time": clock,
    }


def time_left_text(act_by: datetime, now: datetime | None = None) -> str:
    """What is left of a window in days and hours ("2 days 10 hours"), or that it has closed."""
    seconds = int((act_by - (now or timezone.now())).total_seconds())
    if seconds < 0:
        return gettext("closed")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return ngettext("%(days)d day", "%(days)d days", days) % {"days": days} + (
            " " + ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
            if hours
            else ""
        )
    if hours:
        return ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
    minutes = max(rest // 60, 1)
    return ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}


@dataclass(frozen=True)
class SelfServiceClock:
    """A self-service window (cancel or reduce seats in Partner Center) as pages show it: the
    moment in words, the time left, whether it has closed, and what to do."""

    moment: str
    time_left: str
    closed: bool
    reduce_seats: bool
    refund: str = ""

    @classmethod
    def of(
        cls, action: str, act_by: datetime, now: datetime, refund: str = ""
    ) -> "SelfServiceClock":
        """The clock for a next step `action` (a rules.Action value) that ends at `act_by`."""
        return cls(
            moment=moment_text(act_by),
            time_left=time_left_text(act_by, now),
            closed=act_by < now,
            reduce_seats=action == Action.REDUCE_SEATS_IN_PARTNER_CENTER,
            refund=refund,
        )


def _fill(template, params: dict, english: str) -> str:
    if template is None:
        return english
    try:
        values = _display_values(params)
        if isinstance(template, catalogue.Plural):
            text = ngettext(template.singular, template.plural, int(values[template.count]))
        else:
            text = gettext(template)
        return text % values
    except (KeyError, ValueError, TypeError):
        return english


def _display_values(params: Mapping[str, str]) -> dict:
    """The params as shown: labels and phrases translated, dates and times formatted.

    Raises KeyError or ValueError for a param it cannot show (the caller falls back).
    """
    values: dict = {}
    for key, value in params.items():
        if key in catalogue.DATE_PARAMS:
            values[key] = date_filter(date.fromisoformat(value), "DATE_FORMAT")
        elif key in catalogue.MOMENT_PARAMS:
            values[key] = moment_text(datetime.fromisoformat(value.replace("Z", "+00:00")))
        elif key in ("field", "start_field"):
            text = gettext(ENGLISH_FIELD_LABELS[value])
            values[key] = text if key == "field" else text.lower()
        elif key == "why":
            values[key] = gettext(catalogue.REASONS[value]) if value else ""
        elif key == "role":
            values[key] = gettext(Role(value).label)
        elif key == "partner_type":
            values[key] = gettext(PartnerType(value).label)
        elif key == "allowed_roles":
            phrase = catalogue.PHRASES.get((key, value))
            if phrase is None:
                labels = [gettext(Role(role).label) for role in value.split(",")]
                values[key] = gettext(" or ").join(labels)
            else:
                values[key] = gettext(phrase)
        elif (key, value) in catalogue.PHRASES:
            values[key] = gettext(catalogue.PHRASES[(key, value)])
        elif key in ("users", "days", "hours", "months"):
            values[key] = int(value)
        else:
            values[key] = value
    return values
