"""The Details text pasted into Partner Center: English plain text, one "Label: value" per fact.

Microsoft's support works in English, so this text is never translated. Empty optional facts
are left out; text the user typed is cleaned of control characters, and a value of several
lines is indented under its label so it cannot pass for a label of its own.
"""

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from rules.model import CreditRequest, CreditType, Offer, Outcome, ServiceFamily, Verdict
from rules.ruleset import RuleSet
from rules.rulesets import rule_set_for
from rules.validators import (
    InvalidValue,
    is_given,
    normalise_any_outage_id,
    normalise_currency,
    normalise_email,
    normalise_guid,
    normalise_tenant_domains,
    validate_amount,
)

# Line breaks of every kind become "\n" before the lines are cleaned one by one.
_LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")

_REFUND_ASKED = {
    Outcome.FULL_REFUND: "Full refund from the start of the subscription",
    Outcome.FIXED_COSTS_DEDUCTED: "Refund with fixed costs deducted",
}
_DESCRIPTION_LABELS = {
    CreditType.ACCIDENTAL_PURCHASE: "What went wrong",
    CreditType.DUPLICATE_ORDER: "Why the licences are duplicated",
    CreditType.SERVICE_OUTAGE: "Impact on the customer",
    CreditType.TECHNICAL_ISSUE: "What happened",
    CreditType.INCORRECT_INFORMATION: "What Microsoft said and what happened",
}

Fact = tuple[str, str | None]


def render_details(
    request: CreditRequest, verdict: Verdict, rule_set: RuleSet | None = None
) -> str:
    """The Details text for a request and its verdict, exactly as it goes into Partner Center."""
    if rule_set is None:
        rule_set = rule_set_for(request.today, verdict.rule_set)
    return details_for(request, verdict.outcome, verdict.deadline, rule_set)


def details_for(
    request: CreditRequest,
    outcome: Outcome,
    deadline: date | None,
    rule_set: RuleSet,
    *,
    extra_facts: tuple[Fact, ...] = (),
) -> str:
    """The Details text from the parts of a verdict it shows (the engine has no verdict yet).

    `extra_facts` are labelled lines a rule adds (a late new commerce request's closed window).
    """
    facts: list[Fact] = [
        ("Credit request type", request.credit_type.label),
        ("Partner type", request.partner_type.label),
        ("Requested by role", request.role.label),
        ("Partner reference", request.partner_reference),
        ("Customer", request.customer_name),
    ]
    if request.commerce is not None and not extra_facts:
        facts.append(("Commerce", request.commerce.label))
    facts.extend(_FACTS_BY_TYPE[request.credit_type](request, outcome, deadline, rule_set))
    facts.extend(extra_facts)
    facts.append(("Amount requested", _amount(request)))
    facts.append((_DESCRIPTION_LABELS[request.credit_type], request.description))
    lines: list[str] = []
    for label, value in facts:
        text = _clean(value) if value else None
        if not text:
            continue
        if "\n" in text:
            lines.append(f"{label}:")
            lines.extend(f"  {line}" if line else "" for line in text.split("\n"))
        else:
            lines.append(f"{label}: {text}")
    lines.extend(_evidence_lines(request, rule_set))
    lines.append(f"Rule set: {rule_set.version}")
    return "\n".join(lines)


def _evidence_lines(request: CreditRequest, rule_set: RuleSet) -> list[str]:
    evidence = rule_set.credit_types[request.credit_type].evidence
    if request.evidence_attached is None and not rule_set.evidence_declared_only:
        # The 2021 answers stay word for word (contract v1): the whole checklist, as before.
        return ["Evidence attached:", *(f"- {item}" for item in evidence)]
    declared = frozenset(request.evidence_attached or ())
    attached = [item for item in evidence if item.code in declared]
    if not attached:
        return ["Evidence attached: none"]
    return ["Evidence attached:", *(f"- {item}" for item in attached)]


def _accidental_facts(
    request: CreditRequest, outcome: Outcome, deadline: date | None, rule_set: RuleSet
) -> list[Fact]:
    return [
        ("Offer", request.offer.label if request.offer else None),
        ("Subscription ID", _guid(request.subscription_id)),
        ("Order ID", request.order_id),
        ("Customer tenant ID", _guid(request.tenant_id)),
        ("Purchase date", _iso(request.purchase_date)),
        ("Suspension date", _iso(request.suspension_date)),
        (
            "Users assigned",
            _number(request.users_assigned) if request.offer is Offer.M365_A1 else None,
        ),
        ("Refund asked for", _REFUND_ASKED.get(outcome)),
        ("Fixed costs deducted", _fixed_costs(outcome, rule_set)),
        ("Request deadline", _iso(deadline)),
    ]


def _fixed_costs(outcome: Outcome, rule_set: RuleSet) -> str | None:
    per_day = rule_set.power_bi_daily_fixed_cost_usd
    if outcome is not Outcome.FIXED_COSTS_DEDUCTED or per_day is None:
        return None
    return f"USD {per_day} a day after day 7, whatever the licence count"


