"""Accidental purchase (legacy Microsoft 365 / Dynamics 365 offers): windows count from purchase."""

from collections.abc import Callable
from datetime import date

from rules import catalogue, new_commerce
from rules.calendar import in_time, within_days, within_months
from rules.catalogue import gettext_noop, ngettext_noop
from rules.model import (
    Action,
    Assessment,
    Commerce,
    CreditRequest,
    CreditType,
    Finding,
    Offer,
    Outcome,
    Refund,
    SelfService,
    end_of_day,
)
from rules.ruleset import RuleRow, RuleSet
from rules.validators import (
    check_count,
    check_guid,
    check_not_future,
    check_order,
    missing_evidence_warnings,
    missing_field,
)
from rules.wording import finding, note

catalogue.register(
    findings={
        ("past_deadline", "accidental_purchase"): gettext_noop(
            "Purchase date: the window for a refund from the start closed on %(deadline)s, "
            "%(days)s days after the purchase on %(purchase_date)s. It is too late to request it."
        ),
        ("past_deadline", "m365_a1"): gettext_noop(
            "Purchase date: Microsoft 365 A1 is refunded only if the request is filed within "
            "%(days)s days of the purchase on %(purchase_date)s, by %(deadline)s. No refund is "
            "given after that."
        ),
        ("users_assigned", ""): ngettext_noop(
            "Users assigned: Microsoft 365 A1 is refunded only when no users are assigned, and "
            "%(users)s user is assigned. Unassign every user, then file by %(deadline)s.",
            "Users assigned: Microsoft 365 A1 is refunded only when no users are assigned, and "
            "%(users)s users are assigned. Unassign every user, then file by %(deadline)s.",
            "users",
        ),
        ("legacy_after_stop_sell", ""): gettext_noop(
            "%(field)s: no new legacy seat-based purchases could be made from %(date)s. Check in "
            "Partner Center that this is not a new commerce subscription: new commerce has "
            "other rules."
        ),
        ("offer_no_longer_sold", "power_bi"): gettext_noop(
            "%(field)s: Power BI Premium P SKUs are no longer sold from %(date)s (a weaker "
            "source). Check the offer in Partner Center."
        ),
        ("offer_no_longer_sold", "new_commerce_only"): gettext_noop(
            "%(field)s: education and nonprofit offers such as Microsoft 365 A1 are sold only in "
            "new commerce from %(date)s (a distributor's date). Check in Partner Center that this "
            "is not a new commerce subscription."
        ),
    },
    notes={
        "suspended_in_time": gettext_noop(
            "The subscription was suspended on %(suspension_date)s, within %(days)s days of "
            "purchase: you get 100 %% back without a credit request; the credit appears on the "
            "invoice after the suspension."
        ),
        "cancel_by": gettext_noop(
            "Cancel (suspend) the subscription by %(deadline)s: within %(days)s days you get "
            "100 %% back without a credit request; the credit appears on the invoice after the "
            "suspension."
        ),
        "full_refund_file_by": gettext_noop(
            "File by %(deadline)s for a full refund from the start of the subscription. Without "
            "a request, a suspension in months 2–12 is credited pro rata only."
        ),
        "power_bi_full_refund_file_by": gettext_noop(
            "File by %(deadline)s for 100 %% back; after %(days)s days, fixed costs are deducted "
            "from the credit."
        ),
        "fixed_costs_file_by": gettext_noop(
            "More than %(days)s days after the purchase, fixed costs are deducted from the "
            "credit. File by %(deadline)s."
        ),
        "power_bi_daily_fixed_cost": gettext_noop(
            "After day %(days)s Microsoft deducts fixed costs of USD %(per_day)s a day, whatever "
            "the licence count: for the %(days_used)s days since the purchase, about USD "
            "%(estimate)s (our estimate)."
        ),
        "no_users_file_by": gettext_noop(
            "Full credit only while no users are assigned: keep it so and file by %(deadline)s."
        ),
        "prorated_automatically": gettext_noop(
            "The suspension on %(suspension_date)s is credited pro rata automatically; no credit "
            "request is needed for that."
        ),
        "suspend_for_prorated": gettext_noop(
            "Suspend the subscription by %(deadline)s and it is credited pro rata automatically; "
            "no credit request is needed for that."
        ),
        "no_credit_after_months": gettext_noop(
            "More than %(months)s months after the purchase, no credit is given."
        ),
    },
    reasons={
        "choose_offer": gettext_noop("Choose the product that was bought by mistake."),
        "a1_users_decide": gettext_noop(
            "Microsoft 365 A1 is refunded only when no users are assigned."
        ),
        "refund_windows_count": gettext_noop("Every refund window counts from it."),
        "subscription_finds_purchase": gettext_noop(
            "Microsoft finds the purchase by its subscription ID."
        ),
        "say_what_went_wrong": gettext_noop(
            "Say what went wrong, e.g. the licence count was raised by mistake."
        ),
    },
)

