"""Duplicate orders: duplicate licences after a move to another tenant or CSP partner."""

from datetime import date

from rules.calendar import in_time, within_days
from rules.model import Assessment, CreditRequest, CreditType, Finding, Note, Outcome
from rules.ruleset import RuleRow, RuleSet
from rules.validators import (
    check_guid,
    check_not_future,
    missing_evidence_warnings,
    missing_field,
)

# Shown with every duplicate-order verdict: what a voluntary move costs the customer anyway.
MOVE_NOTES = (
    Note(
        "move_loses_offers",
        "Customers who move voluntarily between partners or tenants lose all offers under their "
        "agreements.",
    ),
    Note(
        "move_loses_promotions",
        "Past promotions do not carry over if they are no longer available.",
    ),
    Note("move_new_price", "New offers are bought at today's price."),
)

_ID_FIELDS = ("original_subscription_id", "new_subscription_id", "original_tenant_id", "tenant_id")
_WANTED_EVIDENCE = {
    "original_subscription_id": "Microsoft needs both subscriptions to see the duplicate.",
    "new_subscription_id": "Microsoft needs both subscriptions to see the duplicate.",
    "description": "Say why the licences are duplicated, e.g. the customer moved tenant.",
}


def duplicate_order_deadline(new_subscription_purchase_date: date, rule_set: RuleSet) -> date:
    """Last day to file: 120 days (in 2021) after the new subscription was bought."""
    return within_days(new_subscription_purchase_date, rule_set.windows["duplicate_order_days"])


def assess(request: CreditRequest, rule_set: RuleSet) -> Assessment:
    """Check the duplicate-order fields and the window counted from the new purchase."""
    problems: list[Finding] = []
    bought = request.new_subscription_purchase_date
    if bought is None:
        problems.append(
            missing_field("new_subscription_purchase_date", "The window counts from it.")
        )
    elif finding := check_not_future(bought, request.today, "new_subscription_purchase_date"):
        problems.append(finding)
        bought = None
    for field in _ID_FIELDS:
        if finding := check_guid(getattr(request, field), field):
            problems.append(finding)
    warnings = missing_evidence_warnings(request, _WANTED_EVIDENCE)
    if bought is None:
        return Assessment(Outcome.NOT_ELIGIBLE, None, tuple(problems), warnings, MOVE_NOTES)
    file_by = duplicate_order_deadline(bought, rule_set)
    if in_time(request.today, file_by):
        return Assessment(Outcome.REVIEW, file_by, tuple(problems), warnings, MOVE_NOTES)
    problems.append(
        Finding(
            "new_subscription_purchase_date",
            "past_deadline",
            f"New subscription purchase date: duplicate orders must be reported within "
            f"{rule_set.windows['duplicate_order_days']} days of the new purchase on {bought}; "
            f"the last day was {file_by}. It is too late to request a credit.",
            {
                "variant": "duplicate_order",
                "days": str(rule_set.windows["duplicate_order_days"]),
                "purchase_date": bought.isoformat(),
                "deadline": file_by.isoformat(),
            },
        )
    )
    return Assessment(Outcome.NO_REFUND, None, tuple(problems), warnings, MOVE_NOTES)


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
