"""The engine's vocabulary: enums with English labels, and the frozen data going in and out."""

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, Self

from rules.catalogue import gettext_noop


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
    POWER_BI_PREMIUM = "power_bi_premium", gettext_noop("Power BI Premium (a SKU other than P1)")


class Outcome(LabelledChoice):
    """What the requester can get, or why not."""

    FULL_REFUND = "full_refund", "Full refund"
    PRORATED = "prorated", "Pro rata credit"
    FIXED_COSTS_DEDUCTED = "fixed_costs_deducted", "Refund with fixed costs deducted"
    NO_REFUND = "no_refund", "No refund"
    NO_REQUEST_NEEDED = "no_request_needed", "No request needed"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    REVIEW = "review", "Reviewed by Microsoft"
    OTHER_PROCESS = "other_process", gettext_noop("Not a CSP credit request")


class Commerce(LabelledChoice):
    """Which commerce platform the subscription lives on: the 2021 rules know only legacy."""

    LEGACY = "legacy", gettext_noop("Legacy commerce")
    NEW_COMMERCE = "new_commerce", gettext_noop("New commerce")


class Product(LabelledChoice):
    """The kind of new commerce product: each has its own self-service cancellation window."""

    LICENSE_BASED = (
        "license_based",
        gettext_noop(
            "Licence-based, per user (Microsoft 365, Dynamics 365, Power Platform, Windows 365)"
        ),
    )
    SOFTWARE_SUBSCRIPTION = "software_subscription", gettext_noop("Software subscription")
    PERPETUAL_SOFTWARE = "perpetual_software", gettext_noop("Perpetual software")
    MARKETPLACE_SAAS = "marketplace_saas", gettext_noop("Marketplace SaaS offer")
    BUSINESS_CENTRAL = "business_central", gettext_noop("Dynamics 365 Business Central")
    AZURE = "azure", gettext_noop("Azure (consumption or reservations)")


class Event(LabelledChoice):
    """What happened to the new commerce subscription; most events open a cancellation window."""

    PURCHASE = "purchase", gettext_noop("Purchase")
    RENEWAL = "renewal", gettext_noop("Renewal")
    SEAT_ADDITION = "seat_addition", gettext_noop("Seats added")
    TRIAL_CONVERSION = "trial_conversion", gettext_noop("Trial converted to paid")
    MIGRATION = "migration", gettext_noop("Migration from legacy to new commerce")
    PARTIAL_UPGRADE = "partial_upgrade", gettext_noop("Partial upgrade")


class BoughtFrom(LabelledChoice):
    """Where the customer bought it: only CSP purchases are CSP credit requests."""

    CSP = "csp", gettext_noop("Through a CSP partner")
    MICROSOFT_DIRECT = "microsoft_direct", gettext_noop("Directly from Microsoft")


class ServiceFamily(LabelledChoice):
    """The family of the service that was down (SLA claims): Azure has its own deadline."""

    MICROSOFT_365 = "microsoft_365", gettext_noop("Microsoft 365")
    DYNAMICS_365 = "dynamics_365", gettext_noop("Dynamics 365")
    AZURE = "azure", gettext_noop("Azure")


class Action(LabelledChoice):
    """What the partner does next."""

    FILE_REQUEST = "file_request", gettext_noop("File a credit request")
    CANCEL_IN_PARTNER_CENTER = (
        "cancel_in_partner_center",
        gettext_noop("Cancel the subscription in Partner Center"),
    )
    REDUCE_SEATS_IN_PARTNER_CENTER = (
        "reduce_seats_in_partner_center",
        gettext_noop("Reduce the seats in Partner Center"),
    )
    CONTACT_OTHER = "contact_other", gettext_noop("Ask elsewhere: this is not a CSP credit request")
    NONE = "none", gettext_noop("Nothing to do now")


# The self-service actions: each has a last moment (act_by) and a refund.
SELF_SERVICE_ACTIONS = frozenset(
    {Action.CANCEL_IN_PARTNER_CENTER, Action.REDUCE_SEATS_IN_PARTNER_CENTER}
)