_WANTED_EVIDENCE = {
    "subscription_id": "subscription_finds_purchase",
    "description": "say_what_went_wrong",
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
    """Check the accidental-purchase fields, then apply the offer's (or the window's) rules."""
    problems: list[Finding] = []
    commerce = new_commerce.commerce_of(request, rule_set, problems)
    if commerce is not Commerce.LEGACY:
        for field in ("subscription_id", "tenant_id"):
            if found := check_guid(getattr(request, field), field):
                problems.append(found)
        if commerce is None:
            return Assessment(Outcome.NOT_ELIGIBLE, problems=tuple(problems))
        return new_commerce.assess(
            request,
            rule_set,
            date_field="purchase_date",
            problems=problems,
            warnings=missing_evidence_warnings(request, _WANTED_EVIDENCE),
        )
    offer = request.offer
    if offer is None:
        problems.append(missing_field("offer", "choose_offer"))
    purchase = _purchase_date(request, problems)
    suspension = _suspension_date(request, purchase, problems)
    if offer is Offer.M365_A1:
        if request.users_assigned is None:
            problems.append(missing_field("users_assigned", "a1_users_decide"))
        elif found := check_count(request.users_assigned, "users_assigned"):
            problems.append(found)
    for field in ("subscription_id", "tenant_id"):
        if found := check_guid(getattr(request, field), field):
            problems.append(found)
    warnings = (
        *missing_evidence_warnings(request, _WANTED_EVIDENCE),
        *_stop_sell_warnings(offer, purchase, rule_set),
    )
    if offer is None or purchase is None:
        return Assessment(Outcome.NOT_ELIGIBLE, problems=tuple(problems), warnings=warnings)
    timing = _timing_for(offer, rule_set)(purchase, suspension, request, rule_set)
    return Assessment(
        timing.outcome,
        timing.deadline,
        (*problems, *timing.problems),
        warnings,
        timing.notes,
        self_service=timing.self_service,
    )


def _stop_sell_warnings(
    offer: Offer | None, purchase: date | None, rule_set: RuleSet
) -> tuple[Finding, ...]:
    # Weaker sources (POLICY.md part 2): warnings that ask the user to check, never refusals.
    if purchase is None:
        return ()
    warnings = []
    if rule_set.legacy_stop_sell is not None and purchase >= rule_set.legacy_stop_sell:
        warnings.append(
            finding(
                "purchase_date",
                "legacy_after_stop_sell",
                date=rule_set.legacy_stop_sell.isoformat(),
            )
        )
    stop_sell = rule_set.offer_stop_sell.get(offer) if offer else None
    if stop_sell is not None and purchase >= stop_sell:
        variant = "new_commerce_only" if offer is Offer.M365_A1 else "power_bi"
        warnings.append(
            finding("offer", "offer_no_longer_sold", variant, date=stop_sell.isoformat())
        )
    return tuple(warnings)


def _purchase_date(request: CreditRequest, problems: list[Finding]) -> date | None:
    purchase = request.purchase_date
    if purchase is None:
        problems.append(missing_field("purchase_date", "refund_windows_count"))
    elif found := check_not_future(purchase, request.today, "purchase_date"):
        problems.append(found)
        return None
    return purchase


def _suspension_date(
    request: CreditRequest, purchase: date | None, problems: list[Finding]
) -> date | None:
    # An invalid suspension date is reported and then treated as "not suspended yet".
    suspension = request.suspension_date
    if suspension is None:
        return None
    found = check_not_future(suspension, request.today, "suspension_date")
    if found is None and purchase is not None:
        found = check_order(
            purchase, suspension, field="suspension_date", start_field="purchase_date"
        )
    if found:
        problems.append(found)
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
            notes=(note("suspended_in_time", suspension_date=suspension.isoformat(), days=days),),
        )
    if suspension is None and in_time(request.today, cancel_by):
        return Assessment(
            Outcome.NO_REQUEST_NEEDED,
            notes=(note("cancel_by", deadline=cancel_by.isoformat(), days=days),),
            self_service=SelfService(
                Action.CANCEL_IN_PARTNER_CENTER, end_of_day(cancel_by), Refund.FULL
            ),
        )
    file_by = full_refund_window(purchase, rule_set)
    if in_time(request.today, file_by):
        return Assessment(
            Outcome.FULL_REFUND,
            file_by,
            notes=(note("full_refund_file_by", deadline=file_by.isoformat()),),
        )
    return _too_late(purchase, suspension, request, rule_set, file_by)


