from datetime import date
from decimal import Decimal

import pytest

from rules import RULE_SETS
from rules.validators import (
    InvalidValue,
    check_amount,
    check_evidence_email,
    check_guid,
    check_not_future,
    check_order,
    email_domain,
    is_free_mail,
    is_given,
    normalise_currency,
    normalise_domain,
    normalise_email,
    normalise_guid,
    normalise_outage_id,
    normalise_tenant_domain,
    outage_prefix_known,
    parse_amount,
)

RULE_SET = RULE_SETS["2021-03-31"]
CANONICAL = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"


@pytest.mark.parametrize(
    "typed",
    [
        CANONICAL,
        CANONICAL.upper(),
        f"{{{CANONICAL}}}",
        f"  {CANONICAL}  ",
        CANONICAL.replace("-", ""),
    ],
)
def test_guids_are_normalised_to_lowercase_8_4_4_4_12(typed: str) -> None:
    assert normalise_guid(typed) == CANONICAL


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b1",
        "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14a",
        "2f1e6c1a7d3b-4b7e-9a51-0c3f8e6d2b14",
        "2g1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        "urn:uuid:2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
        "00000000-0000-0000-0000-000000000000",
        "２f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    ],
)
def test_anything_else_is_not_a_guid(typed: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        normalise_guid(typed)
    assert raised.value.code == "invalid_guid"
    assert raised.value.message == str(raised.value)


def test_check_guid_ignores_an_empty_optional_field_and_names_the_field() -> None:
    assert check_guid(None, "tenant_id") is None
    assert check_guid("   ", "tenant_id") is None
    finding = check_guid("abc", "tenant_id")
    assert finding is not None
    assert (finding.field, finding.code) == ("tenant_id", "invalid_guid")
    assert finding.message.startswith("Customer tenant ID: 'abc' is not a GUID.")


@pytest.mark.parametrize(("typed", "normal"), [("ex25194", "EX25194"), (" Mo1 ", "MO1")])
def test_outage_ids_are_upper_cased(typed: str, normal: str) -> None:
    assert normalise_outage_id(typed) == normal


@pytest.mark.parametrize("typed", ["EX", "X1", "EX1.5", "EX１２", "ÉX12"])
def test_malformed_outage_ids_are_refused(typed: str) -> None:
    with pytest.raises(InvalidValue, match="two letters followed by a number"):
        normalise_outage_id(typed)


@pytest.mark.parametrize(("outage_id", "known"), [("EX1", True), ("SP2", True), ("ZZ3", False)])
def test_outage_prefixes_are_known_from_the_rule_set(outage_id: str, known: bool) -> None:
    assert outage_prefix_known(outage_id, RULE_SET) is known


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Contoso.COM", "contoso.com"),
        ("contoso.com.", "contoso.com"),
        (" eu.mail.contoso.com ", "eu.mail.contoso.com"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
    ],
)
def test_domains_are_lower_case_ascii(typed: str, normal: str) -> None:
    assert normalise_domain(typed) == normal


