"""The wizard's answers (rules CLI input format) as label/value rows people can read."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creditrequests.models import CreditType, PartnerCenterRole, PartnerType

ANSWER_LABELS = {
    "credit_type": gettext_lazy("Credit type"),
    "role": gettext_lazy("Partner Center role"),
    "partner_type": gettext_lazy("Partner type"),
    "customer_name": gettext_lazy("Customer"),
    "partner_reference": gettext_lazy("Your reference"),
    "offer": gettext_lazy("Offer"),
    "purchase_date": gettext_lazy("Purchase date"),
    "suspension_date": gettext_lazy("Suspension date"),
    "users_assigned": gettext_lazy("Users assigned"),
    "subscription_id": gettext_lazy("Subscription ID"),
    "order_id": gettext_lazy("Order ID"),
    "new_subscription_purchase_date": gettext_lazy("New subscription purchase date"),
    "original_subscription_id": gettext_lazy("Original subscription ID"),
    "new_subscription_id": gettext_lazy("New subscription ID"),
    "original_tenant_id": gettext_lazy("Original tenant ID"),
    "incident_date": gettext_lazy("Incident date"),
    "outage_id": gettext_lazy("Outage incident ID"),
    "advisory": gettext_lazy("Advisory incident"),
    "tenant_id": gettext_lazy("Customer tenant ID"),
    "tenant_domains": gettext_lazy("Tenant domains"),
    "evidence_email": gettext_lazy("Customer evidence email"),
    "customer_requested_credit": gettext_lazy("Customer asked for the credit"),
    "bought_through_csp": gettext_lazy("Bought through CSP"),
    "incident_duration": gettext_lazy("Duration"),
    "affected_services": gettext_lazy("Affected services"),
    "affected_users": gettext_lazy("Affected users"),
    "affected_locations": gettext_lazy("Affected locations"),
    "resolution_actions": gettext_lazy("What was done to resolve it"),
    "support_ticket_numbers": gettext_lazy("Support ticket numbers"),
    "issue_date": gettext_lazy("Issue date"),
    "references": gettext_lazy("Subscriptions, orders or invoices"),
    "amount": gettext_lazy("Amount"),
    "currency": gettext_lazy("Currency"),
    "description": gettext_lazy("What happened"),
}

_CHOICES = {
    "credit_type": dict(CreditType.choices),
    "role": dict(PartnerCenterRole.choices),
    "partner_type": dict(PartnerType.choices),
    "offer": {
        "legacy_m365": gettext_lazy("Microsoft 365 (legacy)"),
        "legacy_d365": gettext_lazy("Dynamics 365 (legacy)"),
        "power_bi_premium_p1": gettext_lazy("Power BI Premium P1"),
        "m365_a1": gettext_lazy("Microsoft 365 A1"),
    },
}

# Bookkeeping keys the wizard may store that are not answers.
_HIDDEN = {"today", "rule_set", "details_max_length"}


def answer_rows(answers) -> list[tuple[str, str]]:
    """(label, value) pairs in the wizard's order; unknown keys follow, labelled by name."""
    if not isinstance(answers, dict):
        return []
    keys = [key for key in ANSWER_LABELS if key in answers]
    keys += sorted(key for key in answers if key not in ANSWER_LABELS and key not in _HIDDEN)
    rows = []
    for key in keys:
        value = _value(key, answers[key])
        if value != "":
            label = ANSWER_LABELS.get(key) or key.replace("_", " ").capitalize()
            rows.append((str(label), value))
    return rows


def _value(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key in _CHOICES:
        return str(_CHOICES[key].get(value, value))
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if key.endswith("_date") and isinstance(value, str):
        try:
            return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return str(value)