def _power_bi_premium(
    purchase: date, suspension: date | None, request: CreditRequest, rule_set: RuleSet
) -> Assessment:
    full_by = power_bi_p1_full_refund_window(purchase, rule_set)
    days = rule_set.windows["power_bi_p1_full_refund_days"]
    if in_time(request.today, full_by):
        return Assessment(
            Outcome.FULL_REFUND,
            full_by,
            notes=(note("power_bi_full_refund_file_by", deadline=full_by.isoformat(), days=days),),
        )
    reduced_by = full_refund_window(purchase, rule_set)
    if in_time(request.today, reduced_by):
        notes = [note("fixed_costs_file_by", deadline=reduced_by.isoformat(), days=days)]
        per_day = rule_set.power_bi_daily_fixed_cost_usd
        if per_day is not None:
            days_used = ((suspension or request.today) - purchase).days
            notes.append(
                note(
                    "power_bi_daily_fixed_cost",
                    days=days,
                    per_day=per_day,
                    days_used=days_used,
                    estimate=per_day * days_used,
                )
            )
        return Assessment(Outcome.FIXED_COSTS_DEDUCTED, reduced_by, notes=tuple(notes))
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
                finding(
                    "purchase_date",
                    "past_deadline",
                    "m365_a1",
                    days=days,
                    purchase_date=purchase.isoformat(),
                    deadline=file_by.isoformat(),
                ),
            ),
        )
    users = request.users_assigned
    if users is not None and users > 0:
        return Assessment(
            Outcome.NO_REFUND,
            file_by,
            problems=(
                finding(
                    "users_assigned", "users_assigned", users=users, deadline=file_by.isoformat()
                ),
            ),
        )
    return Assessment(
        Outcome.FULL_REFUND,
        file_by,
        notes=(note("no_users_file_by", deadline=file_by.isoformat()),),
    )


def _too_late(
    purchase: date,
    suspension: date | None,
    request: CreditRequest,
    rule_set: RuleSet,
    closed_on: date,
) -> Assessment:
    problem = finding(
        "purchase_date",
        "past_deadline",
        "accidental_purchase",
        deadline=closed_on.isoformat(),
        days=(closed_on - purchase).days,
        purchase_date=purchase.isoformat(),
    )
    until = prorated_until(purchase, rule_set)
    if in_time(suspension or request.today, until):
        if suspension:
            return Assessment(
                Outcome.PRORATED,
                problems=(problem,),
                notes=(note("prorated_automatically", suspension_date=suspension.isoformat()),),
            )
        return Assessment(
            Outcome.PRORATED,
            problems=(problem,),
            notes=(note("suspend_for_prorated", deadline=until.isoformat()),),
            self_service=SelfService(
                Action.CANCEL_IN_PARTNER_CENTER, end_of_day(until), Refund.PRORATED
            ),
        )
    months = rule_set.windows["prorated_months"]
    return Assessment(
        Outcome.NO_REFUND,
        problems=(problem,),
        notes=(note("no_credit_after_months", months=months),),
    )


Timing = Callable[[date, date | None, CreditRequest, RuleSet], Assessment]
_TIMING_BY_OFFER: dict[Offer, Timing] = {
    Offer.LEGACY_M365: _legacy_offer,
    Offer.LEGACY_D365: _legacy_offer,
    Offer.M365_A1: _m365_a1,
}


def _timing_for(offer: Offer, rule_set: RuleSet) -> Timing:
    """The offer's windows: the Power BI rule covers the offers the rule set names (P1 only in
    2021; every Premium SKU from 2023-05-04); another Power BI SKU follows the legacy rule."""
    if offer in rule_set.power_bi_offers:
        return _power_bi_premium
    return _TIMING_BY_OFFER.get(offer, _legacy_offer)


def describe(rule_set: RuleSet) -> tuple[RuleRow, ...]:
    """The accidental-purchase rules as rows of the readable rule table."""
    windows = rule_set.windows
    kind = CreditType.ACCIDENTAL_PURCHASE.label
    legacy = f"{Offer.LEGACY_M365.label}, {Offer.LEGACY_D365.label}"
    p1 = " or ".join(offer.label for offer in Offer if offer in rule_set.power_bi_offers)
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
        *(
            (
                RuleRow(
                    kind,
                    "New commerce purchase: inside its self-service window (below)",
                    "event + the product's window, in hours (UTC)",
                    "No request: cancel or reduce seats in Partner Center",
                ),
                RuleRow(
                    kind,
                    "New commerce purchase: after its window (our convention: not refused)",
                    "–",
                    "Reviewed by Microsoft, granted only by exception",
                ),
            )
            if rule_set.new_commerce
            else ()
        ),
    )
