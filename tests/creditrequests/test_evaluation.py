"""creditrequests.evaluation: saved answers in, the rules' verdict out, copied onto the draft."""

from datetime import date

import pytest

from creditrequests.evaluation import (
    evaluate_answers,
    evaluate_draft,
    record_verdict,
    requester_problems,
)
from tests.factories import DraftFactory

OUTAGE = {
    "credit_type": "service_outage",
    "role": "admin_agent",
    "partner_type": "direct",
    "incident_date": "2026-02-15",
    "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "tenant_domains": ["contoso.com"],
    "outage_id": "EX25194",
    "evidence_email": "it@contoso.com",
}


def test_the_contract_example_is_eligible_until_the_end_of_the_next_month():
    verdict = evaluate_answers(OUTAGE, today=date(2026, 3, 10))

    assert verdict.eligible is True
    assert verdict.outcome == "review"
    assert verdict.deadline == date(2026, 3, 31)
    assert "EX25194" in verdict.details_text
    assert OUTAGE["tenant_id"] in verdict.details_text


def test_a_today_saved_in_the_answers_does_not_override_the_evaluation_date():
    verdict = evaluate_answers({**OUTAGE, "today": "2026-02-20"}, today=date(2026, 4, 2))

    assert verdict.eligible is False
    assert verdict.deadline is None


def test_amounts_saved_as_strings_are_read_as_decimals():
    answers = {
        "credit_type": "technical_issue",
        "role": "admin_agent",
        "partner_type": "direct",
        "amount": "125.50",
        "currency": "EUR",
        "description": "Charged twice.",
    }

    verdict = evaluate_answers(answers, today=date(2026, 3, 10))

    assert "Amount requested: 125.50 EUR" in verdict.details_text


def test_unreadable_answers_raise_a_value_error():
    with pytest.raises(ValueError):
        evaluate_answers({**OUTAGE, "incident_date": "15/02/2026"}, today=date(2026, 3, 10))


@pytest.mark.django_db
def test_record_verdict_copies_the_key_facts_onto_the_draft():
    draft = DraftFactory(answers=OUTAGE)
    today = date(2026, 3, 10)

    record_verdict(draft, evaluate_draft(draft, today=today), today=today)

    assert draft.eligible is True
    assert draft.outcome == "review"
    assert draft.deadline == date(2026, 3, 31)
    assert draft.rule_set_version == "2024-01-01"
    assert (draft.action, draft.act_by) == ("file_request", None)
    assert draft.evaluated_on == today
    assert draft.details_text.startswith("Credit request type: Service outage (SLA)")


@pytest.mark.django_db
def test_an_ineligible_verdict_leaves_no_details_text_on_the_draft():
    draft = DraftFactory(answers={**OUTAGE, "role": "billing_admin"}, details_text="old")
    today = date(2026, 3, 10)

    record_verdict(draft, evaluate_draft(draft, today=today), today=today)

    assert draft.eligible is False
    assert draft.details_text == ""


@pytest.mark.django_db
def test_a_draft_is_evaluated_under_the_rule_set_it_was_saved_with():
    draft = DraftFactory(answers=OUTAGE, rule_set_version="2021-03-31")

    assert evaluate_draft(draft, today=date(2026, 3, 10)).rule_set == "2021-03-31"


@pytest.mark.parametrize(
    ("role", "partner_type", "codes"),
    [
        ("admin_agent", "direct", []),
        ("global_admin", "indirect_provider", []),
        ("billing_admin", "direct", ["role_not_allowed"]),
        ("admin_agent", "indirect_reseller", ["partner_type_not_allowed"]),
        ("other", "indirect_reseller", ["role_not_allowed", "partner_type_not_allowed"]),
    ],
)
def test_requester_problems_come_from_the_rules(role, partner_type, codes):
    problems = requester_problems(role, partner_type, today=date(2026, 3, 10))

    assert [problem.code for problem in problems] == codes
