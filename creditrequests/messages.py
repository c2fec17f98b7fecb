"""The policy engine's findings, notes and evidence lines in the user's language.

`rules/` words them in plain English (the CLI and the Details text need exactly that) and gives
each finding and note a code and the values it interpolates (`params`, dates in ISO form). Here
every code has a translatable template with the same English wording, filled in with those
values, dates in the active locale's format. A code without a template, or params that do not
fit it, falls back to the rules' English message: never an error on a page.
"""

from collections.abc import Mapping
from datetime import date

from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

from creditrequests.models import PartnerCenterRole, PartnerType

# Params holding a date (ISO form in `rules`); shown in the active locale's DATE_FORMAT.
DATE_PARAMS = frozenset(
    {"date", "today", "start_date", "deadline", "purchase_date", "incident_date", "suspension_date"}
)

# rules.FIELD_LABELS, word for word in English.
FIELD_LABELS = {
    "credit_type": gettext_lazy("Credit request type"),
    "role": gettext_lazy("Partner Center role"),
    "partner_type": gettext_lazy("Partner type"),
    "today": gettext_lazy("Request date"),
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
    "customer_requested_credit": gettext_lazy("Customer asked for SLA credit"),
    "bought_through_csp": gettext_lazy("Bought through CSP"),
    "incident_duration": gettext_lazy("Duration of the outage"),
    "affected_services": gettext_lazy("Affected services"),
    "affected_users": gettext_lazy("Affected users"),
    "affected_locations": gettext_lazy("Affected locations"),
    "resolution_actions": gettext_lazy("Resolution at the time"),
    "support_ticket_numbers": gettext_lazy("Support ticket numbers"),
    "issue_date": gettext_lazy("Issue date"),
    "references": gettext_lazy("Subscriptions, orders or invoices"),
    "amount": gettext_lazy("Amount"),
    "currency": gettext_lazy("Currency"),
    "description": gettext_lazy("Description"),
    "customer_name": gettext_lazy("Customer"),
    "partner_reference": gettext_lazy("Partner reference"),
    "rule_set": gettext_lazy("Rule set"),
    "details_max_length": gettext_lazy("Details text length limit"),
}

# The rules' reasons after "required." / "not given." (missing_field, missing_evidence), by text.
REASONS = {
    "Choose the product that was bought by mistake.": gettext_lazy(
        "Choose the product that was bought by mistake."
    ),
    "Microsoft 365 A1 is refunded only when no users are assigned.": gettext_lazy(
        "Microsoft 365 A1 is refunded only when no users are assigned."
    ),
    "Every refund window counts from it.": gettext_lazy("Every refund window counts from it."),
    "Microsoft finds the purchase by its subscription ID.": gettext_lazy(
        "Microsoft finds the purchase by its subscription ID."
    ),
    "Say what went wrong, e.g. the licence count was raised by mistake.": gettext_lazy(
        "Say what went wrong, e.g. the licence count was raised by mistake."
    ),
    "The claim deadline counts from it.": gettext_lazy("The claim deadline counts from it."),
    "Microsoft requires the customer's tenant ID.": gettext_lazy(
        "Microsoft requires the customer's tenant ID."
    ),
    "Microsoft requires the customer's email asking for the SLA credit, sent from a domain of "
    "the affected tenant.": gettext_lazy(
        "Microsoft requires the customer's email asking for the SLA credit, sent from a domain "
        "of the affected tenant."
    ),
    "Copy it from the Service Health dashboard, e.g. EX25194.": gettext_lazy(
        "Copy it from the Service Health dashboard, e.g. EX25194."
    ),
    "Enter the affected tenant's domains, e.g. contoso.com and contoso.onmicrosoft.com; the "
    "evidence email must come from one of them.": gettext_lazy(
        "Enter the affected tenant's domains, e.g. contoso.com and contoso.onmicrosoft.com; the "
        "evidence email must come from one of them."
    ),
    "Give the time and duration of the downtime.": gettext_lazy(
        "Give the time and duration of the downtime."
    ),
    "Only the affected service is credited, so name it.": gettext_lazy(
        "Only the affected service is credited, so name it."
    ),
    "Give the number of affected users and, if relevant, their locations.": gettext_lazy(
        "Give the number of affected users and, if relevant, their locations."
    ),
    "Say what was done to resolve it at the time.": gettext_lazy(
        "Say what was done to resolve it at the time."
    ),
    "Give the support ticket numbers and the customer contact.": gettext_lazy(
        "Give the support ticket numbers and the customer contact."
    ),
    "The window counts from it.": gettext_lazy("The window counts from it."),
    "Microsoft needs both subscriptions to see the duplicate.": gettext_lazy(
        "Microsoft needs both subscriptions to see the duplicate."
    ),
    "Say why the licences are duplicated, e.g. the customer moved tenant.": gettext_lazy(
        "Say why the licences are duplicated, e.g. the customer moved tenant."
    ),
    "Say what happened, so the reviewer can judge it.": gettext_lazy(
        "Say what happened, so the reviewer can judge it."
    ),
    "Say when it happened.": gettext_lazy("Say when it happened."),
    "List the subscriptions, orders or invoices affected.": gettext_lazy(
        "List the subscriptions, orders or invoices affected."
    ),
    "Give the customer's tenant ID.": gettext_lazy("Give the customer's tenant ID."),
    "Say how much credit you ask for.": gettext_lazy("Say how much credit you ask for."),
    "Say which currency the amount is in.": gettext_lazy("Say which currency the amount is in."),
}

