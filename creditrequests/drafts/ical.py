"""iCalendar (RFC 5545) for draft deadlines: all-day events with a reminder, built with the
well-kept `icalendar` library (escaping, folding and line endings are its business)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

from creditrequests.text import shown_safely

PRODID = "-//Credit Request Wizard//Deadlines//EN"

# The reminder goes off at 09:00 two days before the last day (relative to the all-day start):
# time to submit, review and file.
REMINDER_BEFORE = timedelta(days=1, hours=15)
# A self-service window closes at a moment: a half-hour event ending then, reminded a day ahead.
MOMENT_LENGTH = timedelta(minutes=30)
MOMENT_REMINDER_BEFORE = timedelta(days=1)


@dataclass(frozen=True)
class DeadlineEvent:
    uid: str
    day: date
    summary: str
    description: str = ""
    url: str = ""
    reminder: str = ""  # the alarm's text; no alarm when empty
    # A self-service window's last moment (UTC): a timed event ending then, instead of a day.
    moment: datetime | None = None


def calendar(
    events: Iterable[DeadlineEvent], *, name: str, now: datetime, language: str = ""
) -> str:
    """A VCALENDAR with one all-day VEVENT (and its VALARM) per deadline, as text."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", shown_safely(name))
    stamp = now.astimezone(UTC)
    for deadline in events:
        event = icalendar.Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", stamp)
        if deadline.moment is not None:
            end = deadline.moment.astimezone(UTC)
            event.add("dtstart", end - MOMENT_LENGTH)
            event.add("dtend", end)
        else:
            event.add("dtstart", deadline.day)
            event.add("dtend", deadline.day + timedelta(days=1))
        event.add("summary", shown_safely(deadline.summary), parameters=_language(language))
        if deadline.description:
            event.add(
                "description", shown_safely(deadline.description), parameters=_language(language)
            )
        if deadline.url:
            event.add("url", deadline.url, parameters={"VALUE": "URI"})
        event.add("transp", "TRANSPARENT")
        if deadline.reminder:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", shown_safely(deadline.reminder))
            alarm.add("trigger", -(MOMENT_REMINDER_BEFORE if deadline.moment else REMINDER_BEFORE))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _language(language: str) -> dict[str, str]:
    return {"LANGUAGE": language} if language else {}
