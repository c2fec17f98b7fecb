"""Service outage (SLA): claimed by the end of the month after the incident, with evidence."""

from datetime import date

from rules.calendar import end_of_following_month, in_time
from rules.model import Assessment, CreditRequest, CreditType, Finding, Note, Outcome
from rules.ruleset import RuleRow, RuleSet
from rules.validators import (
    InvalidValue,
    as_finding,
    check_count,
    check_evidence_email_normalised,
    check_guid,
    check_not_future,
    is_given,
    missing_evidence_warnings,
    missing_field,
    normalise_outage_id,
    normalise_tenant_domains,
    outage_prefix_known,
)

AFFECTED_SERVICE_NOTE = Note(
    "affected_service_only",
    "Only the affected service is credited, pro rata by the outage duration: a SharePoint "
    "outage credits SharePoint, not the whole suite.",
)

# The earlier article's evidence of impact: reviewers want it; the 2021 article does not demand it.
_WANTED_EVIDENCE = {
    "incident_duration": "Give the time and duration of the downtime.",
    "affected_services": "Only the affected service is credited, so name it.",
    "affected_users": "Give the number of affected users and, if relevant, their locations.",
    "resolution_actions": "Say what was done to resolve it at the time.",
    "support_ticket_numbers": "Give the support ticket numbers and the customer contact.",
}


def sla_claim_deadline(incident_date: date) -> date:
    """Last day Microsoft must receive the claim: end of the calendar month after the incident."""
    return end_of_following_month(incident_date)


def assess(request: CreditRequest, rule_set: RuleSet) -> Assessment:
    """Check the SLA evidence (tenant, incident, customer email) and the claim deadline."""
    problems: list[Finding] = []
    warnings: list[Finding] = []
    incident = request.incident_date
    if incident is None:
        problems.append(missing_field("incident_date", "The claim deadline counts from it."))
    elif finding := check_not_future(incident, request.today, "incident_date"):
        problems.append(finding)
        incident = None
    if not is_given(request.tenant_id):
        problems.append(missing_field("tenant_id", "Microsoft requires the customer's tenant ID."))
    elif finding := check_guid(request.tenant_id, "tenant_id"):
        problems.append(finding)
    _check_outage_id(request, rule_set, problems, warnings)
    tenant_domains = _tenant_domains(request, rule_set, problems)
    if not is_given(request.evidence_email):
        problems.append(
            missing_field(
                "evidence_email",
                "Microsoft requires the customer's email asking for the SLA credit, sent from a "
                "domain of the affected tenant.",
            )
        )
    elif finding := check_evidence_email_normalised(
        request.evidence_email, tenant_domains, rule_set
    ):
        problems.append(finding)
    if request.advisory:
        problems.append(
            Finding(
                "advisory",
                "advisory_incident",
                "Advisory incident: incidents posted as advisories on the Service Health "
                "dashboard are not eligible for an SLA credit.",
                {"field": "advisory"},
            )
        )
    _check_confirmations(request, problems, warnings)
    if finding := check_count(request.affected_users, "affected_users"):
        problems.append(finding)
    warnings.extend(missing_evidence_warnings(request, _WANTED_EVIDENCE))
    if incident is None:
        return Assessment(
            Outcome.NOT_ELIGIBLE, None, tuple(problems), tuple(warnings), (AFFECTED_SERVICE_NOTE,)
        )
    claim_by = sla_claim_deadline(incident)
    if in_time(request.today, claim_by):
        notes = (
            Note(
                "sla_claim_by",
                f"Microsoft must receive the claim and all required information by {claim_by}.",
                {"deadline": claim_by.isoformat()},
            ),
            AFFECTED_SERVICE_NOTE,
        )
        return Assessment(Outcome.REVIEW, claim_by, tuple(problems), tuple(warnings), notes)
    problems.append(
        Finding(
            "incident_date",
            "past_deadline",
            "Incident date: an SLA claim must reach Microsoft by the end of the calendar month "
            f"after the incident; for an incident on {incident} the last day was {claim_by}. "
            "It is too late to claim.",
            {
                "variant": "service_outage",
                "incident_date": incident.isoformat(),
                "deadline": claim_by.isoformat(),
            },
        )
    )
    return Assessment(
        Outcome.NO_REFUND, None, tuple(problems), tuple(warnings), (AFFECTED_SERVICE_NOTE,)
    )


