"""Service outage (SLA): claimed by the end of the month after the incident, with evidence."""

from datetime import date

from rules import catalogue
from rules.calendar import end_of_month_after, in_time
from rules.catalogue import gettext_noop
from rules.model import (
    Assessment,
    CreditRequest,
    CreditType,
    Finding,
    Outcome,
    ServiceFamily,
)
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
    normalise_any_outage_id,
    normalise_tenant_domains,
    outage_prefix_known,
)
from rules.wording import finding, note

catalogue.register(
    findings={
        ("past_deadline", "service_outage"): gettext_noop(
            "Incident date: an SLA claim must reach Microsoft by the end of the calendar month "
            "after the incident; for an incident on %(incident_date)s the last day was "
            "%(deadline)s. It is too late to claim."
        ),
        ("past_deadline", "service_outage_months"): gettext_noop(
            "Incident date: an SLA claim for %(service_family)s must reach Microsoft within "
            "%(months)s months after the end of the incident's month; for an incident on "
            "%(incident_date)s the last day was %(deadline)s. It is too late to claim."
        ),
        ("advisory_incident", ""): gettext_noop(
            "Advisory incident: incidents posted as advisories on the Service Health dashboard "
            "are not eligible for an SLA credit."
        ),
        ("customer_request_missing", ""): gettext_noop(
            "Customer asked for SLA credit: Microsoft requires evidence that the customer asked "
            "for an SLA credit. Get the customer's request in writing first."
        ),
        ("not_bought_through_csp", ""): gettext_noop(
            "Bought through CSP: only subscriptions bought through CSP can be credited through a "
            "CSP credit request. The customer must claim where they bought them."
        ),
        ("unknown_outage_prefix", ""): gettext_noop(
            "Outage incident ID: %(prefix)s is not a service prefix we know (%(known)s). Check "
            "the ID on the Service Health dashboard; if it is right, file it as it is."
        ),
        ("unconfirmed", "customer_requested_credit"): gettext_noop(
            "Customer asked for SLA credit: not confirmed. Microsoft requires evidence that the "
            "customer asked for an SLA credit; confirm you have it."
        ),
        ("unconfirmed", "bought_through_csp"): gettext_noop(
            "Bought through CSP: not confirmed. Confirm the affected subscriptions were bought "
            "through CSP."
        ),
    },
    notes={
        "affected_service_only": gettext_noop(
            "Only the affected service is credited, pro rata by the outage duration: a "
            "SharePoint outage credits SharePoint, not the whole suite."
        ),
        "sla_claim_by": gettext_noop(
            "Microsoft must receive the claim and all required information by %(deadline)s."
        ),
    },
    reasons={
        "claim_deadline_counts": gettext_noop("The claim deadline counts from it."),
        "tenant_id_required": gettext_noop("Microsoft requires the customer's tenant ID."),
        "evidence_email_required": gettext_noop(
            "Microsoft requires the customer's email asking for the SLA credit, sent from a "
            "domain of the affected tenant."
        ),
        "copy_outage_id": gettext_noop("Copy it from the Service Health dashboard, e.g. EX25194."),
        "enter_tenant_domains": gettext_noop(
            "Enter the affected tenant's domains, e.g. contoso.com and contoso.onmicrosoft.com; "
            "the evidence email must come from one of them."
        ),
        "give_duration": gettext_noop("Give the time and duration of the downtime."),
        "name_affected_service": gettext_noop("Only the affected service is credited, so name it."),
        "give_affected_users": gettext_noop(
            "Give the number of affected users and, if relevant, their locations."
        ),
        "say_resolution": gettext_noop("Say what was done to resolve it at the time."),
        "give_support_tickets": gettext_noop(
            "Give the support ticket numbers and the customer contact."
        ),
    },
    phrases={("service_family", family.value): family.label for family in ServiceFamily},
)

AFFECTED_SERVICE_NOTE = note("affected_service_only")

# The earlier article's evidence of impact: reviewers want it; the 2021 article does not demand it.
_WANTED_EVIDENCE = {
    "incident_duration": "give_duration",
    "affected_services": "name_affected_service",
    "affected_users": "give_affected_users",
    "resolution_actions": "say_resolution",
    "support_ticket_numbers": "give_support_tickets",
}


def sla_claim_deadline(incident_date: date, months: int = 1) -> date:
    """Last day Microsoft must receive the claim: the end of the calendar month `months` after
    the incident's month (one month in 2021; two for Azure from 2023-05-04)."""
    return end_of_month_after(incident_date, months)


