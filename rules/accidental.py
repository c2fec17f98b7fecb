"""Accidental purchase (legacy Microsoft 365 / Dynamics 365 offers): windows count from purchase."""

from collections.abc import Callable
from datetime import date

from rules.calendar import in_time, within_days, within_months
from rules.model import Assessment, CreditRequest, CreditType, Finding, Note, Offer, Outcome
from rules.ruleset import RuleRow, RuleSet
from rules.validators import (
    check_count,
    check_guid,
    check_not_future,
    check_order,
    missing_evidence_warnings,
    missing_field,
)

_WANTED_EVIDENCE = {
    "subscription_id": "Microsoft finds the purchase by its subscription ID.",
    "description": "Say what went wrong, e.g. the licence count was raised by mistake.",
}


def cancellation_refund_deadline(purchase_date: date, rule_set: RuleSet) -> date:
    """Last day a legacy subscription can be cancelled for 100 % back without any request."""
    return within_days(purchase_date, rule_set.windows["accidental_no_request_days"])


def full_refund_window(purchase_date: date, rule_set: RuleSet) -> date:
    """Last day to file for a refund from the start of the subscription (90 days in 2021)."""
    return within_days(purchase_date, rule_set.windows["accidental_full_refund_days"])


def power_bi_p1_full_refund_window(purchase_date: date, rule_set: RuleSet) -> date:
    """Last day to file for 100 % back on Power BI Premium P1; later, fixed costs are deducted."""
    return within_days(purchase_date, rule_set.windows["power_bi_p1_full_refund_days"])


def m365_a1_full_refund_window(purchase_date: date, rule_set: RuleSet) -> date:
    """Last day to file for Microsoft 365 A1, which is never refunded after it."""
    return within_days(purchase_date, rule_set.windows["m365_a1_full_refund_days"])


def prorated_until(purchase_date: date, rule_set: RuleSet) -> date:
    """Last day a suspension is still credited pro rata: 12 months after the purchase (in 2021)."""
    return within_months(purchase_date, rule_set.windows["prorated_months"])


def assess(request: CreditRequest, rule_set: RuleSet) -> Assessment:
    """Check the accidental-purchase fields, then apply the offer's refund windows."""
    problems: list[Finding] = []
    offer = request.offer
    if offer is None:
        problems.append(missing_field("offer", "Choose the product that was bought by mistake."))
    purchase = _purchase_date(request, problems)
    suspension = _suspension_date(request, purchase, problems)
    if offer is Offer.M365_A1:
        if request.users_assigned is None:
            problems.append(
                missing_field(
                    "users_assigned",
                    "Microsoft 365 A1 is refunded only when no users are assigned.",
                )
            )
        elif finding := check_count(request.users_assigned, "users_assigned"):
            problems.append(finding)
    for field in ("subscription_id", "tenant_id"):
        if finding := check_guid(getattr(request, field), field):
            problems.append(finding)
    warnings = missing_evidence_warnings(request, _WANTED_EVIDENCE)
    if offer is None or purchase is None:
        return Assessment(Outcome.NOT_ELIGIBLE, problems=tuple(problems), warnings=warnings)
    timing = _TIMING_BY_OFFER[offer](purchase, suspension, request, rule_set)
    return Assessment(
        timing.outcome, timing.deadline, (*problems, *timing.problems), warnings, timing.notes
    )


def _purchase_date(request: CreditRequest, problems: list[Finding]) -> date | None:
    purchase = request.purchase_date
    if purchase is None:
        problems.append(missing_field("purchase_date", "Every refund window counts from it."))
    elif finding := check_not_future(purchase, request.today, "purchase_date"):
        problems.append(finding)
        return None
    return purchase


def _suspension_date(
    request: CreditRequest, purchase: date | None, problems: list[Finding]
) -> date | None:
    # An invalid suspension date is reported and then treated as "not suspended yet".
    suspension = request.suspension_date
    if suspension is None:
        return None
    finding = check_not_future(suspension, request.today, "suspension_date")
    if finding is None and purchase is not None:
        finding = check_order(
            purchase, suspension, field="suspension_date", start_field="purchase_date"
        )
    if finding:
        problems.append(finding)
        return None
    return suspension


