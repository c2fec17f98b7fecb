import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

import rules.rulesets
from rules import (
    PROBLEM_CODES,
    RULE_SETS,
    WARNING_CODES,
    CreditRequest,
    CreditType,
    Offer,
    Outcome,
    PartnerType,
    Role,
    evaluate,
    rule_set_for,
)

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"
FIRST = RULE_SETS["2021-03-31"]


def outage(**changes: object) -> CreditRequest:
    request = CreditRequest(
        credit_type=CreditType.SERVICE_OUTAGE,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 3, 10),
        rule_set="2021-03-31",
        incident_date=date(2026, 2, 15),
        tenant_id=TENANT,
        tenant_domains=("contoso.com",),
        outage_id="EX25194",
        evidence_email="it@contoso.com",
        customer_requested_credit=True,
        bought_through_csp=True,
    )
    return replace(request, **changes)


def accidental(**changes: object) -> CreditRequest:
    request = CreditRequest(
        credit_type=CreditType.ACCIDENTAL_PURCHASE,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 4, 10),
        rule_set="2021-03-31",
        offer=Offer.LEGACY_M365,
        purchase_date=date(2026, 3, 1),
    )
    return replace(request, **changes)


# One request per problem code: the table must cover every code the engine documents.
EXAMPLES_BY_CODE = {
    "role_not_allowed": outage(role=Role.BILLING_ADMIN),
    "partner_type_not_allowed": outage(partner_type=PartnerType.INDIRECT_RESELLER),
    "missing_field": outage(tenant_id=None),
    "date_in_future": outage(incident_date=date(2026, 3, 11)),
    "date_order": accidental(suspension_date=date(2026, 2, 1)),
    "invalid_guid": outage(tenant_id="not-a-guid"),
    "invalid_outage_id": outage(outage_id="25194"),
    "invalid_email": outage(evidence_email="it.contoso.com"),
    "invalid_domain": outage(tenant_domains=("contoso.com", "contoso..com")),
    "invalid_amount": outage(amount=Decimal("-1"), currency="EUR"),
    "invalid_currency": outage(amount=Decimal("1"), currency="EURO"),
    "invalid_number": outage(affected_users=-1),
    "new_commerce_not_in_rule_set": accidental(commerce="new_commerce"),
    "before_new_commerce": accidental(
        rule_set=None,
        today=date(2026, 3, 10),
        commerce="new_commerce",
        product="license_based",
        event_time=datetime(2021, 12, 1, 9, tzinfo=UTC),
    ),
    "personal_email": outage(evidence_email="it@gmail.com"),
    "email_domain_mismatch": outage(evidence_email="it@fabrikam.com"),
    "advisory_incident": outage(advisory=True),
    "customer_request_missing": outage(customer_requested_credit=False),
    "not_bought_through_csp": outage(bought_through_csp=False),
    "users_assigned": accidental(offer=Offer.M365_A1, users_assigned=2, today=date(2026, 3, 5)),
    "past_deadline": outage(today=date(2026, 4, 1)),
    "details_too_long": outage(details_max_length=200),
}


def test_the_example_table_covers_every_problem_code() -> None:
    assert set(EXAMPLES_BY_CODE) == PROBLEM_CODES


@pytest.mark.parametrize(("code", "request_"), EXAMPLES_BY_CODE.items(), ids=list(EXAMPLES_BY_CODE))
def test_each_problem_code_makes_the_request_ineligible_without_details(
    code: str, request_: CreditRequest
) -> None:
    verdict = evaluate(request_)
    assert [problem.code for problem in verdict.problems] == [code]
    assert verdict.eligible is False
    assert verdict.details_text is None
    assert verdict.problems[0].message.strip() == verdict.problems[0].message
    assert "\n" not in verdict.problems[0].message


@pytest.mark.parametrize(
    ("code", "outcome"),
    [("past_deadline", Outcome.NO_REFUND), ("users_assigned", Outcome.NO_REFUND)],
)
def test_timing_problems_keep_the_credit_types_own_outcome(code: str, outcome: Outcome) -> None:
    assert evaluate(EXAMPLES_BY_CODE[code]).outcome is outcome


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES - {"past_deadline", "users_assigned"}))
def test_requester_and_input_problems_make_the_outcome_not_eligible(code: str) -> None:
    assert evaluate(EXAMPLES_BY_CODE[code]).outcome is Outcome.NOT_ELIGIBLE


def test_every_warning_code_is_documented() -> None:
    nce = {"rule_set": None, "commerce": "new_commerce", "product": "license_based"}
    requests = [
        outage(outage_id="ZZ1", customer_requested_credit=None, today=date(2026, 3, 30)),
        accidental(today=date(2026, 4, 10)),
        outage(role=Role.GLOBAL_ADMIN, rule_set=None, evidence_attached=("request_form",)),
        accidental(**nce, event_time=datetime(2026, 3, 1, 9, tzinfo=UTC)),
        accidental(
            rule_set=None,
            commerce="legacy",
            offer="m365_a1",
            users_assigned=0,
            purchase_date=date(2026, 3, 20),
        ),
    ]
    seen = {warning.code for request in requests for warning in evaluate(request).warnings}
    assert seen == WARNING_CODES


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        (date(2026, 3, 23), False),
        (date(2026, 3, 24), True),
        (date(2026, 3, 31), True),
    ],
)
def test_deadline_within_7_days_is_warned_about(today: date, warned: bool) -> None:
    verdict = evaluate(outage(today=today))
    assert ("deadline_soon" in [w.code for w in verdict.warnings]) is warned


