"""The engine's vocabulary: enums with English labels, and the frozen data going in and out."""

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Self


class LabelledChoice(StrEnum):
    """A string enum whose members carry a plain-English label; Django wraps it for translation."""

    label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in declaration order: the shape Django's `choices` takes."""
        return [(member.value, member.label) for member in cls]


class CreditType(LabelledChoice):
    """The five kinds of credit the article names."""

    ACCIDENTAL_PURCHASE = "accidental_purchase", "Accidental purchase"
    DUPLICATE_ORDER = "duplicate_order", "Duplicate order"
    SERVICE_OUTAGE = "service_outage", "Service outage (SLA)"
    TECHNICAL_ISSUE = "technical_issue", "Technical issue"
    INCORRECT_INFORMATION = "incorrect_information", "Incorrect information from Microsoft"


class Role(LabelledChoice):
    """The requester's Partner Center role; only some may file."""

    ADMIN_AGENT = "admin_agent", "Admin agent"
    GLOBAL_ADMIN = "global_admin", "Global admin"
    BILLING_ADMIN = "billing_admin", "Billing admin"
    SALES_AGENT = "sales_agent", "Sales agent"
    HELPDESK_AGENT = "helpdesk_agent", "Helpdesk agent"
    ACCOUNT_ADMIN = "account_admin", "Account admin"
    OTHER = "other", "Other"


class PartnerType(LabelledChoice):
    """How the partner buys from Microsoft; indirect resellers may not file."""

    DIRECT = "direct", "Direct-bill partner"
    INDIRECT_PROVIDER = "indirect_provider", "Indirect provider"
    INDIRECT_RESELLER = "indirect_reseller", "Indirect reseller"


class Offer(LabelledChoice):
    """The product bought by mistake; each has its own refund windows."""

    LEGACY_M365 = "legacy_m365", "Microsoft 365 (legacy offer)"
    LEGACY_D365 = "legacy_d365", "Dynamics 365 (legacy offer)"
    POWER_BI_PREMIUM_P1 = "power_bi_premium_p1", "Power BI Premium P1"
    M365_A1 = "m365_a1", "Microsoft 365 A1"


class Outcome(LabelledChoice):
    """What the requester can get, or why not."""

    FULL_REFUND = "full_refund", "Full refund"
    PRORATED = "prorated", "Pro rata credit"
    FIXED_COSTS_DEDUCTED = "fixed_costs_deducted", "Refund with fixed costs deducted"
    NO_REFUND = "no_refund", "No refund"
    NO_REQUEST_NEEDED = "no_request_needed", "No request needed"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    REVIEW = "review", "Reviewed by Microsoft"


# The outcomes for which a credit request is worth filing; every other outcome has no Details text.
REQUEST_OUTCOMES = frozenset({Outcome.FULL_REFUND, Outcome.FIXED_COSTS_DEDUCTED, Outcome.REVIEW})

# Every Finding code the engine gives, for code that maps them (to form fields, to translations).
PROBLEM_CODES = frozenset(
    {
        "role_not_allowed",
        "partner_type_not_allowed",
        "missing_field",
        "date_in_future",
        "date_order",
        "invalid_guid",
        "invalid_outage_id",
        "invalid_email",
        "invalid_domain",
        "invalid_amount",
        "invalid_currency",
        "invalid_number",
        "personal_email",
        "email_domain_mismatch",
        "advisory_incident",
        "customer_request_missing",
        "not_bought_through_csp",
        "users_assigned",
        "past_deadline",
        "details_too_long",
    }
)
WARNING_CODES = frozenset(
    {"unknown_outage_prefix", "unconfirmed", "missing_evidence", "deadline_soon"}
)

# Partner Center's Details box takes this many characters unless a request says otherwise.
DETAILS_MAX_LENGTH = 4000

# Field names in words, for messages that must name the field a billing person filled in.
FIELD_LABELS: dict[str, str] = {
    "credit_type": "Credit request type",
    "role": "Partner Center role",
    "partner_type": "Partner type",
    "today": "Request date",
    "offer": "Offer",
    "purchase_date": "Purchase date",
    "suspension_date": "Suspension date",
    "users_assigned": "Users assigned",
    "subscription_id": "Subscription ID",
    "order_id": "Order ID",
    "new_subscription_purchase_date": "New subscription purchase date",
    "original_subscription_id": "Original subscription ID",
    "new_subscription_id": "New subscription ID",
    "original_tenant_id": "Original tenant ID",
    "incident_date": "Incident date",
    "outage_id": "Outage incident ID",
    "advisory": "Advisory incident",
    "tenant_id": "Customer tenant ID",
    "tenant_domains": "Tenant domains",
    "evidence_email": "Customer evidence email",
    "customer_requested_credit": "Customer asked for SLA credit",
    "bought_through_csp": "Bought through CSP",
    "incident_duration": "Duration of the outage",
    "affected_services": "Affected services",
    "affected_users": "Affected users",
    "affected_locations": "Affected locations",
    "resolution_actions": "Resolution at the time",
    "support_ticket_numbers": "Support ticket numbers",
    "issue_date": "Issue date",
    "references": "Subscriptions, orders or invoices",
    "amount": "Amount",
    "currency": "Currency",
    "description": "Description",
    "customer_name": "Customer",
    "partner_reference": "Partner reference",
    "rule_set": "Rule set",
    "details_max_length": "Details text length limit",
}