def _check_outage_id(
    request: CreditRequest, rule_set: RuleSet, problems: list[Finding], warnings: list[Finding]
) -> None:
    if not is_given(request.outage_id):
        problems.append(
            missing_field("outage_id", "Copy it from the Service Health dashboard, e.g. EX25194.")
        )
        return
    try:
        outage_id = normalise_outage_id(request.outage_id)
    except InvalidValue as error:
        problems.append(as_finding("outage_id", error))
        return
    if not outage_prefix_known(outage_id, rule_set):
        known = ", ".join(rule_set.outage_prefixes)
        warnings.append(
            Finding(
                "outage_id",
                "unknown_outage_prefix",
                f"Outage incident ID: {outage_id[:2]} is not a service prefix we know ({known}). "
                "Check the ID on the Service Health dashboard; if it is right, file it as it is.",
                {"field": "outage_id", "prefix": outage_id[:2], "known": known},
            )
        )


def _tenant_domains(
    request: CreditRequest, rule_set: RuleSet, problems: list[Finding]
) -> tuple[str, ...]:
    domains, errors = normalise_tenant_domains(request.tenant_domains, rule_set)
    if not domains and not errors:
        problems.append(
            missing_field(
                "tenant_domains",
                "Enter the affected tenant's domains, e.g. contoso.com and "
                "contoso.onmicrosoft.com; the evidence email must come from one of them.",
            )
        )
    problems.extend(as_finding("tenant_domains", error) for error in errors)
    return domains


def _check_confirmations(
    request: CreditRequest, problems: list[Finding], warnings: list[Finding]
) -> None:
    if request.customer_requested_credit is False:
        problems.append(
            Finding(
                "customer_requested_credit",
                "customer_request_missing",
                "Customer asked for SLA credit: Microsoft requires evidence that the customer "
                "asked for an SLA credit. Get the customer's request in writing first.",
                {"field": "customer_requested_credit"},
            )
        )
    elif request.customer_requested_credit is None:
        warnings.append(
            Finding(
                "customer_requested_credit",
                "unconfirmed",
                "Customer asked for SLA credit: not confirmed. Microsoft requires evidence "
                "that the customer asked for an SLA credit; confirm you have it.",
                {"field": "customer_requested_credit", "variant": "customer_requested_credit"},
            )
        )
    if request.bought_through_csp is False:
        problems.append(
            Finding(
                "bought_through_csp",
                "not_bought_through_csp",
                "Bought through CSP: only subscriptions bought through CSP can be credited "
                "through a CSP credit request. The customer must claim where they bought them.",
                {"field": "bought_through_csp"},
            )
        )
    elif request.bought_through_csp is None:
        warnings.append(
            Finding(
                "bought_through_csp",
                "unconfirmed",
                "Bought through CSP: not confirmed. Confirm the affected subscriptions were "
                "bought through CSP.",
                {"field": "bought_through_csp", "variant": "bought_through_csp"},
            )
        )


def describe(rule_set: RuleSet) -> tuple[RuleRow, ...]:
    """The service-outage rules as rows of the readable rule table."""
    kind = CreditType.SERVICE_OUTAGE.label
    return (
        RuleRow(
            kind,
            "Claim received by the end of the calendar month after the incident's month "
            "(incident 15 February: by 31 March)",
            "end of the month after the incident",
            "Reviewed by Microsoft; only the affected service is credited, pro rata by duration",
        ),
        RuleRow(
            kind,
            "Required: customer tenant ID (GUID), outage incident ID (two letters and a number), "
            "customer's email asking for the credit from a tenant domain",
            "–",
            "Missing or invalid: not eligible; a personal email address is refused",
        ),
        RuleRow(kind, "Advisory incidents", "–", "Not eligible"),
    )
