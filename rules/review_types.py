"""Technical issues and incorrect information from Microsoft: no window, reviewed case by case."""

from rules import catalogue
from rules.catalogue import gettext_noop
from rules.model import Assessment, CreditRequest, CreditType, Finding, Outcome
from rules.ruleset import RuleRow, RuleSet
from rules.validators import check_guid, check_not_future, missing_evidence_warnings
from rules.wording import note

catalogue.register(
    notes={
        "no_deadline_review": gettext_noop(
            "The article sets no deadline for this type; Microsoft reviews each request on its "
            "own merits, so file while the evidence is fresh."
        ),
    },
    reasons={
        "say_what_happened": gettext_noop("Say what happened, so the reviewer can judge it."),
        "say_when": gettext_noop("Say when it happened."),
        "list_references": gettext_noop("List the subscriptions, orders or invoices affected."),
        "give_tenant_id": gettext_noop("Give the customer's tenant ID."),
        "say_amount": gettext_noop("Say how much credit you ask for."),
    },
)

REVIEW_NOTE = note("no_deadline_review")

# The article names these types without rules; these are what a reviewer needs to decide.
_WANTED_EVIDENCE = {
    "description": "say_what_happened",
    "issue_date": "say_when",
    "references": "list_references",
    "tenant_id": "give_tenant_id",
    "amount": "say_amount",
}


def assess(request: CreditRequest, rule_set: RuleSet) -> Assessment:
    """Check the few facts we can: the issue date and the tenant ID when given."""
    problems: list[Finding] = []
    if request.issue_date is not None and (
        finding := check_not_future(request.issue_date, request.today, "issue_date")
    ):
        problems.append(finding)
    if finding := check_guid(request.tenant_id, "tenant_id"):
        problems.append(finding)
    warnings = missing_evidence_warnings(request, _WANTED_EVIDENCE)
    return Assessment(Outcome.REVIEW, None, tuple(problems), warnings, (REVIEW_NOTE,))


def describe_technical_issue(rule_set: RuleSet) -> tuple[RuleRow, ...]:
    """The technical-issue rule as rows of the readable rule table."""
    return (_review_row(CreditType.TECHNICAL_ISSUE),)


def describe_incorrect_information(rule_set: RuleSet) -> tuple[RuleRow, ...]:
    """The incorrect-information rule as rows of the readable rule table."""
    return (_review_row(CreditType.INCORRECT_INFORMATION),)


def _review_row(credit_type: CreditType) -> RuleRow:
    return RuleRow(
        credit_type.label,
        "No window in the article; give what happened, when, which subscriptions, orders or "
        "invoices, the customer tenant, the amount and the evidence",
        "none",
        "Reviewed by Microsoft",
    )
