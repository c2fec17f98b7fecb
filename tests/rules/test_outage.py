import json
from dataclasses import replace
from datetime import date

import pytest

from rules import CreditRequest, CreditType, Outcome, PartnerType, Role, evaluate
from rules.json_input import request_from_json

TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"


def outage(**changes: object) -> CreditRequest:
    request = CreditRequest(
        credit_type=CreditType.SERVICE_OUTAGE,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 3, 10),
        rule_set="2021-03-31",
        incident_date=date(2026, 2, 15),
        tenant_id=TENANT,
        tenant_domains=("contoso.com", "contoso.onmicrosoft.com"),
        outage_id="EX25194",
        evidence_email="it@contoso.com",
        customer_requested_credit=True,
        bought_through_csp=True,
        incident_duration="3 hours",
        affected_services="Exchange Online",
        affected_users=120,
        resolution_actions="Rerouted mail flow.",
        support_ticket_numbers="2602150040001234",
    )
    return replace(request, **changes)


def problems(request: CreditRequest) -> list[tuple[str | None, str]]:
    return [(problem.field, problem.code) for problem in evaluate(request).problems]


def warnings(request: CreditRequest) -> list[tuple[str | None, str]]:
    return [(warning.field, warning.code) for warning in evaluate(request).warnings]


def test_the_contract_example_is_eligible_for_review_by_31_march() -> None:
    example = json.loads(
        '{"credit_type":"service_outage","role":"admin_agent","partner_type":"direct",'
        '"today":"2026-03-10","rule_set":"2021-03-31","incident_date":"2026-02-15",'
        '"tenant_id":"2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14","tenant_domains":["contoso.com"],'
        '"outage_id":"EX25194","evidence_email":"it@contoso.com"}'
    )
    verdict = evaluate(request_from_json(example, today=date(2000, 1, 1)))
    assert verdict.eligible is True
    assert verdict.outcome is Outcome.REVIEW
    assert verdict.deadline == date(2026, 3, 31)
    assert TENANT in verdict.details_text
    assert "EX25194" in verdict.details_text


@pytest.mark.parametrize(
    ("incident", "last_day_in_time", "first_day_late"),
    [
        (date(2026, 2, 15), date(2026, 3, 31), date(2026, 4, 1)),
        (date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 1)),
        (date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 1)),
        (date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 1)),
        (date(2024, 1, 1), date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_claim_filed_on_last_day_of_next_month_is_in_time_and_a_day_later_is_late(
    incident: date, last_day_in_time: date, first_day_late: date
) -> None:
    in_time = evaluate(outage(incident_date=incident, today=last_day_in_time))
    late = evaluate(outage(incident_date=incident, today=first_day_late))
    assert (in_time.eligible, in_time.outcome, in_time.deadline) == (
        True,
        Outcome.REVIEW,
        last_day_in_time,
    )
    assert (late.eligible, late.outcome, late.deadline) == (False, Outcome.NO_REFUND, None)
    assert [(p.field, p.code) for p in late.problems] == [("incident_date", "past_deadline")]


def test_claim_filed_on_the_day_of_the_incident_is_in_time() -> None:
    verdict = evaluate(outage(incident_date=date(2026, 3, 10)))
    assert verdict.eligible
    assert verdict.deadline == date(2026, 4, 30)


@pytest.mark.parametrize("outage_id", ["EX25194", "ex25194", " Sp1 ", "MO123456789"])
def test_outage_ids_of_two_letters_and_a_number_are_accepted(outage_id: str) -> None:
    assert problems(outage(outage_id=outage_id)) == []


@pytest.mark.parametrize("outage_id", ["25194", "EX", "E25194", "EXO25194", "EX-25194", "EX 25194"])
def test_outage_ids_without_a_two_letter_prefix_and_digits_are_invalid(outage_id: str) -> None:
    assert problems(outage(outage_id=outage_id)) == [("outage_id", "invalid_outage_id")]


def test_outage_id_is_normalised_to_upper_case_with_its_service_in_the_details() -> None:
    verdict = evaluate(outage(outage_id="sp77"))
    assert "Outage incident ID: SP77 (SharePoint Online)" in verdict.details_text


def test_unknown_outage_prefix_is_a_warning_not_a_problem() -> None:
    verdict = evaluate(outage(outage_id="ZZ123"))
    assert verdict.eligible
    assert ("outage_id", "unknown_outage_prefix") in [(w.field, w.code) for w in verdict.warnings]
    assert "Outage incident ID: ZZ123" in verdict.details_text


@pytest.mark.parametrize(
    "email",
    [
        "it@contoso.com",
        "IT@Contoso.COM",
        "admin@contoso.onmicrosoft.com",
        "it@mail.contoso.com",
        "first.last+sla@eu.mail.contoso.com",
    ],
)
def test_evidence_email_from_a_tenant_domain_or_subdomain_is_accepted(email: str) -> None:
    assert problems(outage(evidence_email=email)) == []


@pytest.mark.parametrize(
    "email",
    ["someone@gmail.com", "x@outlook.com", "x@HOTMAIL.com", "x@yahoo.co.uk", "x@mail.gmail.com"],
)
def test_evidence_email_from_a_personal_email_service_is_refused(email: str) -> None:
    request = outage(evidence_email=email, tenant_domains=("contoso.com",))
    assert problems(request) == [("evidence_email", "personal_email")]


@pytest.mark.parametrize(
    "email", ["it@fabrikam.com", "it@notcontoso.com", "it@contoso.com.evil.net", "it@com"]
)
def test_evidence_email_from_another_domain_is_refused(email: str) -> None:
    expected = "invalid_email" if email == "it@com" else "email_domain_mismatch"
    assert problems(outage(evidence_email=email)) == [("evidence_email", expected)]


def test_domain_mismatch_message_lists_the_tenant_domains() -> None:
    message = evaluate(outage(evidence_email="it@fabrikam.com")).problems[0].message
    assert "fabrikam.com" in message
    assert "contoso.com, contoso.onmicrosoft.com" in message


@pytest.mark.parametrize(
    "email", ["it", "it@", "@contoso.com", "it@@contoso.com", "a b@contoso.com"]
)
def test_evidence_email_must_be_an_address(email: str) -> None:
    assert problems(outage(evidence_email=email)) == [("evidence_email", "invalid_email")]


def test_tenant_domains_are_compared_without_case() -> None:
    assert problems(outage(tenant_domains=("Contoso.COM",), evidence_email="it@contoso.com")) == []


@pytest.mark.parametrize(
    "domain", ["onmicrosoft.com", "gmail.com", "http://contoso.com", "contoso", "-contoso.com"]
)
def test_invalid_tenant_domains_are_refused(domain: str) -> None:
    request = outage(tenant_domains=("contoso.com", domain))
    assert problems(request) == [("tenant_domains", "invalid_domain")]


def test_tenant_domains_are_required() -> None:
    assert problems(outage(tenant_domains=())) == [("tenant_domains", "missing_field")]
    assert problems(outage(tenant_domains=("", " "))) == [("tenant_domains", "missing_field")]


def test_advisory_incidents_are_not_eligible() -> None:
    verdict = evaluate(outage(advisory=True))
    assert [(p.field, p.code) for p in verdict.problems] == [("advisory", "advisory_incident")]
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert evaluate(outage(advisory=False)).eligible


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"incident_date": None}, "incident_date", "missing_field"),
        ({"incident_date": date(2026, 3, 11)}, "incident_date", "date_in_future"),
        ({"tenant_id": None}, "tenant_id", "missing_field"),
        ({"tenant_id": "contoso"}, "tenant_id", "invalid_guid"),
        ({"tenant_id": "00000000-0000-0000-0000-000000000000"}, "tenant_id", "invalid_guid"),
        ({"outage_id": None}, "outage_id", "missing_field"),
        ({"evidence_email": None}, "evidence_email", "missing_field"),
        (
            {"customer_requested_credit": False},
            "customer_requested_credit",
            "customer_request_missing",
        ),
        ({"bought_through_csp": False}, "bought_through_csp", "not_bought_through_csp"),
        ({"affected_users": -5}, "affected_users", "invalid_number"),
    ],
)
def test_each_missing_or_invalid_outage_fact_is_a_problem(
    changes: dict[str, object], field: str, code: str
) -> None:
    verdict = evaluate(outage(**changes))
    assert [(p.field, p.code) for p in verdict.problems] == [(field, code)]
    assert verdict.outcome is Outcome.NOT_ELIGIBLE