def _legacy_offer(
    purchase: date, suspension: date | None, request: CreditRequest, rule_set: RuleSet
) -> Assessment:
    cancel_by = cancellation_refund_deadline(purchase, rule_set)
    days = rule_set.windows["accidental_no_request_days"]
    if suspension is not None and in_time(suspension, cancel_by):
        return Assessment(
            Outcome.NO_REQUEST_NEEDED,
            notes=(
                Note(
                    "suspended_in_time",
                    f"The subscription was suspended on {suspension}, within {days} days of "
                    "purchase: you get 100 % back without a credit request; the credit appears "
                    "on the invoice after the suspension.",
                    {"suspension_date": suspension.isoformat(), "days": str(days)},
                ),
            ),
        )
    if suspension is None and in_time(request.today, cancel_by):
        return Assessment(
            Outcome.NO_REQUEST_NEEDED,
            notes=(
                Note(
                    "cancel_by",
                    f"Cancel (suspend) the subscription by {cancel_by}: within {days} days you get "
                    "100 % back without a credit request; the credit appears on the invoice after "
                    "the suspension.",
                    {"deadline": cancel_by.isoformat(), "days": str(days)},
                ),
            ),
        )
    file_by = full_refund_window(purchase, rule_set)
    if in_time(request.today, file_by):
        return Assessment(
            Outcome.FULL_REFUND,
            file_by,
            notes=(
                Note(
                    "full_refund_file_by",
                    f"File by {file_by} for a full refund from the start of the subscription. "
                    "Without a request, a suspension in months 2–12 is credited pro rata only.",
                    {"deadline": file_by.isoformat()},
                ),
            ),
        )
    return _too_late(purchase, suspension, request, rule_set, file_by)


def _power_bi_premium_p1(
    purchase: date, suspension: date | None, request: CreditRequest, rule_set: RuleSet
) -> Assessment:
    full_by = power_bi_p1_full_refund_window(purchase, rule_set)
    days = rule_set.windows["power_bi_p1_full_refund_days"]
    if in_time(request.today, full_by):
        return Assessment(
            Outcome.FULL_REFUND,
            full_by,
            notes=(
                Note(
                    "power_bi_full_refund_file_by",
                    f"File by {full_by} for 100 % back; after {days} days, fixed costs are "
                    "deducted from the credit.",
                    {"deadline": full_by.isoformat(), "days": str(days)},
                ),
            ),
        )
    reduced_by = full_refund_window(purchase, rule_set)
    if in_time(request.today, reduced_by):
        return Assessment(
            Outcome.FIXED_COSTS_DEDUCTED,
            reduced_by,
            notes=(
                Note(
                    "fixed_costs_file_by",
                    f"More than {days} days after the purchase, fixed costs are deducted from the "
                    f"credit. File by {reduced_by}.",
                    {"deadline": reduced_by.isoformat(), "days": str(days)},
                ),
            ),
        )
    return _too_late(purchase, suspension, request, rule_set, reduced_by)


def _m365_a1(
    purchase: date, suspension: date | None, request: CreditRequest, rule_set: RuleSet
) -> Assessment:
    file_by = m365_a1_full_refund_window(purchase, rule_set)
    days = rule_set.windows["m365_a1_full_refund_days"]
    if not in_time(request.today, file_by):
        return Assessment(
            Outcome.NO_REFUND,
            problems=(
                Finding(
                    "purchase_date",
                    "past_deadline",
                    f"Purchase date: Microsoft 365 A1 is refunded only if the request is filed "
                    f"within {days} days of the purchase on {purchase}, by {file_by}. No refund "
                    "is given after that.",
                    {
                        "variant": "m365_a1",
                        "days": str(days),
                        "purchase_date": purchase.isoformat(),
                        "deadline": file_by.isoformat(),
                    },
                ),
            ),
        )
    users = request.users_assigned
    if users is not None and users > 0:
        assigned = "1 user is" if users == 1 else f"{users} users are"
        return Assessment(
            Outcome.NO_REFUND,
            file_by,
            problems=(
                Finding(
                    "users_assigned",
                    "users_assigned",
                    f"Users assigned: Microsoft 365 A1 is refunded only when no users are "
                    f"assigned, and {assigned} assigned. Unassign every user, then file by "
                    f"{file_by}.",
                    {
                        "field": "users_assigned",
                        "users": str(users),
                        "deadline": file_by.isoformat(),
                    },
                ),
            ),
        )
    return Assessment(
        Outcome.FULL_REFUND,
        file_by,
        notes=(
            Note(
                "no_users_file_by",
                f"Full credit only while no users are assigned: keep it so and file by {file_by}.",
                {"deadline": file_by.isoformat()},
            ),
        ),
    )