@dataclass(frozen=True, slots=True)
class CreditRequest:
    """Everything the wizard collected about one credit request; unused fields stay None.

    Enum fields also take their string values and tenant_domains any sequence (form data).
    """

    credit_type: CreditType
    role: Role
    partner_type: PartnerType
    today: date
    offer: Offer | None = None
    purchase_date: date | None = None
    suspension_date: date | None = None
    users_assigned: int | None = None
    subscription_id: str | None = None
    order_id: str | None = None
    new_subscription_purchase_date: date | None = None
    original_subscription_id: str | None = None
    new_subscription_id: str | None = None
    original_tenant_id: str | None = None
    incident_date: date | None = None
    outage_id: str | None = None
    advisory: bool | None = None
    tenant_id: str | None = None
    tenant_domains: tuple[str, ...] = ()
    evidence_email: str | None = None
    customer_requested_credit: bool | None = None
    bought_through_csp: bool | None = None
    incident_duration: str | None = None
    affected_services: str | None = None
    affected_users: int | None = None
    affected_locations: str | None = None
    resolution_actions: str | None = None
    support_ticket_numbers: str | None = None
    issue_date: date | None = None
    references: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    description: str | None = None
    customer_name: str | None = None
    partner_reference: str | None = None
    rule_set: str | None = None
    details_max_length: int = DETAILS_MAX_LENGTH

    def __post_init__(self) -> None:
        # Django's cleaned_data holds plain strings and lists: accept them, store enums and a tuple
        # (an unknown value raises ValueError here, not deep inside a rule).
        for name, enum in _ENUM_FIELDS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, enum):
                object.__setattr__(self, name, enum(value))
        if isinstance(self.tenant_domains, str):
            raise TypeError("tenant_domains must be a sequence of domain names, not one string")
        if not isinstance(self.tenant_domains, tuple):
            object.__setattr__(self, "tenant_domains", tuple(self.tenant_domains))


_ENUM_FIELDS = (
    ("credit_type", CreditType),
    ("role", Role),
    ("partner_type", PartnerType),
    ("offer", Offer),
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem or warning about one field (None: the request as a whole), in plain English.

    `params` holds the values the message interpolates, as strings (dates in ISO form), so a user
    interface can word the same finding in another language; "variant" names the wording when
    one code has several. It is not part of equality nor of the CLI output.
    """

    field: str | None
    code: str
    message: str
    params: Mapping[str, str] = dataclasses.field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, str | None]:
        """The JSON shape the CLI prints."""
        return {"field": self.field, "code": self.code, "message": self.message}


class Note(str):
    """An explanation for the user: the plain-English text itself, plus a code and the values it
    interpolates (`params`, strings, dates in ISO form) so a user interface can translate it."""

    code: str
    params: Mapping[str, str]

    def __new__(cls, code: str, message: str, params: Mapping[str, str] | None = None) -> Self:
        note = str.__new__(cls, message)
        note.code = code
        note.params = dict(params or {})
        return note

    def __reduce__(self) -> tuple[Any, ...]:
        return (Note, (self.code, str(self), self.params))


@dataclass(frozen=True, slots=True)
class Assessment:
    """What one credit type's rules concluded; the engine adds requester and length checks."""

    outcome: Outcome
    deadline: date | None = None
    problems: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The engine's answer: may this request be filed, for what, by when, and the text to paste."""

    eligible: bool
    outcome: Outcome
    deadline: date | None
    problems: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    rule_set: str
    details_text: str | None
    notes: tuple[Note, ...] = ()
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict with exactly the CLI keys (notes and evidence are for the wizard only)."""
        return {
            "eligible": self.eligible,
            "outcome": self.outcome.value,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "problems": [finding.to_dict() for finding in self.problems],
            "warnings": [finding.to_dict() for finding in self.warnings],
            "rule_set": self.rule_set,
            "details_text": self.details_text,
        }
