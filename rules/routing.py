"""Routing: what is not a CSP credit request, and where it goes instead (POLICY.md part 2).

A routed request gets the outcome other_process, no Details text, and the next step there.
"""

from rules import catalogue
from rules.catalogue import gettext_noop
from rules.model import BoughtFrom, CreditRequest, PartnerType, Route, RouteProcess
from rules.wording import english_values

ROUTE_MESSAGES = {
    RouteProcess.MICROSOFT_BILLING_SUPPORT: gettext_noop(
        "Bought directly from Microsoft, not through CSP: a CSP credit request cannot credit it. "
        "The customer asks Microsoft's own billing support: a support request in the Microsoft 365 "
        "admin center or the Azure portal, with the invoice and what went wrong."
    ),
    RouteProcess.AZURE_SUPPORT: gettext_noop(
        "Azure consumption, reservations and Azure support cases are not CSP credit requests. "
        "Use the Azure process: in Partner Center, report the problem on behalf of the customer "
        "(Customers, the customer, Service management, Azure support request). Reservations are "
        "exchanged or refunded from the Azure portal (Reservations, Exchange or Refund)."
    ),
    RouteProcess.MARKETPLACE_PUBLISHER: gettext_noop(
        "Outside its self-service window (72 hours from the purchase, where it has one) a "
        "marketplace SaaS offer is refunded only by its publisher: contact the publisher named "
        "on the offer, with the subscription ID and the purchase date. Microsoft does not "
        "credit it."
    ),
    RouteProcess.INDIRECT_PROVIDER: gettext_noop(
        "Indirect resellers cannot file credit requests: your indirect provider files it on "
        "your behalf. Send them the customer, the subscription or incident, the dates and the "
        "evidence."
    ),
}

catalogue.register(
    notes={f"route_{process.value}": text for process, text in ROUTE_MESSAGES.items()}
)


def route(process: RouteProcess, **params: object) -> Route:
    """A Route to `process`, its message worded from the catalogue (params as strings)."""
    values = {key: str(value) for key, value in params.items()}
    message = catalogue.fill(ROUTE_MESSAGES[process], english_values(values))
    return Route(process, message, values)


def route_for_purchase(request: CreditRequest) -> Route | None:
    """The route for a purchase that is not a CSP purchase at all (bought from Microsoft)."""
    if request.bought_from is BoughtFrom.MICROSOFT_DIRECT:
        return route(RouteProcess.MICROSOFT_BILLING_SUPPORT)
    return None


def route_for_requester(request: CreditRequest) -> Route | None:
    """An indirect reseller's route: its indirect provider files for it."""
    if request.partner_type is PartnerType.INDIRECT_RESELLER:
        return route(RouteProcess.INDIRECT_PROVIDER)
    return None
