"""The policy engine's findings, notes and evidence in the user's language."""

import re
from datetime import UTC, date, datetime

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

import rules
from creditrequests.messages import evidence_text, finding_text, note_text
from rules import CreditRequest, CreditType, Finding, catalogue, evaluate
from rules.evidence import EVIDENCE_TEXTS

FINDINGS = catalogue.FINDINGS
NOTES = catalogue.NOTES

TODAY = date(2026, 3, 10)
TENANT = "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14"


def request(**fields):
    values = {
        "role": "admin_agent",
        "partner_type": "direct",
        "today": TODAY,
        "rule_set": "2021-03-31",
        **fields,
    }
    return CreditRequest(**values)


def outage(**fields):
    values = {
        "credit_type": CreditType.SERVICE_OUTAGE,
        "incident_date": date(2026, 2, 15),
        "tenant_id": TENANT,
        "tenant_domains": ("contoso.com",),
        "outage_id": "EX25194",
        "evidence_email": "it@contoso.com",
        **fields,
    }
    return request(**values)


def finding(verdict, code):
    return next(f for f in (*verdict.problems, *verdict.warnings) if f.code == code)


def with_dates_as_shown(message):
    """The rules' English message with its ISO dates in the active locale's date format."""
    return re.sub(
        r"(?<!rule set )\b\d{4}-\d{2}-\d{2}\b",
        lambda match: date_filter(date.fromisoformat(match[0]), "DATE_FORMAT"),
        message,
    )


def later(**fields):
    """A request judged by the rule set in force (2024-01-01), not pinned to 2021."""
    return request(**{"rule_set": None, **fields})


# Requests between them giving nearly every finding and note the rules have.
SAMPLES = [
    *(
        request(credit_type=credit_type, role="billing_admin", partner_type="indirect_reseller")
        for credit_type in CreditType
    ),
    *(
        request(
            credit_type=credit_type,
            role="sales_agent",
            amount=rules.validators.Decimal("1.234"),
            currency="EURO",
            tenant_id="xyz",
            issue_date=date(2026, 4, 1),
            purchase_date=date(2026, 4, 1),
            incident_date=date(2026, 4, 1),
            new_subscription_purchase_date=date(2026, 4, 1),
            offer="m365_a1",
            users_assigned=-1,
            outage_id="E1",
            evidence_email="a@gmail.com",
            tenant_domains=("onmicrosoft.com", "gmail.com", "bad domain"),
            advisory=True,
            customer_requested_credit=False,
            bought_through_csp=False,
            subscription_id="00000000-0000-0000-0000-000000000000",
        )
        for credit_type in CreditType
    ),
    outage(outage_id="ZZ1", evidence_email="x@fabrikam.com", incident_date=date(2025, 1, 1)),
    outage(evidence_email="bad", description="x", details_max_length=10),
    outage(incident_date=date(2026, 2, 1)),
    outage(details_max_length=10, customer_requested_credit=True, bought_through_csp=True),
    outage(today=date(2026, 3, 31)),
    outage(tenant_domains=tuple(f"d{n}.contoso.com" for n in range(5001))),
    request(
        credit_type="accidental_purchase",
        offer="power_bi_premium_p1",
        purchase_date=date(2026, 3, 5),
    ),
    request(credit_type="duplicate_order", new_subscription_purchase_date=date(2025, 1, 1)),
    request(credit_type="duplicate_order", new_subscription_purchase_date=date(2025, 11, 12)),
    request(
        credit_type="accidental_purchase",
        offer="legacy_m365",
        purchase_date=date(2025, 1, 1),
        suspension_date=date(2024, 12, 1),
    ),
    *(
        request(
            credit_type="accidental_purchase",
            offer=offer,
            purchase_date=purchase,
            suspension_date=suspension,
            users_assigned=users,
        )
        for offer in rules.Offer
        for purchase in (date(2026, 3, 1), date(2026, 1, 1), date(2025, 6, 1), date(2024, 6, 1))
        for suspension in (None, date(2026, 3, 2))
        for users in (0, 1, 3)
    ),
    # Contract v2: the later rule sets' findings and notes.
    later(credit_type="technical_issue", role="global_admin", evidence_attached=["request_form"]),
    later(credit_type="technical_issue", role="billing_admin"),
    later(credit_type="accidental_purchase"),
    later(credit_type="accidental_purchase", commerce="new_commerce"),
    later(
        credit_type="accidental_purchase",
        commerce="legacy",
        offer="power_bi_premium",
        purchase_date=date(2026, 2, 20),
    ),
    later(
        credit_type="accidental_purchase",
        commerce="legacy",
        offer="m365_a1",
        users_assigned=0,
        purchase_date=date(2026, 3, 1),
    ),
    *(
        later(
            credit_type=credit_type,
            commerce="new_commerce",
            product="license_based",
            event=event,
            event_time=moment,
            parent_event_time=parent,
            now=datetime(2026, 3, 10, 12, tzinfo=UTC),
        )
        for credit_type in ("accidental_purchase", "duplicate_order")
        for event, moment, parent in (
            ("seat_addition", datetime(2026, 3, 8, 9, tzinfo=UTC), None),
            ("purchase", datetime(2026, 3, 1, 9, tzinfo=UTC), None),
            ("partial_upgrade", None, datetime(2026, 3, 6, 9, tzinfo=UTC)),
            (
                "partial_upgrade",
                datetime(2026, 3, 5, 9, tzinfo=UTC),
                datetime(2026, 3, 6, tzinfo=UTC),
            ),
            ("partial_upgrade", None, None),
            ("renewal", datetime(2026, 3, 12, 9, tzinfo=UTC), None),
        )
    ),
    later(
        credit_type="accidental_purchase",
        commerce="new_commerce",
        product="license_based",
        purchase_date=date(2026, 3, 9),
    ),
    later(
        credit_type="accidental_purchase",
        commerce="new_commerce",
        product="license_based",
        event_time=datetime(2022, 3, 11, 9, tzinfo=UTC),
        today=date(2022, 3, 12),
    ),
    later(credit_type="accidental_purchase", commerce="new_commerce", product="azure"),
    later(
        credit_type="accidental_purchase",
        commerce="new_commerce",
        product="license_based",
        event_time=datetime(2021, 12, 1, 9, tzinfo=UTC),
    ),
    later(
        credit_type="accidental_purchase",
        commerce="new_commerce",
        product="marketplace_saas",
        event_time=datetime(2026, 3, 1, 9, tzinfo=UTC),
    ),
    later(credit_type="technical_issue", bought_from="microsoft_direct"),
    later(credit_type="technical_issue", partner_type="indirect_reseller"),
    later(credit_type="accidental_purchase", rule_set="2021-03-31", commerce="new_commerce"),
    later(
        credit_type="service_outage",
        service_family="azure",
        outage_id="not an id",
        incident_date=date(2026, 3, 1),
    ),
    later(
        credit_type="service_outage",
        service_family="azure",
        incident_date=date(2025, 12, 15),
        tenant_id=TENANT,
        tenant_domains=("contoso.com",),
        outage_id="EX25194",
        evidence_email="it@contoso.com",
    ),
]


