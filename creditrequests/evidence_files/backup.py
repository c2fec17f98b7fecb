"""Evidence files in the draft export: each draft's files, bytes included (base64).

Every file in an import is checked like an upload (size, kind by content, the sender check
a known value) and against its own SHA-256 before anything is written; the bytes go back
through the storage API under a new storage name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import UTC
from typing import Any
from uuid import UUID

from django.core.files.base import ContentFile

from . import checks
from .models import EvidenceFile, FileKind, SenderCheck

KEY = "evidence_files"
FIELDS = (
    "public_id",
    "original_name",
    "kind",
    "size",
    "sha256",
    "uploaded_by",
    "uploaded_at",
    "email_sender",
    "email_date",
    "email_subject",
    "sender_check",
    "content",
)


def dump_files(draft_pks: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The files of these drafts, as JSON-ready dicts, by draft primary key."""
    by_draft: dict[int, list] = {pk: [] for pk in draft_pks}
    files = EvidenceFile.objects.filter(draft_id__in=draft_pks).select_related("uploaded_by")
    for evidence in files.order_by("uploaded_at", "pk"):
        with evidence.file.open("rb") as handle:
            content = handle.read()
        by_draft[evidence.draft_id].append(
            {
                "public_id": str(evidence.public_id),
                "original_name": evidence.original_name,
                "kind": evidence.kind,
                "size": evidence.size,
                "sha256": evidence.sha256,
                "uploaded_by": evidence.uploaded_by.username,
                "uploaded_at": evidence.uploaded_at.astimezone(UTC).isoformat(),
                "email_sender": evidence.email_sender,
                "email_date": (
                    evidence.email_date.astimezone(UTC).isoformat() if evidence.email_date else None
                ),
                "email_subject": evidence.email_subject,
                "sender_check": evidence.sender_check,
                "content": base64.b64encode(content).decode("ascii"),
            }
        )
    return by_draft


def check_files(record: dict, refuse) -> list[dict[str, Any]]:
    """The draft's files, checked; `refuse(field, problem)` makes the exception to raise."""
    from creditrequests.backup_checks import _check_datetime

    files = record.get(KEY, [])
    if not isinstance(files, list):
        raise refuse(KEY, "expected a list of files")
    if len(files) > checks.MAX_FILES_PER_DRAFT:
        raise refuse(KEY, f"has more than {checks.MAX_FILES_PER_DRAFT} files")
    checked = []
    for number, item in enumerate(files, start=1):
        field = f"{KEY}[{number}]"
        if not isinstance(item, dict) or set(item) != set(FIELDS):
            raise refuse(field, f"expected an object with exactly: {', '.join(FIELDS)}")
        try:
            UUID(str(item["public_id"]))
            content = base64.b64decode(str(item["content"]), validate=True)
            checks.check_size(len(content))
            kind = checks.kind_of(content)
            for name, limit in (
                ("original_name", 200),
                ("email_sender", 254),
                ("email_subject", 500),
            ):
                if (
                    not isinstance(item[name], str)
                    or len(item[name]) > limit
                    or "\x00" in item[name]
                ):
                    raise ValueError(f"{name} is not text of at most {limit} characters")
            if not isinstance(item["uploaded_by"], str) or not item["uploaded_by"]:
                raise ValueError("uploaded_by is not a username")
            _check_datetime(item["uploaded_at"])
            if item["email_date"] is not None:
                _check_datetime(item["email_date"])
        except (binascii.Error, ValueError, checks.FileRefused) as problem:
            raise refuse(field, str(problem)) from None
        if item["kind"] != kind or item["kind"] not in FileKind.values:
            raise refuse(field, f"its content is {kind}, not {item['kind']!r}")
        if not isinstance(item["size"], int) or item["size"] != len(content):
            raise refuse(field, "size differs from the content's")
        if item["sha256"] != hashlib.sha256(content).hexdigest():
            raise refuse(field, "sha256 differs from the content's: the file is damaged")
        if item["sender_check"] not in SenderCheck.values:
            raise refuse(field, f"sender_check {item['sender_check']!r} is not a known value")
        checked.append(item)
    return checked


def uploaders(drafts: list[dict]) -> set[str]:
    return {item["uploaded_by"] for record in drafts for item in record.get(KEY, [])}


def restore_files(pairs, user_pks: dict[str, int]) -> int:
    """Write the files of newly imported drafts: (draft object, record) pairs; the count."""
    from creditrequests.backup_checks import _check_datetime

    count = 0
    for draft, record in pairs:
        for item in record.get(KEY, []):
            if EvidenceFile.objects.filter(public_id=item["public_id"]).exists():
                continue
            evidence = EvidenceFile(
                public_id=UUID(item["public_id"]),
                draft=draft,
                uploaded_by_id=user_pks[item["uploaded_by"]],
                original_name=item["original_name"],
                kind=item["kind"],
                size=item["size"],
                sha256=item["sha256"],
                email_sender=item["email_sender"],
                email_date=_check_datetime(item["email_date"]) if item["email_date"] else None,
                email_subject=item["email_subject"],
                sender_check=item["sender_check"],
            )
            content = base64.b64decode(item["content"])
            evidence.file.save(item["original_name"], ContentFile(content), save=False)
            evidence.save()
            EvidenceFile.objects.filter(pk=evidence.pk).update(
                uploaded_at=_check_datetime(item["uploaded_at"])
            )
            count += 1
    return count
