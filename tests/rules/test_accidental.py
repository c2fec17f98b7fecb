from dataclasses import replace
from datetime import date, timedelta

import pytest

from rules import CreditRequest, CreditType, Offer, Outcome, PartnerType, Role, evaluate

PURCHASE = date(2026, 3, 1)


def accidental(**changes: object) -> CreditRequest:
    request = CreditRequest(
        credit_type=CreditType.ACCIDENTAL_PURCHASE,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=PURCHASE + timedelta(days=40),
        rule_set="2021-03-31",
        offer=Offer.LEGACY_M365,
        purchase_date=PURCHASE,
        subscription_id="8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f37",
        description="Licence count raised from 10 to 100 by mistake.",
    )
    return replace(request, **changes)


def on_day(days_after_purchase: int, **changes: object) -> CreditRequest:
    return accidental(today=PURCHASE + timedelta(days=days_after_purchase), **changes)


def codes(request: CreditRequest) -> list[str]:
    return [problem.code for problem in evaluate(request).problems]


@pytest.mark.parametrize("offer", [Offer.LEGACY_M365, Offer.LEGACY_D365])
@pytest.mark.parametrize(
    ("day", "outcome", "deadline", "eligible"),
    [
        (0, Outcome.NO_REQUEST_NEEDED, None, False),
        (30, Outcome.NO_REQUEST_NEEDED, None, False),
        (31, Outcome.FULL_REFUND, date(2026, 5, 30), True),
        (90, Outcome.FULL_REFUND, date(2026, 5, 30), True),
        (91, Outcome.PRORATED, None, False),
    ],
)
def test_legacy_offer_windows_count_from_purchase_and_include_the_last_day(
    offer: Offer, day: int, outcome: Outcome, deadline: date | None, eligible: bool
) -> None:
    verdict = evaluate(on_day(day, offer=offer))
    assert (verdict.outcome, verdict.deadline, verdict.eligible) == (outcome, deadline, eligible)


def test_legacy_offer_not_yet_suspended_within_30_days_says_cancel_instead() -> None:
    verdict = evaluate(on_day(10))
    assert verdict.problems == ()
    assert verdict.details_text is None
    assert verdict.notes == (
        "Cancel (suspend) the subscription by 2026-03-31: within 30 days you get 100 % back "
        "without a credit request; the credit appears on the invoice after the suspension.",
    )


@pytest.mark.parametrize(
    ("suspended_day", "outcome"),
    [(30, Outcome.NO_REQUEST_NEEDED), (31, Outcome.FULL_REFUND)],
)
def test_suspension_on_day_30_needs_no_request_and_on_day_31_does(
    suspended_day: int, outcome: Outcome
) -> None:
    request = on_day(60, suspension_date=PURCHASE + timedelta(days=suspended_day))
    assert evaluate(request).outcome is outcome


def test_suspended_within_30_days_is_refunded_without_a_request_even_months_later() -> None:
    verdict = evaluate(on_day(200, suspension_date=date(2026, 3, 20)))
    assert verdict.outcome is Outcome.NO_REQUEST_NEEDED
    assert verdict.deadline is None
    assert "suspended on 2026-03-20" in verdict.notes[0]


def test_filing_after_90_days_is_past_deadline_and_pro_rata_credit_is_automatic() -> None:
    verdict = evaluate(on_day(91))
    assert [(p.field, p.code) for p in verdict.problems] == [("purchase_date", "past_deadline")]
    assert verdict.outcome is Outcome.PRORATED
    assert verdict.deadline is None
    assert "pro rata automatically" in verdict.notes[0]
    assert "2026-05-30" in verdict.problems[0].message


@pytest.mark.parametrize(
    ("today", "suspension", "outcome"),
    [
        (date(2027, 3, 1), None, Outcome.PRORATED),
        (date(2027, 3, 2), None, Outcome.NO_REFUND),
        (date(2027, 6, 1), date(2027, 3, 1), Outcome.PRORATED),
        (date(2027, 6, 1), date(2027, 3, 2), Outcome.NO_REFUND),
    ],
)
def test_pro_rata_credit_lasts_12_months_from_purchase(
    today: date, suspension: date | None, outcome: Outcome
) -> None:
    verdict = evaluate(accidental(today=today, suspension_date=suspension))
    assert verdict.outcome is outcome
    assert codes(accidental(today=today, suspension_date=suspension)) == ["past_deadline"]


@pytest.mark.parametrize(
    ("day", "outcome", "deadline", "eligible"),
    [
        (0, Outcome.FULL_REFUND, date(2026, 3, 8), True),
        (7, Outcome.FULL_REFUND, date(2026, 3, 8), True),
        (8, Outcome.FIXED_COSTS_DEDUCTED, date(2026, 5, 30), True),
        (90, Outcome.FIXED_COSTS_DEDUCTED, date(2026, 5, 30), True),
        (91, Outcome.PRORATED, None, False),
    ],
)
def test_power_bi_premium_p1_gets_100_percent_for_7_days_then_fixed_costs_are_deducted(
    day: int, outcome: Outcome, deadline: date | None, eligible: bool
) -> None:
    verdict = evaluate(on_day(day, offer=Offer.POWER_BI_PREMIUM_P1))
    assert (verdict.outcome, verdict.deadline, verdict.eligible) == (outcome, deadline, eligible)


def test_the_30_day_no_request_rule_applies_only_to_legacy_offers() -> None:
    for offer in (Offer.POWER_BI_PREMIUM_P1, Offer.M365_A1):
        verdict = evaluate(on_day(3, offer=offer, users_assigned=0))
        assert verdict.outcome is Outcome.FULL_REFUND