class Refund(LabelledChoice):
    """What a self-service cancellation gives back."""

    FULL = "full", gettext_noop("Full refund")
    PRORATED = "prorated", gettext_noop("Prorated refund")


class RouteProcess(LabelledChoice):
    """Where a request goes that is not a CSP credit request for this partner to file."""

    MICROSOFT_BILLING_SUPPORT = (
        "microsoft_billing_support",
        gettext_noop("Microsoft's own billing support"),
    )
    AZURE_SUPPORT = "azure_support", gettext_noop("Azure support")
    MARKETPLACE_PUBLISHER = "marketplace_publisher", gettext_noop("The offer's publisher")
    INDIRECT_PROVIDER = "indirect_provider", gettext_noop("Your indirect provider")


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
        "new_commerce_not_in_rule_set",
        "before_new_commerce",
    }
)
WARNING_CODES = frozenset(
    {
        "unknown_outage_prefix",
        "unconfirmed",
        "missing_evidence",
        "deadline_soon",
        "role_not_listed",
        "past_cancellation_window",
        "evidence_not_attached",
        "legacy_after_stop_sell",
        "offer_no_longer_sold",
    }
)

# Partner Center's Details box takes this many characters unless a request says otherwise.
DETAILS_MAX_LENGTH = 4000

# Field names in words, for messages that must name the field a billing person filled in.
FIELD_LABELS: dict[str, str] = {
    "credit_type": gettext_noop("Credit request type"),
    "role": gettext_noop("Partner Center role"),
    "partner_type": gettext_noop("Partner type"),
    "today": gettext_noop("Request date"),
    "offer": gettext_noop("Offer"),
    "purchase_date": gettext_noop("Purchase date"),
    "suspension_date": gettext_noop("Suspension date"),
    "users_assigned": gettext_noop("Users assigned"),
    "subscription_id": gettext_noop("Subscription ID"),
    "order_id": gettext_noop("Order ID"),
    "new_subscription_purchase_date": gettext_noop("New subscription purchase date"),
    "original_subscription_id": gettext_noop("Original subscription ID"),
    "new_subscription_id": gettext_noop("New subscription ID"),
    "original_tenant_id": gettext_noop("Original tenant ID"),
    "incident_date": gettext_noop("Incident date"),
    "outage_id": gettext_noop("Outage incident ID"),
    "advisory": gettext_noop("Advisory incident"),
    "tenant_id": gettext_noop("Customer tenant ID"),
    "tenant_domains": gettext_noop("Tenant domains"),
    "evidence_email": gettext_noop("Customer evidence email"),
    "customer_requested_credit": gettext_noop("Customer asked for SLA credit"),
    "bought_through_csp": gettext_noop("Bought through CSP"),
    "incident_duration": gettext_noop("Duration of the outage"),
    "affected_services": gettext_noop("Affected services"),
    "affected_users": gettext_noop("Affected users"),
    "affected_locations": gettext_noop("Affected locations"),
    "resolution_actions": gettext_noop("Resolution at the time"),
    "support_ticket_numbers": gettext_noop("Support ticket numbers"),
    "issue_date": gettext_noop("Issue date"),
    "references": gettext_noop("Subscriptions, orders or invoices"),
    "amount": gettext_noop("Amount"),
    "currency": gettext_noop("Currency"),
    "description": gettext_noop("Description"),
    "customer_name": gettext_noop("Customer"),
    "partner_reference": gettext_noop("Partner reference"),
    "rule_set": gettext_noop("Rule set"),
    "details_max_length": gettext_noop("Details text length limit"),
    "commerce": gettext_noop("Commerce platform"),
    "product": gettext_noop("Product kind"),
    "event": gettext_noop("What happened to the subscription"),
    "event_time": gettext_noop("When it happened (UTC)"),
    "parent_event_time": gettext_noop("Parent subscription's event (UTC)"),
    "now": gettext_noop("Time of the request (UTC)"),
    "bought_from": gettext_noop("Bought from"),
    "service_family": gettext_noop("Service family"),
    "evidence_attached": gettext_noop("Evidence attached"),
    "microsoft_statement": gettext_noop("What Microsoft said"),
    "statement_where_when": gettext_noop("Where and when Microsoft said it"),
    "statement_by": gettext_noop("Who at Microsoft said it"),
    "statement_cost": gettext_noop("What it cost the customer"),
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
    # Contract v2 (rule sets from 2022-01-10 on): new commerce, routing and evidence.
    commerce: Commerce | None = None
    product: Product | None = None
    event: Event | None = None
    event_time: datetime | None = None
    parent_event_time: datetime | None = None
    now: datetime | None = None
    bought_from: BoughtFrom | None = None
    service_family: ServiceFamily | None = None
    evidence_attached: tuple[str, ...] | None = None
    # Incorrect information from Microsoft: what was said, where and when, by whom, and
    # what it cost (the support ticket is support_ticket_numbers, as for every type).
    microsoft_statement: str | None = None
    statement_where_when: str | None = None
    statement_by: str | None = None
    statement_cost: str | None = None

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
        if self.evidence_attached is not None and not isinstance(self.evidence_attached, tuple):
            if isinstance(self.evidence_attached, str):
                raise TypeError("evidence_attached must be a sequence of evidence codes")
            object.__setattr__(self, "evidence_attached", tuple(self.evidence_attached))
        for name in ("event_time", "parent_event_time", "now"):
            moment = getattr(self, name)
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"{name} must be an aware date-time (UTC)")

    @property
    def moment(self) -> datetime:
        """When the request is judged (UTC): `now`, else the start of `today` (our convention)."""
        return self.now if self.now is not None else start_of_day(self.today)