@pytest.mark.parametrize(
    "typed",
    [
        "contoso",
        "contoso..com",
        "-contoso.com",
        "contoso-.com",
        "http://contoso.com",
        "@contoso.com",
        "contoso.com/x",
        "a" * 64 + ".com",
        "contoso.c0m",
        "",
        "*.contoso.com",
    ],
)
def test_malformed_domains_are_refused(typed: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        normalise_domain(typed)
    assert raised.value.code == "invalid_domain"


@pytest.mark.parametrize(
    "typed", ["onmicrosoft.com", "ONMICROSOFT.COM", "gmail.com", "outlook.com"]
)
def test_shared_and_personal_domains_are_not_tenant_domains(typed: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        normalise_tenant_domain(typed, RULE_SET)
    assert raised.value.code == "invalid_domain"


def test_a_tenants_own_onmicrosoft_domain_is_a_tenant_domain() -> None:
    assert normalise_tenant_domain("Contoso.onmicrosoft.com", RULE_SET) == "contoso.onmicrosoft.com"


@pytest.mark.parametrize(
    ("email", "domain"),
    [("it@contoso.com", "contoso.com"), ("First.Last+x@Mail.Contoso.COM", "mail.contoso.com")],
)
def test_email_domain_is_normalised(email: str, domain: str) -> None:
    assert email_domain(email) == domain


def test_normalise_email_keeps_the_local_part_as_typed() -> None:
    assert normalise_email(" First.Last@CONTOSO.com ") == "First.Last@contoso.com"


@pytest.mark.parametrize(
    "email",
    ["it", "it@", "@contoso.com", ".it@contoso.com", "i..t@contoso.com", "Name <it@contoso.com>"],
)
def test_malformed_emails_are_refused(email: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        email_domain(email)
    assert raised.value.code == "invalid_email"


@pytest.mark.parametrize(
    ("domain", "free"),
    [("gmail.com", True), ("eu.gmail.com", True), ("notgmail.com", False), ("com", False)],
)
def test_free_mail_domains_and_their_subdomains_are_personal(domain: str, free: bool) -> None:
    assert is_free_mail(domain, RULE_SET) is free


@pytest.mark.parametrize(
    ("email", "domains", "code"),
    [
        ("it@contoso.com", ["contoso.com"], None),
        ("it@x.contoso.com", ["CONTOSO.com"], None),
        ("it@contoso.onmicrosoft.com", ["contoso.com", "contoso.onmicrosoft.com"], None),
        ("it@fabrikam.onmicrosoft.com", ["contoso.onmicrosoft.com"], "email_domain_mismatch"),
        ("it@contoso.com", ["onmicrosoft.com"], None),
        ("it@gmail.com", ["gmail.com"], "personal_email"),
        ("it@fabrikam.com", ["contoso.com"], "email_domain_mismatch"),
        ("not an email", ["contoso.com"], "invalid_email"),
    ],
)
def test_check_evidence_email(email: str, domains: list[str], code: str | None) -> None:
    finding = check_evidence_email(email, domains, RULE_SET)
    assert (finding.code if finding else None) == code
    if finding:
        assert finding.field == "evidence_email"


def test_check_not_future_allows_today_and_refuses_tomorrow() -> None:
    today = date(2026, 3, 10)
    assert check_not_future(today, today, "purchase_date") is None
    finding = check_not_future(date(2026, 3, 11), today, "purchase_date")
    assert finding is not None
    assert (finding.field, finding.code) == ("purchase_date", "date_in_future")
    assert finding.message.startswith("Purchase date: 2026-03-11 is after today (2026-03-10).")


def test_check_order_allows_the_same_day_and_refuses_an_earlier_one() -> None:
    purchase = date(2026, 3, 1)
    assert (
        check_order(purchase, purchase, field="suspension_date", start_field="purchase_date")
        is None
    )
    finding = check_order(
        purchase, date(2026, 2, 28), field="suspension_date", start_field="purchase_date"
    )
    assert finding is not None
    assert (finding.field, finding.code) == ("suspension_date", "date_order")
    assert "before the purchase date (2026-03-01)" in finding.message


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("125.50", Decimal("125.50")),
        (" 7 ", Decimal("7")),
        ("0.01", Decimal("0.01")),
        (3, Decimal(3)),
    ],
)
def test_amounts_parse_to_decimal(typed: str | int, amount: Decimal) -> None:
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    "typed", ["", "12,50", "1e3", "NaN", "-5", "0", "0.001", "1 000", "1000000000000", True, 1.5]
)
def test_malformed_or_impossible_amounts_are_refused(typed: object) -> None:
    with pytest.raises(InvalidValue) as raised:
        parse_amount(typed)
    assert raised.value.code == "invalid_amount"


@pytest.mark.parametrize(("typed", "code"), [("eur", "EUR"), (" SEK ", "SEK")])
def test_currencies_are_three_letters_upper_cased(typed: str, code: str) -> None:
    assert normalise_currency(typed) == code


@pytest.mark.parametrize("typed", ["EU", "EURO", "€", "E1R", ""])
def test_other_currency_codes_are_refused(typed: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        normalise_currency(typed)
    assert raised.value.code == "invalid_currency"


def test_an_amount_needs_a_currency_but_a_currency_alone_is_fine() -> None:
    assert [f.code for f in check_amount(Decimal("5"), None)] == ["missing_field"]
    assert check_amount(None, "EUR") == ()
    assert check_amount(Decimal("5"), "EUR") == ()


def test_is_given_treats_blank_text_as_empty_but_zero_as_given() -> None:
    assert [is_given(v) for v in (None, "", "  ", "x", 0)] == [False, False, False, True, True]