# (code, variant) -> template; the variant is params["variant"] ("" when the rules give none).
FINDINGS = {
    ("role_not_allowed", ""): gettext_lazy(
        "Partner Center role: the %(role)s role cannot file credit requests; only "
        "%(allowed_roles)s can. Ask %(allowed_roles)s in your organisation to file it."
    ),
    ("partner_type_not_allowed", "indirect_reseller"): gettext_lazy(
        "Partner type: Microsoft does not accept credit requests from indirect resellers. "
        "Your indirect provider must file it on your behalf."
    ),
    ("partner_type_not_allowed", "other"): gettext_lazy(
        "Partner type: Microsoft does not accept credit requests from this partner type "
        "(%(partner_type)s). Ask the partner that bills the customer to file it."
    ),
    ("missing_field", ""): gettext_lazy("%(field)s: required. %(why)s"),
    ("missing_field", "no_reason"): gettext_lazy("%(field)s: required."),
    ("missing_evidence", ""): gettext_lazy("%(field)s: not given. %(why)s"),
    ("date_in_future", ""): gettext_lazy(
        "%(field)s: %(date)s is after today (%(today)s). Enter the date it happened; a request "
        "cannot be filed for something that has not happened yet."
    ),
    ("date_order", ""): gettext_lazy(
        "%(field)s: %(date)s is before the %(start_field)s (%(start_date)s). Check both dates."
    ),
    ("invalid_guid", ""): gettext_lazy(
        "%(field)s: %(value)s is not a GUID. Enter 32 hexadecimal characters in the form "
        "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
    ),
    ("invalid_guid", "all_zero"): gettext_lazy(
        "%(field)s: The all-zero GUID is a placeholder, not a real ID. Copy the real one."
    ),
    ("invalid_outage_id", ""): gettext_lazy(
        "%(field)s: %(value)s is not an outage incident ID. It is two letters followed by a "
        "number, like EX25194, as shown on the Service Health dashboard."
    ),
    ("invalid_email", ""): gettext_lazy(
        "%(field)s: %(value)s is not an email address. Enter it like it@contoso.com."
    ),
    ("invalid_domain", ""): gettext_lazy(
        "%(field)s: %(value)s is not a domain name. Enter it like contoso.com, without http://, "
        "@ or a path."
    ),
    ("invalid_domain", "onmicrosoft"): gettext_lazy(
        "%(field)s: onmicrosoft.com alone is shared by every tenant. Enter the tenant's own "
        "domain, like contoso.onmicrosoft.com."
    ),
    ("invalid_domain", "free_mail"): gettext_lazy(
        "%(field)s: %(domain)s is a personal email service, not a domain of the customer's tenant."
    ),
    ("invalid_domain", "too_many"): gettext_lazy(
        "%(field)s: More than %(limit)s domains. Enter the affected tenant's own domains only."
    ),
    ("invalid_amount", ""): gettext_lazy(
        "%(field)s: %(value)s is not an amount Microsoft can credit. Enter a positive amount "
        "with at most two decimals and a full stop as decimal mark, like 125.50."
    ),
    ("invalid_currency", ""): gettext_lazy(
        "%(field)s: %(value)s is not a currency code. Enter the three-letter ISO 4217 code, "
        "like EUR, SEK or USD."
    ),
    ("invalid_number", ""): gettext_lazy(
        "%(field)s: %(value)s is negative. Enter a number of 0 or more."
    ),
    ("personal_email", ""): gettext_lazy(
        "%(field)s: %(domain)s is a personal email service. Microsoft accepts the customer's "
        "evidence only from an address at a domain of the affected tenant."
    ),
    ("email_domain_mismatch", ""): gettext_lazy(
        "%(field)s: %(domain)s is not one of the tenant's domains (%(tenant_domains)s) or a "
        "subdomain of one. Use an email the customer sent from a tenant domain, or add the "
        "domain to the tenant domains if the tenant owns it."
    ),
    ("advisory_incident", ""): gettext_lazy(
        "Advisory incident: incidents posted as advisories on the Service Health dashboard are "
        "not eligible for an SLA credit."
    ),
    ("customer_request_missing", ""): gettext_lazy(
        "Customer asked for SLA credit: Microsoft requires evidence that the customer asked for "
        "an SLA credit. Get the customer's request in writing first."
    ),
    ("not_bought_through_csp", ""): gettext_lazy(
        "Bought through CSP: only subscriptions bought through CSP can be credited through a "
        "CSP credit request. The customer must claim where they bought them."
    ),
    ("users_assigned", ""): ngettext_lazy(
        "Users assigned: Microsoft 365 A1 is refunded only when no users are assigned, and "
        "%(users)s user is assigned. Unassign every user, then file by %(deadline)s.",
        "Users assigned: Microsoft 365 A1 is refunded only when no users are assigned, and "
        "%(users)s users are assigned. Unassign every user, then file by %(deadline)s.",
        "users",
    ),
    ("past_deadline", "accidental_purchase"): gettext_lazy(
        "Purchase date: the window for a refund from the start closed on %(deadline)s, "
        "%(days)s days after the purchase on %(purchase_date)s. It is too late to request it."
    ),
    ("past_deadline", "m365_a1"): gettext_lazy(
        "Purchase date: Microsoft 365 A1 is refunded only if the request is filed within "
        "%(days)s days of the purchase on %(purchase_date)s, by %(deadline)s. No refund is "
        "given after that."
    ),
    ("past_deadline", "service_outage"): gettext_lazy(
        "Incident date: an SLA claim must reach Microsoft by the end of the calendar month "
        "after the incident; for an incident on %(incident_date)s the last day was "
        "%(deadline)s. It is too late to claim."
    ),
    ("past_deadline", "duplicate_order"): gettext_lazy(
        "New subscription purchase date: duplicate orders must be reported within %(days)s "
        "days of the new purchase on %(purchase_date)s; the last day was %(deadline)s. It is "
        "too late to request a credit."
    ),
    ("details_too_long", ""): gettext_lazy(
        "The Details text is %(length)s characters; Partner Center accepts %(limit)s. Shorten "
        "the longest answers, usually the description, by at least %(excess)s characters."
    ),
    ("unknown_outage_prefix", ""): gettext_lazy(
        "Outage incident ID: %(prefix)s is not a service prefix we know (%(known)s). Check the "
        "ID on the Service Health dashboard; if it is right, file it as it is."
    ),
    ("unconfirmed", "customer_requested_credit"): gettext_lazy(
        "Customer asked for SLA credit: not confirmed. Microsoft requires evidence that the "
        "customer asked for an SLA credit; confirm you have it."
    ),
    ("unconfirmed", "bought_through_csp"): gettext_lazy(
        "Bought through CSP: not confirmed. Confirm the affected subscriptions were bought "
        "through CSP."
    ),
    ("deadline_soon", ""): ngettext_lazy(
        "Only %(days)s day left: file by %(deadline)s; after %(deadline)s the window is closed.",
        "Only %(days)s days left: file by %(deadline)s; after %(deadline)s the window is closed.",
        "days",
    ),
    ("deadline_soon", "today"): gettext_lazy(
        "Today is the last day to file; after %(deadline)s the window is closed."
    ),
}

