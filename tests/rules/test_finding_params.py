"""Findings and notes carry their values apart from the English message, for translation."""

from datetime import date

from rules import CreditRequest, CreditType, Finding, Note, evaluate

TODAY = date(2026, 3, 10)


def refused_late_outage() -> CreditRequest:
    return CreditRequest(
        credit_type=CreditType.SERVICE_OUTAGE,
        role="billing_admin",
        partner_type="indirect_reseller",
        today=TODAY,
        rule_set="2021-03-31",
        incident_date=date(2025, 12, 15),
        tenant_id="2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        tenant_domains=("contoso.com",),
        outage_id="ZZ25194",
        evidence_email="someone@gmail.com",
    )


def test_every_finding_carries_string_params() -> None:
    verdict = evaluate(refused_late_outage())
    for finding in (*verdict.problems, *verdict.warnings):
        assert finding.params, finding.code
        assert all(isinstance(value, str) for value in finding.params.values())


def test_a_past_deadline_carries_its_dates_in_iso_form() -> None:
    verdict = evaluate(refused_late_outage())
    late = next(f for f in verdict.problems if f.code == "past_deadline")
    assert late.params["incident_date"] == "2025-12-15"
    assert late.params["deadline"] == "2026-01-31"


def test_params_stay_out_of_equality_and_of_the_cli_output() -> None:
    with_params = Finding("role", "role_not_allowed", "Refused.", {"role": "billing_admin"})
    assert with_params == Finding("role", "role_not_allowed", "Refused.")
    assert with_params.to_dict() == {
        "field": "role",
        "code": "role_not_allowed",
        "message": "Refused.",
    }


def test_a_note_is_its_english_text_with_a_code_and_params() -> None:
    verdict = evaluate(refused_late_outage())
    notes = evaluate(
        CreditRequest(
            credit_type=CreditType.SERVICE_OUTAGE,
            role="admin_agent",
            partner_type="direct",
            today=TODAY,
            rule_set="2021-03-31",
            incident_date=date(2026, 2, 15),
        )
    ).notes
    claim_by = notes[0]
    assert isinstance(claim_by, Note)
    assert (
        claim_by == "Microsoft must receive the claim and all required information by 2026-03-31."
    )
    assert (claim_by.code, claim_by.params) == ("sla_claim_by", {"deadline": "2026-03-31"})
    assert all(isinstance(note, Note) and note.code for note in verdict.notes)
