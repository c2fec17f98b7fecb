"""The evidence a credit request can carry: one code and one English line per item.

Rule sets list, per credit type, which items apply and which of them Microsoft requires
(rules/rulesets/). The CLI's `evidence_attached` names items by code; the Details text lists as
attached only those, and a required item not attached is a warning, never a claim (POLICY.md
part 2).
"""

from collections.abc import Iterable
from types import MappingProxyType

from rules import catalogue
from rules.catalogue import gettext_noop
from rules.model import EvidenceItem

# code -> the line shown in the checklist and the Details text.
EVIDENCE_TEXTS = MappingProxyType(
    {
        "request_form": gettext_noop("Microsoft's credit or refund request form, filled in"),
        "purchase_record": gettext_noop(
            "Order confirmation or invoice line of the purchase (date, product, quantity)"
        ),
        "cancellation_proof": gettext_noop(
            "Proof of the cancellation (suspension) or licence reduction, with its date"
        ),
        "customer_confirmation": gettext_noop(
            "The customer's confirmation that the purchase was a mistake"
        ),
        "subscription_ids": gettext_noop(
            "Subscription IDs of the original and the new (duplicate) subscription"
        ),
        "invoice_lines": gettext_noop("Invoice or order lines of both subscriptions"),
        "move_proof": gettext_noop("Proof of the move to the new tenant or partner, with its date"),
        "outage_incident_id": gettext_noop(
            "The outage incident ID from the Service Health dashboard"
        ),
        "downtime": gettext_noop("Time and duration of the downtime"),
        "affected_users": gettext_noop("Number and location(s) of affected users, if applicable"),
        "resolution": gettext_noop("What was done to resolve it at the time"),
        "customer_email": gettext_noop(
            "The customer's email, from a domain of the affected tenant, asking for support and "
            "then for an SLA credit"
        ),
        "support_contact": gettext_noop(
            "Support ticket numbers and the customer contact about resolving it"
        ),
        "what_happened": gettext_noop("What happened and when, with screenshots or error messages"),
        "affected_items": gettext_noop("The subscriptions, orders or invoices affected"),
        "support_tickets": gettext_noop("Support ticket numbers, if any"),
        "amount_calculation": gettext_noop("How the amount asked for was calculated"),
        "incorrect_information": gettext_noop(
            "The incorrect information from Microsoft: where and when it was given, as a "
            "screenshot, email or link"
        ),
        "consequence": gettext_noop("What was done because of it, and what it cost"),
    }
)

catalogue.register(phrases={("item", code): text for code, text in EVIDENCE_TEXTS.items()})

EVIDENCE_CODES = frozenset(EVIDENCE_TEXTS)


def checklist(*codes: str, optional: Iterable[str] = ()) -> tuple[EvidenceItem, ...]:
    """A credit type's evidence checklist in the order given; every code is required unless
    named in `optional`. Raises KeyError for a code with no text."""
    optional = frozenset(optional)
    return tuple(
        EvidenceItem(code, EVIDENCE_TEXTS[code], required=code not in optional) for code in codes
    )