def _too_late(
    purchase: date,
    suspension: date | None,
    request: CreditRequest,
    rule_set: RuleSet,
    closed_on: date,
) -> Assessment:
    problem = Finding(
        "purchase_date",
        "past_deadline",
        f"Purchase date: the window for a refund from the start closed on {closed_on}, "
        f"{(closed_on - purchase).days} days after the purchase on {purchase}. It is too late "
        "to request it.",
        {
            "variant": "accidental_purchase",
            "deadline": closed_on.isoformat(),
            "days": str((closed_on - purchase).days),
            "purchase_date": purchase.isoformat(),
        },
    )
    until = prorated_until(purchase, rule_set)
    if in_time(suspension or request.today, until):
        if suspension:
            note = Note(
                "prorated_automatically",
                f"The suspension on {suspension} is credited pro rata automatically; no credit "
                "request is needed for that.",
                {"suspension_date": suspension.isoformat()},
            )
        else:
            note = Note(
                "suspend_for_prorated",
                f"Suspend the subscription by {until} and it is credited pro rata "
                "automatically; no credit request is needed for that.",
                {"deadline": until.isoformat()},
            )
        return Assessment(Outcome.PRORATED, problems=(problem,), notes=(note,))
    months = rule_set.windows["prorated_months"]
    return Assessment(
        Outcome.NO_REFUND,
        problems=(problem,),
        notes=(
            Note(
                "no_credit_after_months",
                f"More than {months} months after the purchase, no credit is given.",
                {"months": str(months)},
            ),
        ),
    )


_TIMING_BY_OFFER: dict[Offer, Callable[[date, date | None, CreditRequest, RuleSet], Assessment]] = {
    Offer.LEGACY_M365: _legacy_offer,
    Offer.LEGACY_D365: _legacy_offer,
    Offer.POWER_BI_PREMIUM_P1: _power_bi_premium_p1,
    Offer.M365_A1: _m365_a1,
}


def describe(rule_set: RuleSet) -> tuple[RuleRow, ...]:
    """The accidental-purchase rules as rows of the readable rule table."""
    windows = rule_set.windows
    kind = CreditType.ACCIDENTAL_PURCHASE.label
    legacy = f"{Offer.LEGACY_M365.label}, {Offer.LEGACY_D365.label}"
    p1 = Offer.POWER_BI_PREMIUM_P1.label
    a1 = Offer.M365_A1.label
    return (
        RuleRow(
            kind,
            f"{legacy}: cancelled (suspended) within {windows['accidental_no_request_days']} "
            "days of purchase",
            f"purchase date + {windows['accidental_no_request_days']} days",
            "Full refund without a request; the credit appears on the invoice after the suspension",
        ),
        RuleRow(
            kind,
            f"{legacy}: request filed within {windows['accidental_full_refund_days']} days of "
            "purchase",
            f"purchase date + {windows['accidental_full_refund_days']} days",
            "Full refund from the start of the subscription",
        ),
        RuleRow(
            kind,
            f"{p1}: request filed within {windows['power_bi_p1_full_refund_days']} days of "
            "purchase",
            f"purchase date + {windows['power_bi_p1_full_refund_days']} days",
            "Full refund",
        ),
        RuleRow(
            kind,
            f"{p1}: request filed later, within {windows['accidental_full_refund_days']} days "
            "(our convention)",
            f"purchase date + {windows['accidental_full_refund_days']} days",
            "Refund with fixed costs deducted",
        ),
        RuleRow(
            kind,
            f"{a1}: request filed within {windows['m365_a1_full_refund_days']} days of purchase "
            "and no users assigned",
            f"purchase date + {windows['m365_a1_full_refund_days']} days",
            "Full refund; with users assigned or later, no refund at all",
        ),
        RuleRow(
            kind,
            f"{legacy}, {p1}: suspended in months 2–{windows['prorated_months']}, no request in "
            "time",
            f"purchase date + {windows['prorated_months']} months",
            "Pro rata credit, automatic (no request)",
        ),
        RuleRow(
            kind,
            f"Any offer: more than {windows['prorated_months']} months after purchase",
            "–",
            "No refund",
        ),
    )
