"""What a rule set is: a dated, versioned bundle of windows, lists and the rules that use them.

The rule sets themselves are data, one module each, in rules/rulesets/.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

from rules.model import (
    Assessment,
    CreditRequest,
    CreditType,
    EvidenceItem,
    Offer,
    PartnerType,
    Product,
    Refund,
    Role,
    RouteProcess,
    ServiceFamily,
)


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One line of the readable rule table (`python -m rules explain`, docs/rules.md)."""

    credit_type: str
    case: str
    last_day: str
    result: str


@dataclass(frozen=True, slots=True)
class CreditTypeRules:
    """One credit type's rules: how to assess a request, how to describe them, what to attach."""

    assess: "Callable[[CreditRequest, RuleSet], Assessment]"
    describe: "Callable[[RuleSet], tuple[RuleRow, ...]]"
    evidence: tuple[EvidenceItem, ...]


@dataclass(frozen=True, slots=True)
class CancellationWindow:
    """A new commerce product's self-service window: hours from the event, refund, and whether
    seats can be reduced (else the subscription is cancelled and bought again)."""

    hours: int
    refund: Refund
    seat_reduction: bool


@dataclass(frozen=True, slots=True)
class NewCommerceRules:
    """New commerce (from 2022-01-10): windows by product, where the rest goes, and the 72-hour
    window that came before 7 days."""

    windows: Mapping[Product, CancellationWindow]
    # Products that are never a CSP credit request, and where they go instead.
    routes: Mapping[Product, RouteProcess]
    # Products whose refunds after the window only someone else can give.
    routes_after_window: Mapping[Product, RouteProcess]
    # Windows of `seven_days_hours` were `early_window_hours` for events before this instant.
    seven_days_from: datetime
    # New commerce began then: an event before it cannot be a new commerce event.
    available_from: datetime
    early_window_hours: int = 72
    seven_days_hours: int = 168


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The policy as of one dated article; drafts keep the version they were evaluated under."""

    version: str
    effective_date: date
    source: str
    allowed_roles: tuple[Role, ...]
    allowed_partner_types: tuple[PartnerType, ...]
    windows: Mapping[str, int]
    free_mail_domains: frozenset[str]
    outage_prefixes: Mapping[str, str]
    credit_types: Mapping[CreditType, CreditTypeRules]
    procedure: tuple[str, ...]
    # Roles the article no longer names but does not refuse: a warning, not a refusal.
    warned_roles: tuple[Role, ...] = ()
    # None: the set knows only legacy commerce (the 2021 article).
    new_commerce: NewCommerceRules | None = None
    # Offers under the Power BI Premium rule (7 days for 100 %, then fixed costs deducted).
    power_bi_offers: frozenset[Offer] = frozenset({Offer.POWER_BI_PREMIUM_P1})
    # Fixed costs deducted per day after the 7 days, in USD (None: the article gives no figure).
    power_bi_daily_fixed_cost_usd: Decimal | None = None
    # Months after the end of the incident's month by which an SLA claim must be received.
    sla_claim_months: Mapping[ServiceFamily, int] = field(
        default_factory=lambda: MappingProxyType(dict.fromkeys(ServiceFamily, 1))
    )
    # Whether the Details text lists only evidence declared attached (always, from 2022 on).
    evidence_declared_only: bool = False
    # Legacy purchases on or after this date are unusual (stop-sell): a warning.
    legacy_stop_sell: date | None = None
    # Offers no longer sold (or sold only in new commerce) from a date: a warning.
    offer_stop_sell: Mapping[Offer, date] = field(default_factory=lambda: MappingProxyType({}))
    # Later facts shown beside every verdict of the set (note codes).
    notices: tuple[str, ...] = ()