NOTES = {
    "affected_service_only": gettext_lazy(
        "Only the affected service is credited, pro rata by the outage duration: a SharePoint "
        "outage credits SharePoint, not the whole suite."
    ),
    "sla_claim_by": gettext_lazy(
        "Microsoft must receive the claim and all required information by %(deadline)s."
    ),
    "move_loses_offers": gettext_lazy(
        "Customers who move voluntarily between partners or tenants lose all offers under their "
        "agreements."
    ),
    "move_loses_promotions": gettext_lazy(
        "Past promotions do not carry over if they are no longer available."
    ),
    "move_new_price": gettext_lazy("New offers are bought at today's price."),
    "no_deadline_review": gettext_lazy(
        "The article sets no deadline for this type; Microsoft reviews each request on its own "
        "merits, so file while the evidence is fresh."
    ),
    "suspended_in_time": gettext_lazy(
        "The subscription was suspended on %(suspension_date)s, within %(days)s days of "
        "purchase: you get 100 %% back without a credit request; the credit appears on the "
        "invoice after the suspension."
    ),
    "cancel_by": gettext_lazy(
        "Cancel (suspend) the subscription by %(deadline)s: within %(days)s days you get 100 %% "
        "back without a credit request; the credit appears on the invoice after the suspension."
    ),
    "full_refund_file_by": gettext_lazy(
        "File by %(deadline)s for a full refund from the start of the subscription. Without a "
        "request, a suspension in months 2–12 is credited pro rata only."
    ),
    "power_bi_full_refund_file_by": gettext_lazy(
        "File by %(deadline)s for 100 %% back; after %(days)s days, fixed costs are deducted "
        "from the credit."
    ),
    "fixed_costs_file_by": gettext_lazy(
        "More than %(days)s days after the purchase, fixed costs are deducted from the credit. "
        "File by %(deadline)s."
    ),
    "no_users_file_by": gettext_lazy(
        "Full credit only while no users are assigned: keep it so and file by %(deadline)s."
    ),
    "prorated_automatically": gettext_lazy(
        "The suspension on %(suspension_date)s is credited pro rata automatically; no credit "
        "request is needed for that."
    ),
    "suspend_for_prorated": gettext_lazy(
        "Suspend the subscription by %(deadline)s and it is credited pro rata automatically; no "
        "credit request is needed for that."
    ),
    "no_credit_after_months": gettext_lazy(
        "More than %(months)s months after the purchase, no credit is given."
    ),
}

