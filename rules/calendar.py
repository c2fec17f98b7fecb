"""Calendar arithmetic for the policy's windows; all dates are calendar dates, no time of day."""

from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta

# day=31 is clamped by relativedelta to the month's real last day. Built once: constructing a
# relativedelta costs more than applying it.
_TO_END_OF_NEXT_MONTH = relativedelta(months=1, day=31)


def within_days(start: date, days: int) -> date:
    """The last day of a "within N days of start" window: start + N days, which still counts."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        # Only for dates at the end of the calendar (year 9999): the window never closes.
        return date.max


def within_months(start: date, months: int) -> date:
    """The last day of a "within N months of start" window, same day N months on (or month end)."""
    try:
        return start + _months(months)
    except ValueError:
        return date.max


def end_of_following_month(day: date) -> date:
    """The last day of the calendar month after day's month (31 Jan 2024 -> 29 Feb 2024)."""
    try:
        return day + _TO_END_OF_NEXT_MONTH
    except ValueError:
        return date.max


def end_of_month_after(day: date, months: int) -> date:
    """The last day of the calendar month `months` after day's month (1: the following month)."""
    if months == 1:
        return end_of_following_month(day)
    try:
        return day + _to_end_of_month_after(months)
    except ValueError:
        return date.max


@cache
def _to_end_of_month_after(months: int) -> relativedelta:
    return relativedelta(months=months, day=31)


@cache
def _months(months: int) -> relativedelta:
    return relativedelta(months=months)


def in_time(filed: date, last_day: date) -> bool:
    """Whether something done on `filed` meets a window whose last counting day is `last_day`."""
    return filed <= last_day
