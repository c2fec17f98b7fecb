"""New commerce (NCE): the self-service cancellation windows, counted in hours (UTC).

Inside a window there is nothing to file: the partner cancels the subscription, or reduces its
seats, in Partner Center, and Microsoft refunds. After it, Microsoft's policy gives no refund;
a request for a transaction error may still be filed and is granted only by exception
(POLICY.md part 2, "New commerce: the self-service cancellation windows").
"""

from datetime import date, datetime, timedelta

from rules import catalogue
from rules.catalogue import gettext_noop
from rules.model import (
    Action,
    Assessment,
    Commerce,
    CreditRequest,
    Event,
    Finding,
    Note,
    Outcome,
    SelfService,
    end_of_day,
    start_of_day,
    utc_text,
)
from rules.routing import route
from rules.ruleset import CancellationWindow, NewCommerceRules, RuleSet
from rules.validators import check_not_future, missing_field
from rules.wording import finding, note

catalogue.register(
    findings={
        ("past_cancellation_window", ""): gettext_noop(
            "%(field)s: the new commerce cancellation window of %(hours)s hours after "
            "%(event)s closed at %(closed_at)s. Microsoft's policy gives no refund after it; a "
            "request for a transaction error may still be filed, and Microsoft grants it only "
            "by exception."
        ),
        ("new_commerce_not_in_rule_set", ""): gettext_noop(
            "%(field)s: new commerce did not exist under rule set %(rule_set)s. Check the "
            "request date, or choose legacy."
        ),
        ("date_in_future", "moment"): gettext_noop(
            "%(field)s: %(moment)s is after the time of the request (%(now)s). Enter the time it "
            "happened, in UTC as Partner Center shows it."
        ),
        ("before_new_commerce", ""): gettext_noop(
            "%(field)s: %(moment)s is before new commerce began (%(commerce_start)s). A purchase "
            "from then is a legacy purchase: check the commerce platform in Partner Center."
        ),
        ("date_order", "moment"): gettext_noop(
            "%(field)s: %(moment)s is before the %(start_field)s (%(start_moment)s). Check both "
            "times."
        ),
    },
    notes={
        "nce_cancel_by": gettext_noop(
            "Cancel the subscription yourself in Partner Center by %(act_by)s (%(hours)s hours "
            "after %(event)s) for %(refund)s. No credit request is needed."
        ),
        "nce_reduce_by": gettext_noop(
            "Reduce the seats yourself in Partner Center by %(act_by)s (%(hours)s hours after "
            "%(event)s) for %(refund)s. No credit request is needed. After the window the "
            "quantity is locked until the subscription renews."
        ),
        "nce_exception_only": gettext_noop(
            "The self-service window closed at %(closed_at)s. Read Microsoft's new commerce "
            "cancellation policy first: after the window there is no refund by policy. A "
            "request for a transaction error (an incorrect purchase, a duplicate order, a fault "
            "in Microsoft's systems) can still be filed, and Microsoft grants it only by "
            "exception."
        ),
        "nce_window_inherited": gettext_noop(
            "A partial upgrade opens no window of its own: it keeps the parent subscription's "
            "window, counted from %(window_start)s."
        ),
        "nce_date_only": gettext_noop(
            "Only the date is known, so the window is counted from 00:00 UTC on %(date)s (our "
            "convention). Enter the time Partner Center shows for the exact closing moment."
        ),
        "nce_72_hours": gettext_noop(
            "Events before 12 March 2022 00:00 UTC had a window of 72 hours; the 7-day window "
            "applies to events from then on."
        ),
    },
    reasons={
        "commerce_decides_rules": gettext_noop(
            "Legacy and new commerce subscriptions have different rules; Partner Center shows "
            "which one this is."
        ),
        "product_decides_window": gettext_noop("Each kind of product has its own window."),
        "window_counts_from_event": gettext_noop(
            "The cancellation window counts from it, to the hour."
        ),
        "window_inherited": gettext_noop(
            "A partial upgrade keeps the parent subscription's window, counted from it."
        ),
    },
    phrases={
        ("event", Event.PURCHASE.value): gettext_noop("the purchase"),
        ("event", Event.RENEWAL.value): gettext_noop("the renewal"),
        ("event", Event.SEAT_ADDITION.value): gettext_noop("the seats were added"),
        ("event", Event.TRIAL_CONVERSION.value): gettext_noop("the trial was converted"),
        ("event", Event.MIGRATION.value): gettext_noop("the migration to new commerce"),
        ("event", Event.PARTIAL_UPGRADE.value): gettext_noop("the parent subscription's event"),
        ("refund", "full"): gettext_noop("a full refund"),
        ("refund", "prorated"): gettext_noop("a refund prorated by day"),
    },
)

# Events after which the quantity, not the subscription, is what was wrong.
_SEAT_EVENTS = frozenset({Event.SEAT_ADDITION, Event.RENEWAL})


def commerce_of(
    request: CreditRequest, rule_set: RuleSet, problems: list[Finding]
) -> Commerce | None:
    """The request's commerce platform under this rule set, or None with a problem added.

    The 2021 set knows only legacy (the default); later sets need the answer, because legacy
    and new commerce subscriptions follow different rules.
    """
    if rule_set.new_commerce is None:
        if request.commerce is Commerce.NEW_COMMERCE:
            problems.append(
                finding("commerce", "new_commerce_not_in_rule_set", rule_set=rule_set.version)
            )
            return None
        return Commerce.LEGACY
    if request.commerce is None:
        problems.append(missing_field("commerce", "commerce_decides_rules"))
    return request.commerce


