"""Export and import every draft, its history and its files as JSON (export/import_drafts).

The file is independent of the database engine and of primary keys: organisations and
people are named by their natural keys (organisation name, username), drafts by their
public ID. Every column of the draft and of each history row (simple_history's
HistoricalCreditRequestDraft: history_date, history_type, history_user,
history_change_reason and all tracked fields) is written, so an import reproduces them
exactly. The generated column `urgent_deadline` is recomputed by the database. Each
draft's evidence files travel with it, bytes included (`evidence_files/backup.py`); a
file without the key (exported before files existed) simply has none.

Import is one transaction, and writes nothing until the whole file has passed the checks
in `backup_checks` (types, lengths, choices, dates, bounded numbers and nesting, a reachable
workflow status, answers the rules can read, unique public IDs, owners and reviewers of
the draft's organisation) and every referenced organisation and user exists. Drafts whose
public ID is already in the database are left as they are (with their history), so
importing the same file twice changes nothing. Import never creates history rows of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import import_module
from typing import IO, Any
from uuid import UUID

from django.db import models, transaction

from .backup_checks import ADDED_LATER, ImportRefused, check_file, check_membership
from .evidence_files import backup as file_backup
from .models import CreditRequestDraft, Organisation, User

FORMAT = "credit-request-wizard/drafts"
# 2: the service outage's four steps (migration 0012) and incorrect information's
# statement step (migration 0013). A version 1 file is read and its drafts' step names
# brought up to date on the way in (_upgrade_from_1).
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
CHUNK = 500

# Foreign keys and the natural key that names their target in the file.
NATURAL_KEYS = {Organisation: "name", User: "username"}
# Columns that are the database's own business: primary keys, generated values.
SKIPPED = {"id", "history_id", "urgent_deadline"}


class BackupError(Exception):
    """The file cannot be imported; nothing was written. The message says why."""


def _history_model():
    return CreditRequestDraft.history.model


def _fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in SKIPPED and not getattr(field, "generated", False)
    ]


# --- export ------------------------------------------------------------------------------


def _dump_value(field: models.Field, obj, cache: dict) -> Any:
    if field.is_relation:
        related_id = getattr(obj, field.attname)
        return None if related_id is None else _natural_key(field.related_model, related_id, cache)
    value = getattr(obj, field.attname)
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def _natural_key(model, pk, cache: dict) -> str | None:
    if (model, pk) not in cache:
        attribute = NATURAL_KEYS[model]
        cache[model, pk] = (
            model._default_manager.filter(pk=pk).values_list(attribute, flat=True).first()
        )
    return cache[model, pk]


def _dump(obj, fields, cache: dict) -> dict[str, Any]:
    return {field.name: _dump_value(field, obj, cache) for field in fields}


def iter_drafts() -> Iterator[dict[str, Any]]:
    """Every draft with its history (oldest first), as plain JSON-ready dicts."""
    cache: dict = {}
    history_model = _history_model()
    draft_fields, history_fields = _fields(CreditRequestDraft), _fields(history_model)
    last_pk = 0
    while True:
        chunk = list(CreditRequestDraft.objects.filter(pk__gt=last_pk).order_by("pk")[:CHUNK])
        if not chunk:
            return
        last_pk = chunk[-1].pk
        histories: dict[int, list] = {draft.pk: [] for draft in chunk}
        rows = history_model.objects.filter(id__in=list(histories)).order_by(
            "history_date", "history_id"
        )
        for row in rows:
            histories[row.id].append(_dump(row, history_fields, cache))
        files = file_backup.dump_files(list(histories))
        for draft in chunk:
            yield {
                **_dump(draft, draft_fields, cache),
                "history": histories[draft.pk],
                file_backup.KEY: files[draft.pk],
            }


def export_drafts(out: IO[str]) -> int:
    """Write the JSON document to `out`, one draft a line; the number of drafts written."""
    header = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
    }
    out.write(json.dumps(header)[:-1] + ', "drafts": [\n')
    count = 0
    for draft in iter_drafts():
        out.write((",\n" if count else "") + json.dumps(draft, ensure_ascii=False, sort_keys=True))
        count += 1
    out.write("\n]}\n")
    return count


# --- import ------------------------------------------------------------------------------


def load(stream: IO[str]) -> list[dict[str, Any]]:
    """The drafts of an export file, after checking that it is one."""
    try:
        document = json.load(stream, parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"The file is not valid JSON: {error}") from None
    except RecursionError:
        raise BackupError("The file is not valid JSON: it is nested too deeply.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"The file is not a draft export (expected format {FORMAT!r}).")
    version = document.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise BackupError(
            f"The file has format version {version!r}; this version of the application "
            f"reads versions {', '.join(map(str, READABLE_VERSIONS))}."
        )
    drafts = document.get("drafts")
    if not isinstance(drafts, list) or not all(
        isinstance(d, dict) and "public_id" in d for d in drafts
    ):
        raise BackupError("The file's drafts are not a list of drafts with a public_id.")
    if version == 1:
        _upgrade_from_1(drafts)
    return drafts


def _upgrade_from_1(drafts: list[dict[str, Any]]) -> None:
    """Version 1 drafts name the steps as they were before migrations 0012 (the service
    outage's two old steps) and 0013 (incorrect information's statement on the `issue`
    step): do what those migrations did to the drafts in the database (their own
    functions), in place. History rows stay as they were, as the migrations leave them. A
    value of the wrong type is left for check_file to refuse."""
    outage = import_module("creditrequests.migrations.0012_split_outage_steps")
    statement = import_module("creditrequests.migrations.0013_split_statement_step")
    for record in drafts:
        completed = record.get("completed_steps")
        unsaved = record.get("unsaved_input")
        answers = record.get("answers")
        credit_type = record.get("credit_type")
        steps_readable = isinstance(completed, list) and all(
            isinstance(step, str) for step in completed
        )
        input_readable = isinstance(unsaved, dict) and all(
            isinstance(data, dict) for data in unsaved.values()
        )
        if credit_type == "service_outage":
            if steps_readable:
                record["completed_steps"] = outage.split_completed_steps(completed)
            if input_readable and isinstance(answers, dict | None):
                record["unsaved_input"] = outage.split_unsaved_input(unsaved, answers or {})
        if steps_readable:
            record["completed_steps"] = statement.split_completed_steps(
                record["completed_steps"], credit_type
            )
        if input_readable:
            record["unsaved_input"] = statement.split_unsaved_input(record["unsaved_input"])


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _references(drafts: Iterable[dict]) -> dict[type, set[str]]:
    """Every organisation name and username the drafts and their history rows name."""
    wanted: dict[type, set[str]] = {Organisation: set(), User: set()}
    for record in drafts:
        for row in [record, *record.get("history", [])]:
            for model, names in (
                (Organisation, ["organisation"]),
                (User, ["owner", "reviewed_by", "history_user"]),
            ):
                wanted[model].update(row[name] for name in names if row.get(name) is not None)
    wanted[User] |= file_backup.uploaders(drafts)
    return wanted


def _resolve(wanted: dict[type, set[str]]) -> dict[type, dict[str, int]]:
    """natural key -> primary key per model; BackupError naming every one missing."""
    found, missing = {}, []
    for model, names in wanted.items():
        attribute = NATURAL_KEYS[model]
        found[model] = dict(
            model._default_manager.filter(**{f"{attribute}__in": names}).values_list(
                attribute, "pk"
            )
        )
        absent = sorted(names - set(found[model]))
        if absent:
            label = "organisations" if model is Organisation else "users"
            missing.append(f"{label}: {', '.join(absent)}")
    if missing:
        raise BackupError(
            "Nothing was imported. The file refers to records this database does not have "
            f"({'; '.join(missing)}). Create them (same name / username) and import again."
        )
    return found


def _load_value(field: models.Field, value, keys: dict[type, dict[str, int]]):
    if field.is_relation:
        return None if value is None else keys[field.related_model][value]
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def _build(model, fields, record: dict, keys) -> models.Model:
    values = {}
    for field in fields:
        if field.name not in record and field.name in ADDED_LATER:
            values[field.attname] = field.get_default()
            continue
        if field.name not in record:
            raise BackupError(
                f"Draft {record.get('public_id')}: the field {field.name!r} is missing."
            )
        values[field.attname] = _load_value(field, record[field.name], keys)
    return model(**values)


@transaction.atomic
def import_drafts(drafts: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Import the drafts that are not in the database yet: (imported, history rows, skipped).

    All or nothing: any error rolls the whole import back.
    """
    history_model = _history_model()
    draft_fields, history_fields = _fields(CreditRequestDraft), _fields(history_model)
    try:
        check_file(drafts, draft_fields, history_model, history_fields)
        keys = _resolve(_references(drafts))
        check_membership(drafts)
    except ImportRefused as refusal:
        raise BackupError(f"Nothing was imported: {refusal}") from None
    try:
        public_ids = {str(UUID(str(record["public_id"]))) for record in drafts}
    except ValueError as error:
        raise BackupError(f"A draft has an invalid public_id: {error}") from None
    existing = {
        str(public_id)
        for public_id in CreditRequestDraft.objects.filter(public_id__in=public_ids).values_list(
            "public_id", flat=True
        )
    }
    new = [record for record in drafts if str(UUID(str(record["public_id"]))) not in existing]
    if not new:
        return 0, 0, len(drafts)

    # bulk_create sends no signals: simple_history writes no rows of its own. It does
    # stamp created_at / updated_at (auto_now), so those are put back right after.
    objects = [_build(CreditRequestDraft, draft_fields, record, keys) for record in new]
    stamps = [(obj.created_at, obj.updated_at) for obj in objects]
    CreditRequestDraft.objects.bulk_create(objects, batch_size=CHUNK)
    pks = dict(
        CreditRequestDraft.objects.filter(public_id__in=[o.public_id for o in objects]).values_list(
            "public_id", "pk"
        )
    )
    for obj, (created_at, updated_at) in zip(objects, stamps, strict=True):
        obj.pk, obj.created_at, obj.updated_at = pks[obj.public_id], created_at, updated_at
    CreditRequestDraft.objects.bulk_update(objects, ["created_at", "updated_at"], batch_size=CHUNK)

    history_rows = []
    for obj, record in zip(objects, new, strict=True):
        for row in record.get("history", []):
            historical = _build(history_model, history_fields, row, keys)
            historical.id = pks[obj.public_id]
            history_rows.append(historical)
    history_model.objects.bulk_create(history_rows, batch_size=CHUNK)
    file_backup.restore_files(zip(objects, new, strict=True), keys[User])
    return len(new), len(history_rows), len(drafts) - len(new)
