"""Everything `import_drafts` checks before it writes a single row.

An export file is data from outside: it may be damaged, edited by hand or crafted. Each
draft and each history row is checked field by field (type, length, choices, dates,
bounded numbers and nesting), then as a whole (a status the workflow can reach, answers
the rules can read, a reviewer who is not the owner), then against the database (the
owner and the reviewer belong to the draft's organisation). The first problem found stops
the import with one line naming the draft, the row and the field; nothing is written.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from creditrequests.evaluation import request_date
from rules.json_input import InputError

from .evaluation import answers_to_request, is_evaluable
from .evidence_files import backup as file_backup
from .models import AWAITING_FILING, CreditRequestDraft, DraftStatus, User
from .text import refused_kind

MAX_DRAFTS = 1_000_000
MAX_HISTORY_ROWS = 10_000
MAX_VERSION = 1_000_000
MAX_JSON_DEPTH = 4  # answers hold a list of domains at most: {"tenant_domains": [...]}
MAX_JSON_ITEMS = 2_000
MAX_COMPLETED_STEPS = 50
EARLIEST, LATEST = date(2000, 1, 1), date(2199, 12, 31)
HISTORY_TYPES = {"+", "~", "-"}
# Answers copied into one-line columns (CreditRequestDraft.set_answers).
SINGLE_LINE_ANSWERS = {"customer_name", "partner_reference", "tenant_id", "currency"}


class ImportRefused(Exception):
    """One problem in the file, as one line naming the draft, the row and the field."""


class _Where:
    def __init__(self, index: int, record: Any, row: int | None = None):
        public_id = record.get("public_id") if isinstance(record, dict) else None
        self.label = f"draft {index + 1}"
        if isinstance(public_id, str) and len(public_id) <= 36:
            self.label += f" ({public_id})"
        if row is not None:
            self.label += f", history row {row + 1}"

    def refuse(self, field: str | None, problem: str) -> ImportRefused:
        where = f"{self.label}, field {field!r}" if field else self.label
        return ImportRefused(_one_line(f"{where}: {problem}"))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- one value ---------------------------------------------------------------------------


def _json_shape_problem(value: Any) -> str | None:
    """Why a JSON value is nested too deeply or too big (iterative: no recursion)."""
    stack, items = [(value, 1)], 0
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict | list):
            if depth > MAX_JSON_DEPTH:
                return f"nested deeper than {MAX_JSON_DEPTH} levels"
            children = current.values() if isinstance(current, dict) else current
            items += len(current)
            if items > MAX_JSON_ITEMS:
                return f"has more than {MAX_JSON_ITEMS} items"
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(current, float) and not math.isfinite(current):
            return "holds a number that is not finite"
    return None


def _check_date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError(f"expected a date as text (YYYY-MM-DD), got {_shown(value)}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a date (YYYY-MM-DD)") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{value} is outside {EARLIEST.year}-{LATEST.year}")
    return day


def _check_datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"expected a date and time as text (ISO 8601), got {_shown(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a date and time (ISO 8601)") from None
    if moment.tzinfo is None:
        raise ValueError(f"{value} has no time zone (the export writes UTC, +00:00)")
    if not EARLIEST <= moment.date() <= LATEST:
        raise ValueError(f"{value} is outside {EARLIEST.year}-{LATEST.year}")
    return moment


def _check_decimal(field: models.DecimalField, value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(f'expected an amount as text ("1250.00"), got {_shown(value)}')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{_shown(value)} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{_shown(value)} is not an amount of 0 or more")
    try:
        for validator in field.validators:
            validator(amount)
    except ValidationError:
        raise ValueError(
            f"{_shown(value)} has more than {field.max_digits} digits or "
            f"{field.decimal_places} decimals"
        ) from None
    return amount


def check_value(field: models.Field, value: Any) -> Any:
    """The value as Python, or ValueError saying what is wrong with it."""
    if value is None:
        if field.null:
            return None
        raise ValueError("must not be empty (null)")
    if field.is_relation:
        if not isinstance(value, str) or not value or len(value) > 200:
            raise ValueError(f"expected a name or username, got {_shown(value)}")
        return value
    if isinstance(field, models.JSONField):
        problem = _json_shape_problem(value)
        if problem:
            raise ValueError(problem)
        return value
    if isinstance(field, models.BooleanField):
        if not isinstance(value, bool):
            raise ValueError(f"expected true, false or null, got {_shown(value)}")
        return value
    if isinstance(field, models.IntegerField):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"expected a whole number, got {_shown(value)}")
        if not 0 <= value <= MAX_VERSION:
            raise ValueError(f"{_shown(value)} is outside 0-{MAX_VERSION}")
        return value
    if isinstance(field, models.DecimalField):
        return _check_decimal(field, value)
    if isinstance(field, models.DateTimeField):
        return _check_datetime(value)
    if isinstance(field, models.DateField):
        return _check_date(value)
    if isinstance(field, models.UUIDField):
        try:
            if isinstance(value, str):
                return UUID(value)
        except ValueError:
            pass
        raise ValueError(f"{_shown(value)} is not a UUID")
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {_shown(value)}")
        if field.max_length and len(value) > field.max_length:
            raise ValueError(f"is longer than {field.max_length} characters")
        choices = [str(choice) for choice, _ in field.flatchoices]
        if choices and value not in choices and not (field.blank and value == ""):
            raise ValueError(f"{_shown(value)} is not one of: {', '.join(choices)}")
        if "\x00" in value:
            raise ValueError("holds a NUL character")
        return value
    return value


def check_text_rule(values: dict, where: _Where) -> None:
    """The site's text rule (creditrequests.text) on a draft's text, as the forms apply it.

    One-line columns (CharField) may hold no control, line-break or invisible formatting
    characters; longer text (TextField) and the answers may also hold line breaks and tabs.
    History rows are not held to it: they record what was stored at the time.
    """
    for field in CreditRequestDraft._meta.concrete_fields:
        value = values.get(field.name)
        if isinstance(value, str) and (
            kind := refused_kind(value, multiline=isinstance(field, models.TextField))
        ):
            raise where.refuse(field.name, f"holds {kind} characters the site refuses")
    answers = values["answers"]
    for key, value in answers.items():
        if isinstance(value, str) and (
            kind := refused_kind(value, multiline=key not in SINGLE_LINE_ANSWERS)
        ):
            raise where.refuse("answers", f"{key!r} holds {kind} characters the site refuses")


# Fields added after exports were first written: an older export lacks them.
ADDED_LATER = frozenset({"unsaved_input"})


def check_row(model, fields, record: Any, where: _Where) -> dict[str, Any]:
    """Every field of one draft or history row, as Python values."""
    if not isinstance(record, dict):
        raise where.refuse(None, f"expected an object, got {_shown(record)}")
    values = {}
    for field in fields:
        if field.name not in record:
            if field.name in ADDED_LATER:
                # An export from before this field existed: the field's default.
                values[field.name] = field.get_default()
                continue
            raise where.refuse(field.name, "is missing")
        try:
            values[field.name] = check_value(field, record[field.name])
        except ValueError as error:
            raise where.refuse(field.name, str(error)) from None
    return values


# --- one draft as a whole ----------------------------------------------------------------


def check_answers(values: dict, where: _Where) -> None:
    answers, status = values["answers"], values["status"]
    if not isinstance(answers, dict):
        raise where.refuse("answers", f"expected an object, got {_shown(answers)}")
    if not isinstance(values["completed_steps"], list) or not all(
        isinstance(step, str) and len(step) <= 64 for step in values["completed_steps"]
    ):
        raise where.refuse("completed_steps", "expected a list of step names")
    if len(values["completed_steps"]) > MAX_COMPLETED_STEPS:
        raise where.refuse("completed_steps", f"has more than {MAX_COMPLETED_STEPS} steps")
    if not is_evaluable(answers):
        if status != DraftStatus.DRAFT:
            raise where.refuse("answers", f"lack credit_type, role or partner_type ({status})")
        return
    try:
        answers_to_request(
            answers,
            today=values["evaluated_on"] or request_date(),
            rule_set=values["rule_set_version"] or None,
        )
    except (InputError, ValueError, TypeError, KeyError) as error:
        raise where.refuse("answers", f"the rules cannot read them: {error}") from None


def check_workflow(values: dict, where: _Where) -> None:
    """A status the workflow can reach, with the facts each status implies."""
    status = values["status"]
    if status == DraftStatus.DRAFT:
        return
    if values["eligible"] is not True or not values["details_text"].strip():
        raise where.refuse("status", f"{status} needs an eligible draft with a Details text")
    reviewed = status not in (DraftStatus.DRAFT, DraftStatus.READY_FOR_REVIEW)
    if reviewed and not values["reviewed_by"]:
        raise where.refuse("reviewed_by", f"a draft that is {status} needs its reviewer")
    if values["reviewed_by"] and values["reviewed_by"] == values["owner"]:
        raise where.refuse("reviewed_by", "the reviewer is the draft's owner")
    if status in AWAITING_FILING:
        return
    if not values["partner_center_ticket"] or values["filed_on"] is None:
        raise where.refuse("filed_on", f"a draft that is {status} needs its ticket and date")
    reviewed_at = values["reviewed_at"]
    if reviewed_at is not None and values["filed_on"] < timezone.localdate(reviewed_at):
        raise where.refuse("filed_on", "is before the draft was approved")
    if status == DraftStatus.CLOSED and not values["closed_result"]:
        raise where.refuse("closed_result", "a closed draft needs its result")


def check_history(record: dict, index: int, history_model, fields, version: int) -> None:
    history = record.get("history", [])
    where = _Where(index, record)
    if not isinstance(history, list):
        raise where.refuse("history", f"expected a list of rows, got {_shown(history)}")
    if len(history) > MAX_HISTORY_ROWS:
        raise where.refuse("history", f"has more than {MAX_HISTORY_ROWS} rows")
    for number, row in enumerate(history):
        row_where = _Where(index, record, number)
        values = check_row(history_model, fields, row, row_where)
        if values["history_type"] not in HISTORY_TYPES:
            raise row_where.refuse("history_type", "is not one of +, ~, -")
        if str(values["public_id"]) != str(record["public_id"]):
            raise row_where.refuse("public_id", "differs from the draft's")
        if values["version"] > version:
            raise row_where.refuse("version", "is newer than the draft itself")


def check_file(drafts: list, draft_fields, history_model, history_fields) -> None:
    """Every check that needs no database; ImportRefused at the first problem."""
    if len(drafts) > MAX_DRAFTS:
        raise ImportRefused(f"The file has more than {MAX_DRAFTS} drafts.")
    seen: dict[str, int] = {}
    for index, record in enumerate(drafts):
        where = _Where(index, record)
        values = check_row(CreditRequestDraft, draft_fields, record, where)
        public_id = str(values["public_id"])
        if public_id in seen:
            raise where.refuse("public_id", f"is also draft {seen[public_id] + 1}'s")
        seen[public_id] = index
        if values["version"] < 1:
            raise where.refuse("version", "must be 1 or more")
        check_answers(values, where)
        check_text_rule(values, where)
        check_workflow(values, where)
        check_history(record, index, history_model, history_fields, values["version"])
        file_backup.check_files(record, where.refuse)


def check_membership(drafts: list) -> None:
    """Owners, reviewers and uploaders belong to the draft's organisation (needs the database)."""
    usernames = {d["owner"] for d in drafts} | {d["reviewed_by"] for d in drafts}
    usernames |= file_backup.uploaders(drafts)
    organisation_of = dict(
        User.objects.filter(username__in=usernames).values_list("username", "organisation__name")
    )
    for index, record in enumerate(drafts):
        for field in ("owner", "reviewed_by"):
            username = record[field]
            if username and organisation_of.get(username) != record["organisation"]:
                raise _Where(index, record).refuse(
                    field, f"{username!r} is not a member of {record['organisation']!r}"
                )
        for item in record.get(file_backup.KEY, []):
            if organisation_of.get(item["uploaded_by"]) != record["organisation"]:
                raise _Where(index, record).refuse(
                    file_backup.KEY,
                    f"{item['uploaded_by']!r} is not a member of {record['organisation']!r}",
                )
