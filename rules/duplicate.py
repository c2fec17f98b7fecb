"""Duplicate orders: duplicate licences after a move to another tenant or CSP partner."""

from datetime import date

from rules import catalogue, new_commerce
from rules.calendar import in_time, within_days
from rules.catalogue import gettext_noop
from rules.model import Assessment, Commerce, CreditRequest, CreditType, Finding, Outcome
from rules.ruleset import RuleRow, RuleSet
from rules.validators import (
    check_guid,
    check_not_future,
    missing_evidence_warnings,
    missing_field,
)
from rules.wording import finding, note

catalogue.register(
    findings={
        ("past_deadline", "duplicate_order"): gettext_noop(
            "New subscription purchase date: duplicate orders must be reported within %(days)s "
            "days of the new purchase on %(purchase_date)s; the last day was %(deadline)s. It is "
            "too late to request a credit."
        ),
    },
    notes={
        "move_loses_offers": gettext_noop(
            "Customers who move voluntarily between partners or tenants lose all offers under "
            "their agreements."
        ),
        "move_loses_promotions": gettext_noop(
            "Past promotions do not carry over if they are no longer available."
        ),
        "move_new_price": gettext_noop("New offers are bought at today's price."),
    },
    reasons={
        "window_counts_from_it": gettext_noop("The window counts from it."),
        "both_subscriptions": gettext_noop(
            "Microsoft needs both subscriptions to see the duplicate."
        ),
        "say_why_duplicated": gettext_noop(
            "Say why the licences are duplicated, e.g. the customer moved tenant."
        ),
    },
)

# Shown with every duplicate-order verdict: what a voluntary move costs the customer anyway.
MOVE_NOTES = (note("move_loses_offers"), note("move_loses_promotions"), note("move_new_price"))

_ID_FIELDS = ("original_subscription_id", "new_subscription_id", "original_tenant_id", "tenant_id")
_WANTED_EVIDENCE = {
    "original_subscription_id": "both_subscriptions",
    "new_subscription_id": "both_subscriptions",
    "description": "say_why_duplicated",
}


def duplicate_order_deadline(new_subscription_purchase_date: date, rule_set: RuleSet) -> date:
    """Last day to file: 120 days (in 2021) after the new subscription was bought."""
    return within_days(new_subscription_purchase_date, rule_set.windows["duplicate_order_days"])


def assess(request: CreditRequest, rule_set: RuleSet) -> Assessment:
    """Check the duplicate-order fields and the window counted from the new purchase.

    A new commerce duplicate follows the new commerce window of the new (duplicate)
    subscription instead: cancel it in Partner Center while the window is open.
    """
    problems: list[Finding] = []
    commerce = new_commerce.commerce_of(request, rule_set, problems)
    if commerce is not Commerce.LEGACY:
        _check_ids(request, problems)
        if commerce is None:
            return Assessment(Outcome.NOT_ELIGIBLE, problems=tuple(problems), notes=MOVE_NOTES)
        assessment = new_commerce.assess(
            request,
            rule_set,
            date_field="new_subscription_purchase_date",
            problems=problems,
            warnings=missing_evidence_warnings(request, _WANTED_EVIDENCE),
        )
        if assessment.route is not None:
            return assessment
        return _with_move_notes(assessment)
    bought = request.new_subscription_purchase_date
    if bought is None:
        problems.append(missing_field("new_subscription_purchase_date", "window_counts_from_it"))
    elif found := check_not_future(bought, request.today, "new_subscription_purchase_date"):
        problems.append(found)
        bought = None
    _check_ids(request, problems)
    warnings = missing_evidence_warnings(request, _WANTED_EVIDENCE)
    if bought is not None and rule_set.legacy_stop_sell and bought >= rule_set.legacy_stop_sell:
        warnings = (
            *warnings,
            finding(
                "new_subscription_purchase_date",
                "legacy_after_stop_sell",
                date=rule_set.legacy_stop_sell.isoformat(),
            ),
        )
    if bought is None:
        return Assessment(Outcome.NOT_ELIGIBLE, None, tuple(problems), warnings, MOVE_NOTES)
    file_by = duplicate_order_deadline(bought, rule_set)
    if in_time(request.today, file_by):
        return Assessment(Outcome.REVIEW, file_by, tuple(problems), warnings, MOVE_NOTES)
    problems.append(
        finding(
            "new_subscription_purchase_date",
            "past_deadline",
            "duplicate_order",
            days=rule_set.windows["duplicate_order_days"],
            purchase_date=bought.isoformat(),
            deadline=file_by.isoformat(),
        )
    )
    return Assessment(Outcome.NO_REFUND, None, tuple(problems), warnings, MOVE_NOTES)


def _check_ids(request: CreditRequest, problems: list[Finding]) -> None:
    for field in _ID_FIELDS:
        if found := check_guid(getattr(request, field), field):
            problems.append(found)


def _with_move_notes(assessment: Assessment) -> Assessment:
    return Assessment(
        assessment.outcome,
        assessment.deadline,
        assessment.problems,
        assessment.warnings,
        (*assessment.notes, *MOVE_NOTES),
        assessment.self_service,
        assessment.route,
        assessment.details,
    )


def describe(rule_set: RuleSet) -> tuple[RuleRow, ...]:
    """The duplicate-order rule as rows of the readable rule table."""
    days = rule_set.windows["duplicate_order_days"]
    return (
        RuleRow(
            CreditType.DUPLICATE_ORDER.label,
            f"Request filed within {days} days of the new subscription's purchase",
            f"new subscription purchase date + {days} days",
            "Reviewed by Microsoft; voluntary movers lose their offers, promotions and prices",
        ),
    )