def test_deadline_soon_warning_says_how_many_days_are_left() -> None:
    last_day = evaluate(outage(today=date(2026, 3, 31))).warnings[-1]
    one_left = evaluate(outage(today=date(2026, 3, 30))).warnings[-1]
    assert (last_day.field, last_day.code) == (None, "deadline_soon")
    assert last_day.message.startswith("Today is the last day to file")
    assert one_left.message.startswith("Only 1 day left: file by 2026-03-31")


def test_details_longer_than_the_limit_are_refused_never_cut() -> None:
    full = evaluate(outage()).details_text
    at_limit = evaluate(outage(details_max_length=len(full)))
    over = evaluate(outage(details_max_length=len(full) - 1))
    assert at_limit.details_text == full
    assert over.details_text is None
    assert over.outcome is Outcome.NOT_ELIGIBLE
    assert [(p.field, p.code) for p in over.problems] == [(None, "details_too_long")]
    assert over.problems[0].message == (
        f"The Details text is {len(full)} characters; Partner Center accepts {len(full) - 1}. "
        "Shorten the longest answers, usually the description, by at least 1 characters."
    )


def test_details_limit_defaults_to_4000_characters() -> None:
    verdict = evaluate(outage(description="x" * 4000))
    assert [p.code for p in verdict.problems] == ["details_too_long"]
    assert "Partner Center accepts 4000" in verdict.problems[0].message


def test_to_dict_has_exactly_the_cli_keys_and_is_json() -> None:
    verdict = evaluate(outage(role=Role.SALES_AGENT))
    data = verdict.to_dict()
    assert list(data) == [
        "eligible",
        "outcome",
        "deadline",
        "problems",
        "warnings",
        "rule_set",
        "details_text",
        "action",
        "act_by",
        "refund",
        "route",
    ]
    assert data["deadline"] == "2026-03-31"
    assert data["outcome"] == "not_eligible"
    assert data["problems"][0] == {
        "field": "role",
        "code": "role_not_allowed",
        "message": verdict.problems[0].message,
    }
    assert json.loads(json.dumps(data)) == data


def test_verdict_carries_notes_and_the_evidence_checklist_of_its_type() -> None:
    verdict = evaluate(outage())
    assert verdict.evidence == FIRST.credit_types[CreditType.SERVICE_OUTAGE].evidence
    assert verdict.evidence[0] == "Microsoft's credit or refund request form, filled in"
    assert verdict.notes


def test_the_first_rule_set_is_the_2021_article() -> None:
    assert list(RULE_SETS) == ["2021-03-31", "2022-01-10", "2023-05-04", "2024-01-01"]
    assert FIRST.effective_date == date(2021, 3, 31)
    assert dict(FIRST.windows) == {
        "accidental_no_request_days": 30,
        "accidental_full_refund_days": 90,
        "power_bi_p1_full_refund_days": 7,
        "m365_a1_full_refund_days": 30,
        "duplicate_order_days": 120,
        "prorated_months": 12,
        "deadline_soon_days": 7,
    }
    assert set(FIRST.outage_prefixes) == {"EX", "FO", "SB", "OS", "PB", "SP", "YA", "MO"}
    assert set(FIRST.credit_types) == set(CreditType)


def test_verdict_records_the_rule_set_version_it_was_evaluated_under() -> None:
    assert evaluate(outage()).rule_set == "2021-03-31"
    assert evaluate(outage(rule_set="2021-03-31")).rule_set == "2021-03-31"
    assert "Rule set: 2021-03-31" in evaluate(outage()).details_text


def test_requests_dated_before_the_first_rule_set_use_the_first_one() -> None:
    assert rule_set_for(date(2020, 1, 1)) is FIRST
    verdict = evaluate(outage(today=date(2020, 3, 10), incident_date=date(2020, 2, 15)))
    assert verdict.rule_set == "2021-03-31"


def test_unknown_rule_set_version_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown rule set '1999-01-01'"):
        evaluate(outage(rule_set="1999-01-01"))
    with pytest.raises(ValueError, match="unknown rule set"):
        evaluate(outage(), rule_set="1999-01-01")


def test_the_rule_set_argument_overrides_the_requests_own() -> None:
    assert evaluate(outage(rule_set="1999-01-01"), rule_set="2021-03-31").rule_set == "2021-03-31"
    stricter = replace(
        FIRST, version="2027-01-01", windows={**FIRST.windows, "duplicate_order_days": 90}
    )
    request = CreditRequest(
        credit_type=CreditType.DUPLICATE_ORDER,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 3, 10),
        rule_set="2021-03-31",
        new_subscription_purchase_date=date(2026, 1, 1),
    )
    assert evaluate(request).deadline == date(2026, 5, 1)
    verdict = evaluate(request, rule_set=stricter)
    assert (verdict.rule_set, verdict.deadline) == ("2027-01-01", date(2026, 4, 1))


def test_the_rule_set_in_force_on_today_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    later = replace(FIRST, version="2027-01-01", effective_date=date(2027, 1, 1))
    monkeypatch.setattr(rules.rulesets, "_BY_EFFECTIVE_DATE", (FIRST, later))
    assert rule_set_for(date(2026, 12, 31)) is FIRST
    assert rule_set_for(date(2027, 1, 1)) is later
    assert rule_set_for(date(2030, 1, 1)) is later


def test_evaluate_is_deterministic() -> None:
    request = outage(description="Mail was down.\nUsers could not log in.")
    assert evaluate(request) == evaluate(request)


def test_a_request_on_day_x_plus_n_is_in_time_for_every_window() -> None:
    for days, offer in [(90, Offer.LEGACY_D365), (7, Offer.POWER_BI_PREMIUM_P1)]:
        purchase = date(2026, 3, 1)
        verdict = evaluate(
            accidental(offer=offer, purchase_date=purchase, today=purchase + timedelta(days=days))
        )
        assert verdict.eligible
        assert verdict.deadline == purchase + timedelta(days=days)