def start_of_day(day: date) -> datetime:
    """00:00:00 UTC on a calendar date."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def end_of_day(day: date) -> datetime:
    """23:59:59 UTC on a calendar date: the last moment of a window counted in days."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def utc_text(moment: datetime) -> str:
    """A moment as the CLI prints it: YYYY-MM-DDTHH:MM:SSZ (UTC, whole seconds)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ENUM_FIELDS = (
    ("credit_type", CreditType),
    ("role", Role),
    ("partner_type", PartnerType),
    ("offer", Offer),
    ("commerce", Commerce),
    ("product", Product),
    ("event", Event),
    ("bought_from", BoughtFrom),
    ("service_family", ServiceFamily),
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
class Route:
    """Where a request goes instead of a CSP credit request, and the next step there."""

    process: RouteProcess
    message: str
    params: Mapping[str, str] = dataclasses.field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, str]:
        """The JSON shape the CLI prints."""
        return {"process": self.process.value, "message": self.message}


@dataclass(frozen=True, slots=True)
class SelfService:
    """A step the partner takes in Partner Center instead of filing: what, until when, refund."""

    action: Action
    act_by: datetime
    refund: Refund


@dataclass(frozen=True, slots=True)
class Assessment:
    """What one credit type's rules concluded; the engine adds requester and length checks."""

    outcome: Outcome
    deadline: date | None = None
    problems: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    notes: tuple[Note, ...] = ()
    self_service: SelfService | None = None
    route: Route | None = None
    # Facts only the Details text needs (a late new commerce request's closed window).
    details: tuple[tuple[str, str], ...] = ()


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
    evidence: tuple["EvidenceItem", ...] = ()
    action: Action = Action.NONE
    act_by: datetime | None = None
    refund: Refund | None = None
    route: Route | None = None

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
            "action": self.action.value,
            "act_by": utc_text(self.act_by) if self.act_by else None,
            "refund": self.refund.value if self.refund else None,
            "route": self.route.to_dict() if self.route else None,
        }


class EvidenceItem(str):
    """One line of a credit type's evidence checklist: the English text, its code (what the
    CLI's `evidence_attached` names) and whether Microsoft requires it."""

    code: str
    required: bool

    def __new__(cls, code: str, text: str, *, required: bool = True) -> Self:
        item = str.__new__(cls, text)
        item.code = code
        item.required = required
        return item

    def __reduce__(self) -> tuple[Any, ...]:
        return (_evidence_item, (self.code, str(self), self.required))


def _evidence_item(code: str, text: str, required: bool) -> "EvidenceItem":
    return EvidenceItem(code, text, required=required)
