"""What an uploaded file is, judged by its bytes (never its name), and what an email says.

Allowed: an email (.eml, RFC 5322 text; .msg, Outlook's OLE compound file), a PDF, a PNG or
a JPEG screenshot. Everything else (executables, archives, HTML, Office documents) is
refused with the reason. Emails are read with the standard library's `email` package and
with extract-msg; a file that claims to be an email but cannot be read as one is refused.
"""

from __future__ import annotations

import io
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from .models import FileKind

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_DRAFT = 20
NAME_LIMIT = 200

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
# The smallest compound file (header, one FAT sector, one directory sector): olefile's minimum.
MIN_COMPOUND_FILE = 1536
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A header line: a field name (printable ASCII but colon and space), a colon.
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:", re.ASCII)
_RECOGNISED = {
    b"MZ": gettext_noop("a Windows program"),
    b"\x7fELF": gettext_noop("a program"),
    b"PK\x03\x04": gettext_noop("a zip archive"),
    b"\x1f\x8b": gettext_noop("a gzip archive"),
    b"Rar!": gettext_noop("a RAR archive"),
    b"7z\xbc\xaf": gettext_noop("a 7-Zip archive"),
}


_UNREADABLE_MSG = _lazy(
    "This Outlook file cannot be read as an email. Save the email again and attach it."
)


class FileRefused(Exception):
    """The file is not accepted; the message says why, for the person who uploaded it."""


@dataclass(frozen=True)
class EmailFacts:
    sender: str
    date: datetime | None
    subject: str


def check_size(size: int) -> None:
    if size == 0:
        raise FileRefused(_("The file is empty."))
    if size > MAX_BYTES:
        raise FileRefused(
            _("The file is %(size)s MB; the limit is 10 MB. Attach a smaller copy or a PDF.")
            % {"size": f"{size / 1024 / 1024:.1f}"}
        )


def kind_of(data: bytes) -> FileKind:
    """The file's kind from its first bytes; FileRefused for anything not allowed."""
    if data.startswith(PDF):
        return FileKind.PDF
    if data.startswith(PNG):
        return FileKind.PNG
    if data.startswith(JPEG):
        return FileKind.JPEG
    if data.startswith(OLE):
        return FileKind.MSG
    for magic, what in _RECOGNISED.items():
        if data.startswith(magic):
            raise FileRefused(
                _(
                    "This file is %(what)s, not an email, PDF or screenshot. Attach the "
                    "customer's email (.eml or .msg), a PDF, or a PNG or JPEG screenshot."
                )
                % {"what": _(what)}
            )
    if _looks_like_email(data):
        return FileKind.EML
    raise FileRefused(
        _(
            "This file is not an email, PDF or screenshot (its content was checked, not its "
            "name). Attach the customer's email (.eml or .msg), a PDF, or a PNG or JPEG "
            "screenshot."
        )
    )


def _looks_like_email(data: bytes) -> bool:
    head = data[:65536]
    if b"\x00" in head:
        return False
    first_line = head.lstrip(b"\r\n").split(b"\n", 1)[0]
    if not _HEADER_LINE.match(first_line):
        return False
    header_block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0].lower()
    return b"\nfrom:" in b"\n" + header_block


def read_email(kind: FileKind, data: bytes) -> EmailFacts:
    """Sender, date and subject of an email file; FileRefused when it cannot be read."""
    if kind == FileKind.EML:
        return _read_eml(data)
    return _read_msg(data)


def _read_eml(data: bytes) -> EmailFacts:
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(data, headersonly=True)
        sender = _address(message.get("From", ""))
        subject = _header_text(message.get("Subject", ""))
        date = _date(message.get("Date", ""))
    except (ValueError, TypeError, LookupError, AttributeError):
        raise FileRefused(
            _("This email file cannot be read. Save the email again and attach it.")
        ) from None
    return EmailFacts(sender=sender, date=date, subject=subject)


def _read_msg(data: bytes) -> EmailFacts:
    import extract_msg

    # olefile takes bytes shorter than its minimum file size for a *path*: never pass bytes.
    if len(data) < MIN_COMPOUND_FILE:
        raise FileRefused(_UNREADABLE_MSG)
    try:
        message = extract_msg.openMsg(io.BytesIO(data), delayAttachments=True)
    except Exception:  # noqa: BLE001 - hostile input: any parser failure means "cannot read"
        raise FileRefused(
            _("This Outlook file cannot be read as an email. Save the email again and attach it.")
        ) from None
    try:
        if not isinstance(message, extract_msg.Message):
            raise FileRefused(
                _("This Outlook file is not an email (it may be a contact, task or meeting).")
            )
        try:
            sender = _address(message.sender or "")
            subject = _header_text(message.subject or "")
            date = message.date if isinstance(message.date, datetime) else None
        except Exception:  # noqa: BLE001 - hostile input, as above
            raise FileRefused(_UNREADABLE_MSG) from None
    finally:
        message.close()
    return EmailFacts(sender=sender, date=date, subject=subject)


def _address(value: str) -> str:
    addresses = [address for _name, address in getaddresses([str(value)]) if "@" in address]
    return addresses[0][:254] if addresses else ""


def _header_text(value) -> str:
    from email.header import decode_header, make_header

    text = str(value)
    with suppress(ValueError, LookupError, UnicodeError):
        text = str(make_header(decode_header(text)))
    text = " ".join("".join(ch for ch in text if ch.isprintable() or ch == " ").split())
    return text[:500]


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (ValueError, TypeError, IndexError):
        return None
    if moment.tzinfo is None or not 2000 <= moment.year <= 2199:
        return None  # no zone, or a date no real evidence has: shown as "no date"
    return moment


def safe_name(name: str) -> str:
    """The uploaded name, without path, control characters or quotes, at most 200 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|*?:')
    name = name.strip(" .") or "file"
    return name[-NAME_LIMIT:]


EXTENSIONS = {
    FileKind.EML: ".eml",
    FileKind.MSG: ".msg",
    FileKind.PDF: ".pdf",
    FileKind.PNG: ".png",
    FileKind.JPEG: ".jpg",
}
CONTENT_TYPES = {
    FileKind.EML: "message/rfc822",
    FileKind.MSG: "application/vnd.ms-outlook",
    FileKind.PDF: "application/pdf",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
}


def download_name(name: str, kind: FileKind) -> str:
    """The name a download gets: the uploaded name with the extension its content has."""
    stem = safe_name(name)
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return (stem or "file")[:150] + EXTENSIONS[kind]
