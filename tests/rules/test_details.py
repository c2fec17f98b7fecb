from dataclasses import replace
from datetime import date

import pytest

from rules import CreditRequest, CreditType, PartnerType, Role, evaluate, render_details


def technical(**changes: object) -> CreditRequest:
    request = CreditRequest(
        credit_type=CreditType.TECHNICAL_ISSUE,
        role=Role.ADMIN_AGENT,
        partner_type=PartnerType.DIRECT,
        today=date(2026, 3, 10),
        rule_set="2021-03-31",
        issue_date=date(2026, 3, 1),
        description="Provisioning failed.",
    )
    return replace(request, **changes)


def details(**changes: object) -> str:
    text = evaluate(technical(**changes)).details_text
    assert text is not None
    return text


def test_every_line_is_a_label_a_checklist_item_or_an_indented_value() -> None:
    text = details(description="First line.\nSecond line.", customer_name="Contoso")
    for line in text.splitlines():
        assert line == "" or line.startswith(("- ", "  ")) or ": " in line or line.endswith(":")


def test_optional_facts_left_empty_get_no_line() -> None:
    text = details(customer_name=None, partner_reference="  ", references="")
    assert "Customer" not in text
    assert "Partner reference" not in text
    assert "Subscriptions, orders or invoices" not in text


def test_no_line_has_trailing_spaces_and_the_text_has_no_trailing_newline() -> None:
    text = details(description="Line one.   \n  \nLine three.\t\n", customer_name=" Contoso  ")
    assert all(line == line.rstrip() for line in text.splitlines())
    assert not text.endswith("\n")
    assert "Customer: Contoso" in text


def test_a_value_of_several_lines_is_indented_under_its_label() -> None:
    text = details(description="Step one failed.\r\nRule set: 1999\n\nStep three.")
    assert "What happened:\n  Step one failed.\n  Rule set: 1999\n\n  Step three." in text
    assert text.splitlines()[-1] == "Rule set: 2021-03-31"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Contoso\x00 Ltd", "Contoso Ltd"),
        ("Contoso\u202e Ltd", "Contoso Ltd"),
        ("Contoso\u200b Ltd", "Contoso Ltd"),
        ("Contoso\u00a0Ltd", "Contoso Ltd"),
        ("Contoso\tLtd", "Contoso Ltd"),
        ("Contoso\u2028Ltd", "Contoso\n  Ltd"),
    ],
)
def test_control_and_invisible_characters_are_removed(typed: str, shown: str) -> None:
    text = details(customer_name=typed)
    assert f"Customer: {shown}" in text or f"Customer:\n  {shown}" in text


def test_a_value_of_only_invisible_characters_gets_no_line() -> None:
    assert "Customer" not in details(customer_name="\u200b\x00")


def test_details_end_with_the_evidence_checklist_and_the_rule_set() -> None:
    lines = details().splitlines()
    start = lines.index("Evidence attached:")
    assert lines[start + 1] == "- Microsoft's credit or refund request form, filled in"
    assert all(line.startswith("- ") for line in lines[start + 1 : -1])
    assert lines[-1] == "Rule set: 2021-03-31"


def test_dates_are_iso() -> None:
    assert "Issue date: 2026-03-01" in details()


def test_details_are_english_plain_text_starting_with_the_credit_type() -> None:
    text = details()
    assert text.splitlines()[0] == "Credit request type: Technical issue"
    assert "<" not in text and "**" not in text


def test_render_details_gives_the_same_text_as_the_verdict() -> None:
    request = technical(customer_name="Contoso")
    verdict = evaluate(request)
    assert render_details(request, verdict) == verdict.details_text


def test_render_details_shows_invalid_values_as_typed() -> None:
    request = technical(tenant_id="not-a-guid")
    verdict = evaluate(request)
    assert verdict.details_text is None
    assert "Customer tenant ID: not-a-guid" in render_details(request, verdict)


def test_a_technical_issue_names_its_support_ticket() -> None:
    assert "Support tickets: 2603030040001234" in details(support_ticket_numbers="2603030040001234")


def test_incorrect_information_says_what_microsoft_said_where_when_who_and_the_cost() -> None:
    text = details(
        credit_type=CreditType.INCORRECT_INFORMATION,
        microsoft_statement="The price is 10 EUR per user a month.",
        statement_where_when="Partner Center chat, 3 March 2026",
        statement_by="Partner support agent",
        statement_cost="2 EUR per user a month",
    )
    assert "What Microsoft said: The price is 10 EUR per user a month." in text
    assert "Where and when: Partner Center chat, 3 March 2026" in text
    assert "Said by: Partner support agent" in text
    assert "What it cost the customer: 2 EUR per user a month" in text


def test_a_technical_issue_never_shows_the_incorrect_information_lines() -> None:
    assert "What Microsoft said" not in details(microsoft_statement="The price is 10 EUR.")
