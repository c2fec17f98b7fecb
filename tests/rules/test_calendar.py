from datetime import date

import pytest

from rules.calendar import end_of_following_month, in_time, within_days, within_months


@pytest.mark.parametrize(
    ("start", "days", "last_day"),
    [
        (date(2026, 3, 1), 30, date(2026, 3, 31)),
        (date(2026, 3, 1), 90, date(2026, 5, 30)),
        (date(2026, 3, 1), 7, date(2026, 3, 8)),
        (date(2026, 3, 1), 120, date(2026, 6, 29)),
        (date(2024, 1, 30), 30, date(2024, 2, 29)),
        (date(2025, 1, 30), 30, date(2025, 3, 1)),
        (date(2025, 12, 31), 7, date(2026, 1, 7)),
    ],
)
def test_within_days_ends_on_start_plus_n_days(start: date, days: int, last_day: date) -> None:
    assert within_days(start, days) == last_day


@pytest.mark.parametrize(
    ("incident", "last_day"),
    [
        (date(2026, 2, 15), date(2026, 3, 31)),
        (date(2025, 12, 31), date(2026, 1, 31)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 1), date(2024, 2, 29)),
        (date(2024, 2, 29), date(2024, 3, 31)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 11, 30), date(2026, 12, 31)),
    ],
)
def test_end_of_following_month_is_the_last_day_of_the_next_month(
    incident: date, last_day: date
) -> None:
    assert end_of_following_month(incident) == last_day


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        (date(2025, 3, 1), 12, date(2026, 3, 1)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_within_months_ends_on_the_same_day_months_later(
    start: date, months: int, last_day: date
) -> None:
    assert within_months(start, months) == last_day


def test_windows_at_the_end_of_the_calendar_never_overflow() -> None:
    assert within_days(date(9999, 12, 30), 90) == date.max
    assert within_months(date(9999, 6, 1), 12) == date.max
    assert end_of_following_month(date(9999, 12, 15)) == date.max


@pytest.mark.parametrize(
    ("filed", "expected"),
    [(date(2026, 3, 30), True), (date(2026, 3, 31), True), (date(2026, 4, 1), False)],
)
def test_in_time_counts_the_last_day(filed: date, expected: bool) -> None:
    assert in_time(filed, date(2026, 3, 31)) is expected