def test_tenant_id_in_braces_and_upper_case_is_accepted_and_shown_canonical() -> None:
    verdict = evaluate(outage(tenant_id="{2F1E6C1A-7D3B-4B7E-9A51-0C3F8E6D2B14}"))
    assert f"Customer tenant ID: {TENANT}" in verdict.details_text


def test_unconfirmed_customer_request_and_csp_purchase_are_warnings() -> None:
    request = outage(customer_requested_credit=None, bought_through_csp=None)
    assert evaluate(request).eligible
    assert warnings(request) == [
        ("customer_requested_credit", "unconfirmed"),
        ("bought_through_csp", "unconfirmed"),
    ]


def test_missing_earlier_version_evidence_is_warned_about_never_refused() -> None:
    request = outage(
        incident_duration=None,
        affected_services="",
        affected_users=None,
        resolution_actions=None,
        support_ticket_numbers=None,
    )
    verdict = evaluate(request)
    assert verdict.eligible
    assert [(w.field, w.code) for w in verdict.warnings] == [
        ("incident_duration", "missing_evidence"),
        ("affected_services", "missing_evidence"),
        ("affected_users", "missing_evidence"),
        ("resolution_actions", "missing_evidence"),
        ("support_ticket_numbers", "missing_evidence"),
    ]


def test_outage_notes_say_only_the_affected_service_is_credited() -> None:
    notes = evaluate(outage()).notes
    assert any("Only the affected service is credited, pro rata" in note for note in notes)
    assert any("by 2026-03-31" in note for note in notes)


def test_outage_details_hold_every_required_fact_in_labelled_lines() -> None:
    verdict = evaluate(outage(customer_name="Contoso Ltd", affected_locations="Stockholm"))
    assert verdict.details_text.splitlines()[:3] == [
        "Credit request type: Service outage (SLA)",
        "Partner type: Direct-bill partner",
        "Requested by role: Admin agent",
    ]
    for line in [
        "Customer: Contoso Ltd",
        f"Customer tenant ID: {TENANT}",
        "Tenant domains: contoso.com, contoso.onmicrosoft.com",
        "Outage incident ID: EX25194 (Exchange Online)",
        "Incident date: 2026-02-15",
        "Duration: 3 hours",
        "Affected services: Exchange Online",
        "Affected users: 120",
        "Affected locations: Stockholm",
        "Resolution at the time: Rerouted mail flow.",
        "Support tickets: 2602150040001234",
        "Customer evidence email: it@contoso.com",
        "Customer asked for SLA credit: Yes",
        "Bought through CSP: Yes",
        "Claim deadline: 2026-03-31",
        "Evidence attached:",
        "Rule set: 2021-03-31",
    ]:
        assert line in verdict.details_text.splitlines()