def assess(request: CreditRequest, rule_set: RuleSet) -> Assessment:
    """Check the SLA evidence (tenant, incident, customer email) and the claim deadline."""
    problems: list[Finding] = []
    warnings: list[Finding] = []
    incident = request.incident_date
    if incident is None:
        problems.append(missing_field("incident_date", "claim_deadline_counts"))
    elif found := check_not_future(incident, request.today, "incident_date"):
        problems.append(found)
        incident = None
    if not is_given(request.tenant_id):
        problems.append(missing_field("tenant_id", "tenant_id_required"))
    elif found := check_guid(request.tenant_id, "tenant_id"):
        problems.append(found)
    _check_outage_id(request, rule_set, problems, warnings)
    tenant_domains = _tenant_domains(request, rule_set, problems)
    if not is_given(request.evidence_email):
        problems.append(missing_field("evidence_email", "evidence_email_required"))
    elif found := check_evidence_email_normalised(request.evidence_email, tenant_domains, rule_set):
        problems.append(found)
    if request.advisory:
        problems.append(finding("advisory", "advisory_incident"))
    _check_confirmations(request, problems, warnings)
    if found := check_count(request.affected_users, "affected_users"):
        problems.append(found)
    warnings.extend(missing_evidence_warnings(request, _WANTED_EVIDENCE))
    if incident is None:
        return Assessment(
            Outcome.NOT_ELIGIBLE, None, tuple(problems), tuple(warnings), (AFFECTED_SERVICE_NOTE,)
        )
    family = request.service_family or ServiceFamily.MICROSOFT_365
    months = rule_set.sla_claim_months[family]
    claim_by = sla_claim_deadline(incident, months)
    if in_time(request.today, claim_by):
        notes = (note("sla_claim_by", deadline=claim_by.isoformat()), AFFECTED_SERVICE_NOTE)
        return Assessment(Outcome.REVIEW, claim_by, tuple(problems), tuple(warnings), notes)
    if months == 1:
        late = finding(
            "incident_date",
            "past_deadline",
            "service_outage",
            incident_date=incident.isoformat(),
            deadline=claim_by.isoformat(),
        )
    else:
        late = finding(
            "incident_date",
            "past_deadline",
            "service_outage_months",
            service_family=family.value,
            months=months,
            incident_date=incident.isoformat(),
            deadline=claim_by.isoformat(),
        )
    problems.append(late)
    return Assessment(
        Outcome.NO_REFUND, None, tuple(problems), tuple(warnings), (AFFECTED_SERVICE_NOTE,)
    )


def _check_outage_id(
    request: CreditRequest, rule_set: RuleSet, problems: list[Finding], warnings: list[Finding]
) -> None:
    if not is_given(request.outage_id):
        problems.append(missing_field("outage_id", "copy_outage_id"))
        return
    azure = request.service_family is ServiceFamily.AZURE
    try:
        outage_id = normalise_any_outage_id(request.outage_id, azure=azure)
    except InvalidValue as error:
        if azure:
            error = InvalidValue("invalid_outage_id", {"variant": "azure", **error.params})
        problems.append(as_finding("outage_id", error))
        return
    if "-" in outage_id:
        return  # an Azure tracking ID has no service prefix
    if not outage_prefix_known(outage_id, rule_set):
        known = ", ".join(rule_set.outage_prefixes)
        warnings.append(
            finding("outage_id", "unknown_outage_prefix", prefix=outage_id[:2], known=known)
        )


def _tenant_domains(
    request: CreditRequest, rule_set: RuleSet, problems: list[Finding]
) -> tuple[str, ...]:
    domains, errors = normalise_tenant_domains(request.tenant_domains, rule_set)
    if not domains and not errors:
        problems.append(missing_field("tenant_domains", "enter_tenant_domains"))
    problems.extend(as_finding("tenant_domains", error) for error in errors)
    return domains


def _check_confirmations(
    request: CreditRequest, problems: list[Finding], warnings: list[Finding]
) -> None:
    if request.customer_requested_credit is False:
        problems.append(finding("customer_requested_credit", "customer_request_missing"))
    elif request.customer_requested_credit is None:
        warnings.append(
            finding("customer_requested_credit", "unconfirmed", "customer_requested_credit")
        )
    if request.bought_through_csp is False:
        problems.append(finding("bought_through_csp", "not_bought_through_csp"))
    elif request.bought_through_csp is None:
        warnings.append(finding("bought_through_csp", "unconfirmed", "bought_through_csp"))


def describe(rule_set: RuleSet) -> tuple[RuleRow, ...]:
    """The service-outage rules as rows of the readable rule table."""
    kind = CreditType.SERVICE_OUTAGE.label
    later = tuple(
        RuleRow(
            kind,
            f"{family.label}: claim received within {months} months after the end of the "
            "incident's month",
            f"end of the month {months} months after the incident's",
            "Reviewed by Microsoft",
        )
        for family, months in rule_set.sla_claim_months.items()
        if months != 1
    )
    return (
        RuleRow(
            kind,
            "Claim received by the end of the calendar month after the incident's month "
            "(incident 15 February: by 31 March)",
            "end of the month after the incident",
            "Reviewed by Microsoft; only the affected service is credited, pro rata by duration",
        ),
        *later,
        RuleRow(
            kind,
            "Required: customer tenant ID (GUID), outage incident ID (two letters and a number), "
            "customer's email asking for the credit from a tenant domain",
            "–",
            "Missing or invalid: not eligible; a personal email address is refused",
        ),
        RuleRow(kind, "Advisory incidents", "–", "Not eligible"),
    )
