"""Technical issues and incorrect information from Microsoft: no window, reviewed case by case."""

from rules.model import Assessment, CreditRequest, CreditType, Finding, Note, Outcome
from rules.ruleset import RuleRow, RuleSet
from rules.validators import check_guid, check_not_future, missing_evidence_warnings

REVIEW_NOTE = Note(
    "no_deadline_review",
    "The article sets no deadline for this type; Microsoft reviews each request on its own "
    "merits, so file while the evidence is fresh.",
)

# The article names these types without rules; these are what a reviewer needs to decide.
_WANTED_EVIDENCE = {
    "description": "Say what happened, so the reviewer can judge it.",
    "issue_date": "Say when it happened.",
    "references": "List the subscriptions, orders or invoices affected.",
    "tenant_id": "Give the customer's tenant ID.",
    "amount": "Say how much credit you ask for.",
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
