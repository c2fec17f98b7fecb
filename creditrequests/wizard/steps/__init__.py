"""The wizard's steps, in order, and which requests show each of them."""

from collections.abc import Callable, Mapping

from creditrequests.models import CreditType
from rules.model import BoughtFrom, Commerce, Product

from .accidental import AccidentalPurchaseForm
from .check import CheckAnswersForm
from .common import CreditTypeForm, CustomerForm, RequesterForm
from .duplicate import DuplicateOrderForm
from .evidence import EvidenceForm
from .issue import IssueForm
from .outage import OutageEvidenceForm, OutageImpactForm, OutageIncidentForm, OutageTenantForm
from .purchase import NewCommerceForm, PurchaseKindForm
from .statement import StatementForm

STEPS = [
    ("requester", RequesterForm),
    ("credit-type", CreditTypeForm),
    ("customer", CustomerForm),
    ("purchase", PurchaseKindForm),
    ("new-commerce", NewCommerceForm),
    ("accidental-purchase", AccidentalPurchaseForm),
    ("duplicate-order", DuplicateOrderForm),
    ("outage-incident", OutageIncidentForm),
    ("outage-tenant", OutageTenantForm),
    ("outage-evidence", OutageEvidenceForm),
    ("outage-impact", OutageImpactForm),
    ("statement", StatementForm),
    ("issue", IssueForm),
    ("evidence", EvidenceForm),
    ("check", CheckAnswersForm),
]

# The service outage (SLA) steps, one topic each: the outage, the customer's tenant,
# the customer's evidence, the impact.
OUTAGE_STEPS = ("outage-incident", "outage-tenant", "outage-evidence", "outage-impact")

FIRST_STEP = STEPS[0][0]
CHECK_STEP = "check"
CREDIT_TYPE_STEP = "credit-type"
PURCHASE_STEP = "purchase"
NEW_COMMERCE_STEP = "new-commerce"

# The facts that decide which steps a request has: the answers of these keys so far.
DECIDING_KEYS = ("credit_type", "bought_from", "commerce", "product")

_PURCHASES = {CreditType.ACCIDENTAL_PURCHASE, CreditType.DUPLICATE_ORDER}


def _routed(facts: Mapping[str, str | None]) -> bool:
    # Not a CSP credit request (POLICY.md part 2, routing): no questions about the purchase.
    return facts.get("bought_from") == BoughtFrom.MICROSOFT_DIRECT or (
        facts.get("commerce") == Commerce.NEW_COMMERCE and facts.get("product") == Product.AZURE
    )


def _service_outage(facts: Mapping[str, str | None]) -> bool:
    return facts.get("credit_type") == CreditType.SERVICE_OUTAGE


_CONDITIONS: dict[str, Callable[[Mapping[str, str | None]], bool]] = {
    "purchase": lambda facts: facts.get("credit_type") in _PURCHASES,
    "new-commerce": lambda facts: (
        facts.get("credit_type") in _PURCHASES
        and facts.get("commerce") == Commerce.NEW_COMMERCE
        and facts.get("bought_from") != BoughtFrom.MICROSOFT_DIRECT
    ),
    "accidental-purchase": lambda facts: (
        facts.get("credit_type") == CreditType.ACCIDENTAL_PURCHASE and not _routed(facts)
    ),
    "duplicate-order": lambda facts: (
        facts.get("credit_type") == CreditType.DUPLICATE_ORDER and not _routed(facts)
    ),
    **dict.fromkeys(OUTAGE_STEPS, _service_outage),
    # Incorrect information: what Microsoft said gets a page before what happened.
    "statement": lambda facts: facts.get("credit_type") == CreditType.INCORRECT_INFORMATION,
    "issue": lambda facts: (
        facts.get("credit_type") in {CreditType.TECHNICAL_ISSUE, CreditType.INCORRECT_INFORMATION}
    ),
    "evidence": lambda facts: bool(facts.get("credit_type")) and not _routed(facts),
}

# Steps shown only for some requests; every other step is shown for all.
CONDITIONAL_STEPS = frozenset(_CONDITIONS)


def step_applies(step: str, facts: Mapping[str, str | None]) -> bool:
    """Whether a step is part of the wizard for a request with these facts so far
    (credit_type, bought_from, commerce, product; None or missing: not answered yet)."""
    condition = _CONDITIONS.get(step)
    return condition is None or condition(facts)