def test_every_problem_and_warning_code_of_the_rules_has_a_template():
    codes_with_template = {code for code, _variant in FINDINGS}
    missing = (rules.PROBLEM_CODES | rules.WARNING_CODES) - codes_with_template
    assert missing == set()


def _sentences():
    """Every sentence of the catalogue as (English, Swedish); plurals give both forms."""
    for template in (
        *FINDINGS.values(),
        *NOTES.values(),
        *catalogue.REASONS.values(),
        *catalogue.PHRASES.values(),
        *EVIDENCE_TEXTS.values(),
    ):
        if isinstance(template, catalogue.Plural):
            yield template.singular, translation.ngettext(template.singular, template.plural, 1)
            yield template.plural, translation.ngettext(template.singular, template.plural, 2)
        else:
            yield template, translation.gettext(template)


def test_every_sentence_of_the_catalogue_is_translated_into_swedish_with_its_placeholders():
    untranslated, mismatched = [], []
    with translation.override("sv"):
        for english, swedish in _sentences():
            if swedish == english and english not in {"Azure", "Microsoft 365", "Dynamics 365"}:
                untranslated.append(english)
            if catalogue.placeholders(swedish) != catalogue.placeholders(english):
                mismatched.append(english)
    assert untranslated == []
    assert mismatched == []


def test_every_finding_and_note_the_samples_give_is_worded_in_swedish():
    english = []
    with translation.override("sv"):
        for verdict in map(evaluate, SAMPLES):
            english += [
                f for f in (*verdict.problems, *verdict.warnings) if finding_text(f) == f.message
            ]
            english += [note for note in verdict.notes if note_text(note) == str(note)]
    assert english == []


def test_the_samples_reach_every_template():
    seen_findings, seen_notes = set(), set()
    for verdict in map(evaluate, SAMPLES):
        for found in (*verdict.problems, *verdict.warnings):
            variant = found.params.get("variant", "")
            if found.code == "missing_field" and not found.params.get("why"):
                variant = "no_reason"
            seen_findings.add((found.code, variant))
        seen_notes.update(note.code for note in verdict.notes)
    # No rule set refuses a partner type but indirect resellers, and every empty field it
    # reports has a reason: those two templates wait for a future rule set. Evaluated requests
    # name every route by its process, never by a note code.
    unreachable = {("missing_field", "no_reason"), ("partner_type_not_allowed", "other")}
    seen_notes.update(f"route_{process.value}" for process in rules.model.RouteProcess)
    assert set(FINDINGS) - seen_findings <= unreachable
    assert set(NOTES) == seen_notes