@pytest.mark.parametrize(
    ("day", "users", "outcome", "deadline", "problem_codes"),
    [
        (30, 0, Outcome.FULL_REFUND, date(2026, 3, 31), []),
        (31, 0, Outcome.NO_REFUND, None, ["past_deadline"]),
        (30, 3, Outcome.NO_REFUND, date(2026, 3, 31), ["users_assigned"]),
        (31, 3, Outcome.NO_REFUND, None, ["past_deadline"]),
    ],
)
def test_m365_a1_is_refunded_only_within_30_days_and_with_no_users_assigned(
    day: int, users: int, outcome: Outcome, deadline: date | None, problem_codes: list[str]
) -> None:
    verdict = evaluate(on_day(day, offer=Offer.M365_A1, users_assigned=users))
    assert (verdict.outcome, verdict.deadline) == (outcome, deadline)
    assert [p.code for p in verdict.problems] == problem_codes


def test_m365_a1_with_users_assigned_says_unassign_them_then_file_by_the_deadline() -> None:
    verdict = evaluate(on_day(5, offer=Offer.M365_A1, users_assigned=1))
    assert verdict.problems[0].field == "users_assigned"
    assert "1 user is assigned" in verdict.problems[0].message
    assert "Unassign every user, then file by 2026-03-31" in verdict.problems[0].message


def test_m365_a1_needs_the_number_of_users_assigned() -> None:
    verdict = evaluate(on_day(5, offer=Offer.M365_A1))
    assert [(p.field, p.code) for p in verdict.problems] == [("users_assigned", "missing_field")]
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert verdict.deadline == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("purchase", "day_30_in_time", "first_day_late"),
    [
        (date(2024, 1, 30), date(2024, 2, 29), date(2024, 3, 1)),
        (date(2025, 1, 30), date(2025, 3, 1), date(2025, 3, 2)),
        (date(2025, 1, 29), date(2025, 2, 28), date(2025, 3, 1)),
    ],
)
def test_30_day_window_across_february_in_leap_and_common_years(
    purchase: date, day_30_in_time: date, first_day_late: date
) -> None:
    in_time = evaluate(
        accidental(
            offer=Offer.M365_A1, users_assigned=0, purchase_date=purchase, today=day_30_in_time
        )
    )
    late = evaluate(
        accidental(
            offer=Offer.M365_A1, users_assigned=0, purchase_date=purchase, today=first_day_late
        )
    )
    assert (in_time.eligible, in_time.deadline) == (True, day_30_in_time)
    assert (late.eligible, [p.code for p in late.problems]) == (False, ["past_deadline"])


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"offer": None}, "offer", "missing_field"),
        ({"purchase_date": None}, "purchase_date", "missing_field"),
        ({"purchase_date": date(2026, 4, 11)}, "purchase_date", "date_in_future"),
        ({"suspension_date": date(2026, 4, 11)}, "suspension_date", "date_in_future"),
        ({"suspension_date": date(2026, 2, 28)}, "suspension_date", "date_order"),
        ({"subscription_id": "not-a-guid"}, "subscription_id", "invalid_guid"),
        ({"tenant_id": "1234"}, "tenant_id", "invalid_guid"),
        (
            {"offer": Offer.M365_A1, "users_assigned": -1, "today": date(2026, 3, 5)},
            "users_assigned",
            "invalid_number",
        ),
    ],
)
def test_invalid_accidental_purchase_input_is_not_eligible(
    changes: dict[str, object], field: str, code: str
) -> None:
    verdict = evaluate(accidental(**changes))
    assert [(p.field, p.code) for p in verdict.problems] == [(field, code)]
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert verdict.details_text is None


def test_purchase_today_is_not_in_the_future() -> None:
    assert evaluate(accidental(today=PURCHASE)).problems == ()


def test_future_purchase_date_gives_no_deadline() -> None:
    verdict = evaluate(accidental(purchase_date=date(2026, 4, 11)))
    assert verdict.deadline is None


def test_missing_subscription_id_and_description_are_warnings_not_problems() -> None:
    verdict = evaluate(on_day(40, subscription_id=None, description=" "))
    assert verdict.eligible
    assert [(w.field, w.code) for w in verdict.warnings] == [
        ("subscription_id", "missing_evidence"),
        ("description", "missing_evidence"),
    ]


def test_full_refund_details_name_the_offer_dates_and_refund_asked_for() -> None:
    verdict = evaluate(on_day(40, suspension_date=date(2026, 4, 5), order_id="ORD-1"))
    lines = verdict.details_text.splitlines()
    assert "Credit request type: Accidental purchase" in lines
    assert "Offer: Microsoft 365 (legacy offer)" in lines
    assert "Subscription ID: 8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f37" in lines
    assert "Order ID: ORD-1" in lines
    assert "Purchase date: 2026-03-01" in lines
    assert "Suspension date: 2026-04-05" in lines
    assert "Refund asked for: Full refund from the start of the subscription" in lines
    assert "Request deadline: 2026-05-30" in lines
    assert "What went wrong: Licence count raised from 10 to 100 by mistake." in lines


def test_fixed_costs_details_say_so() -> None:
    verdict = evaluate(on_day(20, offer=Offer.POWER_BI_PREMIUM_P1))
    assert "Refund asked for: Refund with fixed costs deducted" in verdict.details_text
    assert "Offer: Power BI Premium P1" in verdict.details_text


def test_users_assigned_is_shown_only_for_m365_a1() -> None:
    a1 = evaluate(on_day(5, offer=Offer.M365_A1, users_assigned=0))
    p1 = evaluate(on_day(5, offer=Offer.POWER_BI_PREMIUM_P1, users_assigned=0))
    assert "Users assigned: 0" in a1.details_text
    assert "Users assigned" not in p1.details_text