def window_hours(window: CancellationWindow, start: datetime, rules: NewCommerceRules) -> int:
    """The window's length for an event at `start`: 72 hours instead of 7 days before
    2022-03-12 00:00 UTC."""
    if window.hours == rules.seven_days_hours and start < rules.seven_days_from:
        return rules.early_window_hours
    return window.hours


def window_closes(start: datetime, hours: int) -> datetime:
    """The last moment of a window of `hours` from `start`: open while now <= this."""
    try:
        return start + timedelta(hours=hours)
    except OverflowError:
        # Only at the end of the calendar (year 9999): the window never closes.
        return datetime.max.replace(microsecond=0, tzinfo=start.tzinfo)


def assess(
    request: CreditRequest,
    rule_set: RuleSet,
    *,
    date_field: str,
    problems: list[Finding],
    warnings: tuple[Finding, ...],
) -> Assessment:
    """A new commerce purchase's window: self-service inside it, an exception request after.

    `date_field` names the request's date field that stands in for a missing event_time (the
    start of that day, UTC); `problems` and `warnings` are the credit type's own so far.
    """
    rules = rule_set.new_commerce
    assert rules is not None, "only rule sets with new commerce reach here"
    product = request.product
    if product is None:
        problems.append(missing_field("product", "product_decides_window"))
    elif product in rules.routes:
        return Assessment(Outcome.OTHER_PROCESS, route=route(rules.routes[product]))
    event = request.event or Event.PURCHASE
    notes: list[Note] = []
    start = _window_start(request, event, date_field, problems, notes)
    if start is not None and start < rules.available_from:
        problems.append(
            finding(
                "event_time",
                "before_new_commerce",
                moment=utc_text(start),
                commerce_start=utc_text(rules.available_from),
            )
        )
    if product is None or start is None or problems:
        return Assessment(Outcome.NOT_ELIGIBLE, problems=tuple(problems), warnings=warnings)
    window = rules.windows[product]
    hours = window_hours(window, start, rules)
    if hours != window.hours:
        notes.append(note("nce_72_hours"))
    closes = window_closes(start, hours)
    event_words = event.value
    if request.moment <= closes:
        action = (
            Action.REDUCE_SEATS_IN_PARTNER_CENTER
            if window.seat_reduction and event in _SEAT_EVENTS
            else Action.CANCEL_IN_PARTNER_CENTER
        )
        code = (
            "nce_reduce_by" if action is Action.REDUCE_SEATS_IN_PARTNER_CENTER else "nce_cancel_by"
        )
        notes.insert(
            0,
            note(
                code, act_by=utc_text(closes), hours=hours, event=event_words, refund=window.refund
            ),
        )
        # Nothing is filed, so the evidence a request would want is no concern here.
        return Assessment(
            Outcome.NO_REQUEST_NEEDED,
            notes=tuple(notes),
            self_service=SelfService(action, closes, window.refund),
        )
    if product in rules.routes_after_window:
        return Assessment(Outcome.OTHER_PROCESS, route=route(rules.routes_after_window[product]))
    late = finding(
        "event_time",
        "past_cancellation_window",
        hours=hours,
        event=event_words,
        closed_at=utc_text(closes),
    )
    notes.insert(0, note("nce_exception_only", closed_at=utc_text(closes)))
    return Assessment(
        Outcome.REVIEW,
        warnings=(*warnings, late),
        notes=tuple(notes),
        details=(
            ("Commerce", "New commerce"),
            ("Product", product.label),
            ("Event", event.label),
            ("Window counted from", _utc_words(start)),
            ("Cancellation window", f"{hours} hours, closed {_utc_words(closes)}"),
            (
                "Request",
                "The self-service cancellation window has closed. We ask Microsoft to grant "
                "this credit by exception, for a transaction error.",
            ),
        ),
    )


def _window_start(
    request: CreditRequest,
    event: Event,
    date_field: str,
    problems: list[Finding],
    notes: list[Note],
) -> datetime | None:
    """The moment the window counts from (the parent's event for a partial upgrade)."""
    event_time = request.event_time
    if event_time is not None and (found := _future(event_time, "event_time", request)):
        problems.append(found)
        event_time = None
    if event is Event.PARTIAL_UPGRADE:
        parent = request.parent_event_time
        if parent is None:
            problems.append(missing_field("parent_event_time", "window_inherited"))
            return None
        if found := _future(parent, "parent_event_time", request):
            problems.append(found)
            return None
        if event_time is not None and event_time < parent:
            problems.append(
                finding(
                    "event_time",
                    "date_order",
                    "moment",
                    moment=utc_text(event_time),
                    start_field="parent_event_time",
                    start_moment=utc_text(parent),
                )
            )
            return None
        notes.append(note("nce_window_inherited", window_start=utc_text(parent)))
        return parent
    if event_time is not None:
        return event_time
    day: date | None = getattr(request, date_field)
    if day is None:
        if not any(problem.field == "event_time" for problem in problems):
            problems.append(missing_field("event_time", "window_counts_from_event"))
        return None
    if found := check_not_future(day, request.today, date_field):
        problems.append(found)
        return None
    notes.append(note("nce_date_only", date=day.isoformat()))
    return start_of_day(day)


def _future(moment: datetime, field: str, request: CreditRequest) -> Finding | None:
    # With only the request date known, anything during that day has happened (convention).
    limit = request.now if request.now is not None else end_of_day(request.today)
    if moment <= limit:
        return None
    return finding(field, "date_in_future", "moment", moment=utc_text(moment), now=utc_text(limit))


def _utc_words(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