def test_a_refused_requester_is_told_in_swedish():
    verdict = evaluate(request(credit_type="technical_issue", role="billing_admin"))
    with translation.override("sv"):
        text = finding_text(finding(verdict, "role_not_allowed"))
    assert text == (
        "Roll i Partnercenter: rollen Faktureringsadministratör kan inte skicka in "
        "kreditbegäranden; det kan bara en administratörsagent eller global administratör. "
        "Be en administratörsagent eller global administratör i din organisation att skicka in den."
    )


def test_an_indirect_reseller_is_told_in_swedish_who_files_instead():
    verdict = evaluate(request(credit_type="technical_issue", partner_type="indirect_reseller"))
    with translation.override("sv"):
        text = finding_text(finding(verdict, "partner_type_not_allowed"))
    assert "Din indirekta leverantör måste skicka in den åt dig." in text


def test_a_past_deadline_is_explained_in_swedish_with_swedish_dates():
    verdict = evaluate(outage(incident_date=date(2025, 12, 15)))
    with translation.override("sv"):
        text = finding_text(finding(verdict, "past_deadline"))
    assert text == (
        "Incidentdatum: ett SLA-anspråk måste nå Microsoft senast i slutet av kalendermånaden "
        "efter incidenten; för en incident den 15 december 2025 var sista dagen 31 januari 2026. "
        "Det är för sent att begära kredit."
    )


def test_a_personal_email_is_refused_in_swedish():
    verdict = evaluate(outage(evidence_email="someone@gmail.com"))
    with translation.override("sv"):
        text = finding_text(finding(verdict, "personal_email"))
    assert text.startswith("Kundens e-post som underlag: gmail.com är en privat e-posttjänst.")


def test_the_deadline_note_is_in_swedish_with_a_swedish_date():
    verdict = evaluate(outage())
    with translation.override("sv"):
        notes = [note_text(note) for note in verdict.notes]
    assert notes[0] == (
        "Microsoft måste ta emot anspråket och all nödvändig information senast den 31 mars 2026."
    )


def test_the_deadline_soon_warning_uses_swedish_plural_forms():
    with translation.override("sv"):
        one = finding_text(finding(evaluate(outage(today=date(2026, 3, 30))), "deadline_soon"))
        many = finding_text(finding(evaluate(outage(today=date(2026, 3, 28))), "deadline_soon"))
    assert one.startswith("Bara 1 dag kvar: skicka in senast den 31 mars 2026;")
    assert many.startswith("Bara 3 dagar kvar:")


def test_evidence_lines_are_in_swedish():
    verdict = evaluate(outage())
    with translation.override("sv"):
        lines = [evidence_text(line) for line in verdict.evidence]
    assert lines[0] == "Microsofts formulär för begäran om kredit eller återbetalning, ifyllt"
    assert all(line.code in EVIDENCE_TEXTS for line in verdict.evidence)


@pytest.mark.parametrize(
    "code",
    [
        "role_not_allowed",
        "partner_type_not_allowed",
        "personal_email",
        "invalid_guid",
        "email_domain_mismatch",
        "missing_field",
        "unknown_outage_prefix",
        "advisory_incident",
    ],
)
def test_english_output_is_the_rules_message(code):
    found = [
        f
        for verdict in map(evaluate, SAMPLES)
        for f in (*verdict.problems, *verdict.warnings)
        if f.code == code
    ]
    assert found
    with translation.override("en"):
        assert all(finding_text(f) == f.message for f in found)


def test_english_output_with_dates_is_the_rules_message_with_dates_formatted():
    with translation.override("en"):
        for verdict in map(evaluate, SAMPLES):
            for found in (*verdict.problems, *verdict.warnings):
                assert finding_text(found) == with_dates_as_shown(found.message)
            for note in verdict.notes:
                assert note_text(note) == with_dates_as_shown(str(note))


def test_an_unknown_code_falls_back_to_the_rules_english_message():
    unknown = Finding("amount", "brand_new_rule", "Amount: something new.", {"field": "amount"})
    with translation.override("sv"):
        assert finding_text(unknown) == "Amount: something new."
        assert note_text("A plain note.") == "A plain note."
        assert evidence_text("A new evidence line") == "A new evidence line"


def test_params_that_do_not_fit_the_template_fall_back_to_english():
    odd = Finding("role", "role_not_allowed", "Partner Center role: refused.", {})
    with translation.override("sv"):
        assert finding_text(odd) == "Partner Center role: refused."
