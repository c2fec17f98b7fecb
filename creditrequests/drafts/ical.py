"""iCalendar (RFC 5545) text for draft deadlines: all-day events, escaped, folded, CRLF."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from creditrequests.text import shown_safely

CRLF = "\r\n"
PRODID = "-//Credit Request Wizard//Deadlines//EN"


@dataclass(frozen=True)
class DeadlineEvent:
    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11)."""
    value = shown_safely(value)
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    parts = []
    current = ""
    current_octets = 0
    limit = 75
    for char in line:
        size = len(char.encode("utf-8"))
        if current_octets + size > limit:
            parts.append(current)
            current = " " + char
            current_octets = 1 + size
            limit = 75
        else:
            current += char
            current_octets += size
    parts.append(current)
    return CRLF.join(parts)


def calendar(events: Iterable[DeadlineEvent], *, name: str, now: datetime) -> str:
    """A VCALENDAR with one all-day VEVENT per deadline."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
