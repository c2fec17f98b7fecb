"""The wizard's steps, in order, and which credit types show each of them."""

from creditrequests.models import CreditType

from .accidental import AccidentalPurchaseForm
from .check import CheckAnswersForm
from .common import CreditTypeForm, CustomerForm, RequesterForm
from .duplicate import DuplicateOrderForm
from .issue import IssueForm
from .outage import OutageEvidenceForm, OutageIncidentForm

STEPS = [
    ("requester", RequesterForm),
    ("credit-type", CreditTypeForm),
    ("customer", CustomerForm),
    ("accidental-purchase", AccidentalPurchaseForm),
    ("duplicate-order", DuplicateOrderForm),
    ("outage-incident", OutageIncidentForm),
    ("outage-evidence", OutageEvidenceForm),
    ("issue", IssueForm),
    ("check", CheckAnswersForm),
]

# Steps shown only for some credit types; every other step is shown for all.
STEP_CREDIT_TYPES = {
    "accidental-purchase": {CreditType.ACCIDENTAL_PURCHASE},
    "duplicate-order": {CreditType.DUPLICATE_ORDER},
    "outage-incident": {CreditType.SERVICE_OUTAGE},
    "outage-evidence": {CreditType.SERVICE_OUTAGE},
    "issue": {CreditType.TECHNICAL_ISSUE, CreditType.INCORRECT_INFORMATION},
}

FIRST_STEP = STEPS[0][0]
CHECK_STEP = "check"
CREDIT_TYPE_STEP = "credit-type"


def step_applies(step: str, credit_type: str | None) -> bool:
    """Whether a step is part of the wizard for this credit type (None: not chosen yet)."""
    types = STEP_CREDIT_TYPES.get(step)
    return types is None or credit_type in types
