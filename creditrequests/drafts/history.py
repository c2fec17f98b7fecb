"""A draft's history as people read it: who, when, what happened, and what changed.

Labels and values are the ones the person saw (the wizard's answer labels, "Microsoft
reviews the claim" rather than `review`), in the reader's language. A save that changed
nothing visible is not an entry. A review comment or a reason for closing belongs to its
event (returned, approved, closed) and stays there: it is never shown as deleted when
the next review replaces it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creditrequests.messages import label, moment_text
from creditrequests.models import CloseReason, CreditRequestDraft
from creditrequests.services import FILE_ATTACHED, FILE_REMOVED, MOVES
from rules.model import Action as RulesAction

from .answers import ANSWER_LABELS, answer_value
from .verdicts import OUTCOME_LABELS

HISTORY_LIMIT = 100

# Bookkeeping columns people do not need to see change.
_NOT_SHOWN = {
    "id",
    "public_id",
    "organisation",
    "owner",
    "reviewed_by",
    "version",
    "current_step",
    "completed_steps",
    "unsaved_input",  # the wizard's input kept as typed: its own business, not a change
    "evaluated_on",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
    # These belong to their event (see _event_text), never to a list of changes.
    "review_comment",
    "close_reason",
    "close_note",
}
# Columns that copy an answer for the lists (CreditRequestDraft.set_answers), by the
# answer's key: when the answer changed too, its own change says it in the wizard's words.
_COPIED_FROM_ANSWERS = {
    "credit_type": "credit_type",
    "customer_name": "customer_name",
    "customer_tenant_id": "tenant_id",
    "reference": "partner_reference",
    "amount": "amount",
    "currency": "currency",
}
# Shown by the event itself ("Submitted for review"), so not repeated as a change.
_SHOWN_BY_EVENTS = {"status"}
# Long texts: say they changed, the page shows the current text.
_SUMMARISED = {"details_text"}

_EVENT_LABELS = {
    "Submitted for review": gettext_lazy("Submitted for review"),
    "Approved": gettext_lazy("Approved"),
    "Returned for changes": gettext_lazy("Returned for changes"),
    "Filed with Microsoft": gettext_lazy("Filed with Microsoft"),
    "Closed: credited": gettext_lazy("Closed: credited"),
    "Closed: refused": gettext_lazy("Closed: refused"),
    "Withdrawn from review": gettext_lazy("Withdrawn from review"),
    "Closed without filing": gettext_lazy("Closed without filing"),
    "Reopened": gettext_lazy("Reopened"),
    "Handed over": gettext_lazy("Handed over"),
}
assert set(_EVENT_LABELS) == {move.history_reason for move in MOVES.values()}

# Events that are not moves: evidence files (the reason ends with the file's name) and a
# draft made from an outage batch.
_FILE_EVENTS = {
    FILE_ATTACHED: gettext_lazy("Evidence file attached"),
    FILE_REMOVED: gettext_lazy("Evidence file removed"),
}
_OTHER_EVENTS = {"Made from an outage batch": gettext_lazy("Made from an outage batch")}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    event: str
    changes: list[Change] = field(default_factory=list)
    comment: str = ""  # the review comment or the note on closing, as written then
    detail: str = ""  # e.g. the reason for closing


def draft_history(draft: CreditRequestDraft, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The newest `limit` history entries of a draft, newest first, each with its changes."""
    records = list(
        draft.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        is_move = record.history_change_reason in _EVENT_LABELS
        changes = (
            _changes(previous, record, hide=_SHOWN_BY_EVENTS if is_move else set())
            if previous is not None
            else []
        )
        if previous is not None and not changes and not record.history_change_reason:
            continue  # a save that changed nothing anyone sees
        comment, detail = _event_text(record)
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_person(record.history_user),
                event=_event(record),
                changes=changes,
                comment=comment,
                detail=detail,
            )
        )
    return entries


