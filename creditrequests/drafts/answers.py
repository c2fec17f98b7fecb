"""The wizard's answers (rules CLI input format) as label/value rows people can read."""

from datetime import date, datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creditrequests.messages import FIELD_LABELS, choices, evidence_text, moment_text
from creditrequests.models import CreditType, PartnerCenterRole, PartnerType
from rules.evidence import EVIDENCE_TEXTS
from rules.model import BoughtFrom, Commerce, Event, EvidenceItem, Offer, Product, ServiceFamily

# The policy's own field labels, a few worded for a list of someone's answers.
ANSWER_LABELS = {
    **FIELD_LABELS,
    "credit_type": gettext_lazy("Credit type"),
    "partner_reference": gettext_lazy("Your reference"),
    "customer_requested_credit": gettext_lazy("Customer asked for the credit"),
    "incident_duration": gettext_lazy("Duration"),
    "resolution_actions": gettext_lazy("What was done to resolve it"),
    "description": gettext_lazy("What happened"),
}

_CHOICES = {
    "credit_type": dict(CreditType.choices),
    "role": dict(PartnerCenterRole.choices),
    "partner_type": dict(PartnerType.choices),
    "offer": dict(choices(Offer)),
    "commerce": dict(choices(Commerce)),
    "product": dict(choices(Product)),
    "event": dict(choices(Event)),
    "bought_from": dict(choices(BoughtFrom)),
    "service_family": dict(choices(ServiceFamily)),
}

# Bookkeeping keys the wizard may store that are not answers.
_HIDDEN = {"today", "now", "rule_set", "details_max_length"}


def answer_rows(answers) -> list[tuple[str, str]]:
    """(label, value) pairs in the wizard's order; unknown keys follow, labelled by name."""
    if not isinstance(answers, dict):
        return []
    keys = [key for key in ANSWER_LABELS if key in answers and key not in _HIDDEN]
    keys += sorted(key for key in answers if key not in ANSWER_LABELS and key not in _HIDDEN)
    rows = []
    for key in keys:
        value = answer_value(key, answers[key])
        if value != "":
            label = ANSWER_LABELS.get(key) or key.replace("_", " ").capitalize()
            rows.append((str(label), value))
    return rows


def answer_value(key: str, value) -> str:
    """One answer as the wizard showed it: a choice's label, Yes/No, a date in the locale."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key in _CHOICES:
        return str(_CHOICES[key].get(value, value))
    if key == "evidence_attached" and isinstance(value, list):
        return "; ".join(
            evidence_text(EvidenceItem(code, EVIDENCE_TEXTS[code]))
            if code in EVIDENCE_TEXTS
            else str(code)
            for code in value
        )
    if key.endswith("_time") and isinstance(value, str) and "T" in value:
        try:
            return moment_text(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if key.endswith("_date") and isinstance(value, str):
        try:
            return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return str(value)