# The rule sets' evidence checklists, by their English text.
EVIDENCE = {
    "Microsoft's credit or refund request form, filled in": gettext_lazy(
        "Microsoft's credit or refund request form, filled in"
    ),
    "Order confirmation or invoice line of the purchase (date, product, quantity)": gettext_lazy(
        "Order confirmation or invoice line of the purchase (date, product, quantity)"
    ),
    "Proof of the cancellation (suspension) or licence reduction, with its date": gettext_lazy(
        "Proof of the cancellation (suspension) or licence reduction, with its date"
    ),
    "The customer's confirmation that the purchase was a mistake": gettext_lazy(
        "The customer's confirmation that the purchase was a mistake"
    ),
    "Subscription IDs of the original and the new (duplicate) subscription": gettext_lazy(
        "Subscription IDs of the original and the new (duplicate) subscription"
    ),
    "Invoice or order lines of both subscriptions": gettext_lazy(
        "Invoice or order lines of both subscriptions"
    ),
    "Proof of the move to the new tenant or partner, with its date": gettext_lazy(
        "Proof of the move to the new tenant or partner, with its date"
    ),
    "The outage incident ID from the Service Health dashboard": gettext_lazy(
        "The outage incident ID from the Service Health dashboard"
    ),
    "Time and duration of the downtime": gettext_lazy("Time and duration of the downtime"),
    "Number and location(s) of affected users, if applicable": gettext_lazy(
        "Number and location(s) of affected users, if applicable"
    ),
    "What was done to resolve it at the time": gettext_lazy(
        "What was done to resolve it at the time"
    ),
    "The customer's email, from a domain of the affected tenant, asking for support and then "
    "for an SLA credit": gettext_lazy(
        "The customer's email, from a domain of the affected tenant, asking for support and "
        "then for an SLA credit"
    ),
    "Support ticket numbers and the customer contact about resolving it": gettext_lazy(
        "Support ticket numbers and the customer contact about resolving it"
    ),
    "What happened and when, with screenshots or error messages": gettext_lazy(
        "What happened and when, with screenshots or error messages"
    ),
    "The subscriptions, orders or invoices affected": gettext_lazy(
        "The subscriptions, orders or invoices affected"
    ),
    "Support ticket numbers, if any": gettext_lazy("Support ticket numbers, if any"),
    "How the amount asked for was calculated": gettext_lazy(
        "How the amount asked for was calculated"
    ),
    "The incorrect information from Microsoft: where and when it was given, as a screenshot, "
    "email or link": gettext_lazy(
        "The incorrect information from Microsoft: where and when it was given, as a "
        "screenshot, email or link"
    ),
    "What was done because of it, and what it cost": gettext_lazy(
        "What was done because of it, and what it cost"
    ),
}