def _event_text(record) -> tuple[str, str]:
    """(comment, detail) that belong to a move: the review comment, the reason for closing."""
    reason = record.history_change_reason
    if reason in ("Returned for changes", "Approved"):
        return record.review_comment, ""
    if reason == "Handed over":
        return "", _("To %(person)s, who owns the draft from now on.") % {
            "person": _person(record.owner)
        }
    for prefix in _FILE_EVENTS:
        if reason and reason.startswith(prefix):
            return "", reason.removeprefix(prefix)
    if reason == "Closed without filing":
        label = dict(CloseReason.choices).get(record.close_reason, record.close_reason)
        return record.close_note, str(label)
    return "", ""


def _person(user) -> str:
    if user is None:
        return _("System")
    return user.get_full_name() or user.username


def _event(record) -> str:
    if record.history_change_reason in _EVENT_LABELS:
        return str(_EVENT_LABELS[record.history_change_reason])
    for prefix, event in _FILE_EVENTS.items():
        if record.history_change_reason and record.history_change_reason.startswith(prefix):
            return str(event)
    if record.history_change_reason in _OTHER_EVENTS:
        return str(_OTHER_EVENTS[record.history_change_reason])
    if record.history_change_reason:
        return record.history_change_reason
    return {"+": _("Created"), "-": _("Deleted")}.get(record.history_type, _("Edited"))


def _changes(old, new, *, hide=frozenset()) -> list[Change]:
    changes = []
    for model_field in CreditRequestDraft._meta.concrete_fields:
        if model_field.name in _NOT_SHOWN or model_field.name in hide:
            continue
        if _answer_changed(old, new, _COPIED_FROM_ANSWERS.get(model_field.name)):
            continue
        before = getattr(old, model_field.attname, None)
        after = getattr(new, model_field.attname, None)
        if before == after:
            continue
        label = str(_FIELD_LABELS.get(model_field.name, model_field.verbose_name))
        if model_field.name == "answers":
            changes.extend(_answer_changes(before or {}, after or {}))
        elif model_field.name in _SUMMARISED:
            changes.append(Change(label[:1].upper() + label[1:], "", _("updated")))
        else:
            changes.append(
                Change(
                    label[:1].upper() + label[1:],
                    _display(model_field, before),
                    _display(model_field, after),
                )
            )
    return changes


def _answer_changed(old, new, key: str | None) -> bool:
    """Whether the answer `key` differs between two records (False without answers)."""
    before, after = getattr(old, "answers", None), getattr(new, "answers", None)
    if key is None or not isinstance(before, dict) or not isinstance(after, dict):
        return False
    return before.get(key) != after.get(key)


def _answer_changes(before: dict, after: dict) -> list[Change]:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [Change(_("Answers"), "", _("updated"))]
    changes = []
    keys = [key for key in ANSWER_LABELS if key in before or key in after]
    keys += sorted(key for key in set(before) | set(after) if key not in ANSWER_LABELS)
    for key in keys:
        if key in _HIDDEN_ANSWERS or before.get(key) == after.get(key):
            continue
        old, new = answer_value(key, before.get(key)), answer_value(key, after.get(key))
        if old != new:
            label = ANSWER_LABELS.get(key) or key.replace("_", " ").capitalize()
            changes.append(Change(str(label), old, new))
    return changes


# Bookkeeping the wizard keeps with the answers; not something the person answered.
_HIDDEN_ANSWERS = {"today", "rule_set", "details_max_length"}


# Fields whose model label is not a word a person reads (no verbose_name of its own).
_FIELD_LABELS = {"eligible": gettext_lazy("Eligible")}


def _display(model_field, value: Any) -> str:
    if value in (None, ""):
        return ""
    if model_field.name == "outcome":
        return str(OUTCOME_LABELS.get(value, value))
    if model_field.name == "action":
        return label(RulesAction, value)
    if model_field.name == "act_by" and isinstance(value, datetime):
        return moment_text(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2)
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value)
    return str(value)