def _duplicate_facts(
    request: CreditRequest, outcome: Outcome, deadline: date | None, rule_set: RuleSet
) -> list[Fact]:
    return [
        ("Original subscription ID", _guid(request.original_subscription_id)),
        ("Original tenant ID", _guid(request.original_tenant_id)),
        ("New subscription ID", _guid(request.new_subscription_id)),
        ("New tenant ID", _guid(request.tenant_id)),
        ("New subscription purchase date", _iso(request.new_subscription_purchase_date)),
        ("Request deadline", _iso(deadline)),
    ]


def _outage_facts(
    request: CreditRequest, outcome: Outcome, deadline: date | None, rule_set: RuleSet
) -> list[Fact]:
    return [
        ("Service family", request.service_family.label if request.service_family else None),
        ("Customer tenant ID", _guid(request.tenant_id)),
        ("Tenant domains", _tenant_domains(request, rule_set)),
        ("Outage incident ID", _outage_id(request, rule_set)),
        ("Incident date", _iso(request.incident_date)),
        ("Advisory incident", _yes_no(request.advisory)),
        ("Duration", request.incident_duration),
        ("Affected services", request.affected_services),
        ("Affected users", _number(request.affected_users)),
        ("Affected locations", request.affected_locations),
        ("Resolution at the time", request.resolution_actions),
        ("Support tickets", request.support_ticket_numbers),
        ("Customer evidence email", _email(request.evidence_email)),
        ("Customer asked for SLA credit", _yes_no(request.customer_requested_credit)),
        ("Bought through CSP", _yes_no(request.bought_through_csp)),
        ("Claim deadline", _iso(deadline)),
    ]


def _review_facts(
    request: CreditRequest, outcome: Outcome, deadline: date | None, rule_set: RuleSet
) -> list[Fact]:
    return [
        ("Customer tenant ID", _guid(request.tenant_id)),
        ("Issue date", _iso(request.issue_date)),
        ("Subscriptions, orders or invoices", request.references),
        ("Support tickets", request.support_ticket_numbers),
    ]


def _incorrect_information_facts(
    request: CreditRequest, outcome: Outcome, deadline: date | None, rule_set: RuleSet
) -> list[Fact]:
    return [
        *_review_facts(request, outcome, deadline, rule_set),
        ("What Microsoft said", request.microsoft_statement),
        ("Where and when", request.statement_where_when),
        ("Said by", request.statement_by),
        ("What it cost the customer", request.statement_cost),
    ]


_FACTS_BY_TYPE: dict[
    CreditType, Callable[[CreditRequest, Outcome, date | None, RuleSet], list[Fact]]
] = {
    CreditType.ACCIDENTAL_PURCHASE: _accidental_facts,
    CreditType.DUPLICATE_ORDER: _duplicate_facts,
    CreditType.SERVICE_OUTAGE: _outage_facts,
    CreditType.TECHNICAL_ISSUE: _review_facts,
    CreditType.INCORRECT_INFORMATION: _incorrect_information_facts,
}


def _clean(text: str) -> str:
    # Nearly every value is one printable line: one C-level check, no regex.
    if text.isprintable():
        return text.strip()
    lines = [_printable(line).rstrip() for line in _LINE_BREAKS.split(text)]
    return "\n".join(lines).strip("\n").strip()


def _printable(line: str) -> str:
    # Control and invisible formatting characters (bidi overrides, zero-width) could hide or
    # reorder text in a reviewer's view: drop them; tabs and odd spaces become plain spaces.
    kept = []
    for char in line:
        if char.isprintable():
            kept.append(char)
        elif char == "\t" or unicodedata.category(char) == "Zs":
            kept.append(" ")
    return "".join(kept)


def _guid(value: str | None) -> str | None:
    return _normalised(normalise_guid, value)


def _email(value: str | None) -> str | None:
    return _normalised(normalise_email, value)


def _normalised(normalise: Callable[[str], str], value: str | None) -> str | None:
    # Verdicts with invalid values carry no text, but render_details is public: show what was typed.
    if not is_given(value):
        return None
    try:
        return normalise(value)
    except InvalidValue:
        return value


def _tenant_domains(request: CreditRequest, rule_set: RuleSet) -> str:
    domains, _ = normalise_tenant_domains(request.tenant_domains, rule_set)
    return ", ".join(domains)


def _outage_id(request: CreditRequest, rule_set: RuleSet) -> str | None:
    azure = request.service_family is ServiceFamily.AZURE
    outage_id = _normalised(
        lambda value: normalise_any_outage_id(value, azure=azure), request.outage_id
    )
    service = rule_set.outage_prefixes.get(outage_id[:2]) if outage_id and not azure else None
    return f"{outage_id} ({service})" if service else outage_id


def _amount(request: CreditRequest) -> str | None:
    if request.amount is None:
        return None
    try:
        amount = f"{validate_amount(request.amount):.2f}"
    except InvalidValue:
        # Never format an invalid amount with .2f: 1E+999999 would take a megabyte of digits.
        amount = str(request.amount)
    currency = _normalised(normalise_currency, request.currency) or ""
    return f"{amount} {currency}".strip()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _number(value: int | None) -> str | None:
    return None if value is None else str(value)


def _yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return "Yes" if value else "No"