# The roles that may file, as a phrase with its article, by the rule set's list of role values.
ALLOWED_ROLES = {
    "admin_agent,global_admin": gettext_lazy("an Admin agent or Global admin"),
}
_ROLE_LABELS = dict(PartnerCenterRole.choices)
_PARTNER_TYPE_LABELS = dict(PartnerType.choices)


def finding_text(finding) -> str:
    """A rules.Finding (problem or warning) in the active language."""
    params = dict(getattr(finding, "params", None) or {})
    variant = params.get("variant", "")
    if finding.code == "missing_field" and not params.get("why"):
        variant = "no_reason"
    template = FINDINGS.get((finding.code, variant))
    return _fill(template, params, finding.message)


def note_text(note) -> str:
    """A rules.Note (an explanation beside the verdict) in the active language."""
    template = NOTES.get(getattr(note, "code", None))
    return _fill(template, dict(getattr(note, "params", None) or {}), str(note))


def evidence_text(line: str) -> str:
    """One line of a rule set's evidence checklist in the active language."""
    return str(EVIDENCE.get(str(line), line))


def _fill(template, params: dict, english: str) -> str:
    if template is None:
        return english
    try:
        values = _display_values(params)
    except (KeyError, ValueError):
        return english
    if values is None:
        return english
    try:
        # `%` on the lazy object itself: a plural template picks its form from the values.
        return str(template % values)
    except (KeyError, ValueError, TypeError):
        return english


def _display_values(params: Mapping[str, str]) -> dict | None:
    """The params as shown: labels translated, dates and counts formatted; None if unknown."""
    values: dict = {}
    for key, value in params.items():
        if key in DATE_PARAMS:
            values[key] = date_filter(date.fromisoformat(value), "DATE_FORMAT")
        elif key in ("field", "start_field"):
            label = FIELD_LABELS.get(value)
            if label is None:
                return None
            values[key] = str(label) if key == "field" else str(label).lower()
        elif key == "why":
            reason = REASONS.get(value) if value else ""
            if reason is None:
                return None
            values[key] = str(reason)
        elif key == "role":
            values[key] = str(_ROLE_LABELS.get(value, value))
        elif key == "allowed_roles":
            phrase = ALLOWED_ROLES.get(value)
            if phrase is None:
                labels = [str(_ROLE_LABELS.get(role, role)) for role in value.split(",")]
                phrase = gettext(" or ").join(labels)
            values[key] = str(phrase)
        elif key == "partner_type":
            values[key] = str(_PARTNER_TYPE_LABELS.get(value, value))
        elif key in ("users", "days"):
            values[key] = int(value)
        else:
            values[key] = value
    return values
