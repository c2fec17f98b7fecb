"""A verdict in the words the wizard's pages use (translated labels, days or hours left)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from creditrequests.english import looks_non_english
from creditrequests.messages import (
    SelfServiceClock,
    evidence_text,
    finding_text,
    note_text,
    route_text,
)
from rules import Outcome
from rules.model import Refund, RouteProcess, ServiceFamily

OUTCOME_LABELS = {
    Outcome.FULL_REFUND: _("Full refund"),
    Outcome.PRORATED: _("Pro rata credit"),
    Outcome.FIXED_COSTS_DEDUCTED: _("Refund with fixed costs deducted"),
    Outcome.NO_REFUND: _("No refund"),
    Outcome.NO_REQUEST_NEEDED: _("No request needed"),
    Outcome.NOT_ELIGIBLE: _("Not eligible"),
    Outcome.REVIEW: _("Microsoft reviews the request"),
    Outcome.OTHER_PROCESS: _("Not a CSP credit request"),
}

REFUND_LABELS = {
    Refund.FULL: _("a full refund"),
    Refund.PRORATED: _("a refund prorated by day"),
}

# Where a routed request goes, with a link when there is one place to start.
ROUTE_LINKS = {
    RouteProcess.MICROSOFT_BILLING_SUPPORT: (
        _("Microsoft 365 admin center"),
        "https://admin.microsoft.com/",
    ),
    RouteProcess.AZURE_SUPPORT: (_("Partner Center"), "https://partner.microsoft.com/dashboard"),
}

ROUTE_TITLES = {
    RouteProcess.MICROSOFT_BILLING_SUPPORT: _("Bought directly from Microsoft"),
    RouteProcess.AZURE_SUPPORT: _("Azure has its own process"),
    RouteProcess.MARKETPLACE_PUBLISHER: _("Only the publisher can refund it now"),
    RouteProcess.INDIRECT_PROVIDER: _("Your indirect provider files it"),
}

# Where a partner goes next, by what the verdict says (our list: Microsoft moves pages).
CREDIT_REQUEST_ARTICLE = "https://learn.microsoft.com/partner-center/billing/request-credits"
PARTNER_CENTER = "https://partner.microsoft.com/dashboard"
SERVICE_HEALTH = "https://admin.microsoft.com/Adminportal/Home#/servicehealth"
AZURE_SERVICE_HEALTH = (
    "https://portal.azure.com/#view/Microsoft_Azure_Health/AzureHealthBrowseBlade"
)


def filing_links(verdict, answers: dict | None = None) -> list[tuple[str, str]]:
    """(words, address) of the places the partner needs for this verdict; a routed verdict
    names its own place (ROUTE_LINKS)."""
    if verdict.route is not None:
        return []
    links = [
        (
            str(
                _("Microsoft's article on credit requests, with the credit or refund request form")
            ),
            CREDIT_REQUEST_ARTICLE,
        ),
        (str(_("Partner Center: Help + support, New request")), PARTNER_CENTER),
    ]
    if verdict.act_by is not None:
        links = [(str(_("Partner Center: Customers, then the subscription")), PARTNER_CENTER)]
    if any(item.code == "outage_incident_id" for item in verdict.evidence):
        if (answers or {}).get("service_family") == ServiceFamily.AZURE:
            links.append((str(_("Service Health in the Azure portal")), AZURE_SERVICE_HEALTH))
        else:
            links.append(
                (str(_("Service Health in the Microsoft 365 admin center")), SERVICE_HEALTH)
            )
    return links


# While the wizard is still collecting facts, "not filled in yet" is not news.
_UNFINISHED_CODES = {"missing_field", "missing_evidence", "unconfirmed", "evidence_not_attached"}


def verdict_summary(
    verdict, *, today: date, partial: bool = False, now: datetime | None = None
) -> dict:
    """What a page shows about a verdict; `partial` hides what later steps will ask for."""
    problems = [f for f in verdict.problems if not (partial and f.code in _UNFINISHED_CODES)]
    warnings = [f for f in verdict.warnings if not (partial and f.code in _UNFINISHED_CODES)]
    days_left = (verdict.deadline - today).days if verdict.deadline else None
    outcome_known = not (partial and verdict.outcome == Outcome.NOT_ELIGIBLE and not problems)
    route = verdict.route
    return {
        "eligible": verdict.eligible,
        "outcome": verdict.outcome.value,
        "outcome_label": OUTCOME_LABELS.get(verdict.outcome, verdict.outcome.label),
        "outcome_known": outcome_known,
        "deadline": verdict.deadline,
        "days_left": days_left,
        "notes": [note_text(note) for note in verdict.notes],
        "problems": [finding_text(f) for f in problems],
        "warnings": [finding_text(f) for f in warnings],
        "evidence": [evidence_text(item) for item in verdict.evidence],
        "rule_set": verdict.rule_set,
        "action": verdict.action.value,
        "self_service": _self_service(verdict, now or timezone.now()),
        "route": (
            {
                "process": route.process.value,
                "title": ROUTE_TITLES.get(route.process, ""),
                "message": route_text(route),
                "link": ROUTE_LINKS.get(route.process),
            }
            if route
            else None
        ),
        "late_new_commerce": any(f.code == "past_cancellation_window" for f in verdict.warnings),
        "show": bool(
            verdict.deadline
            or verdict.notes
            or problems
            or warnings
            or outcome_known
            or route
            or verdict.act_by
        ),
    }


def _self_service(verdict, now: datetime) -> SelfServiceClock | None:
    if verdict.act_by is None:
        return None
    refund = REFUND_LABELS.get(verdict.refund, "")
    return SelfServiceClock.of(verdict.action, verdict.act_by, now, refund=str(refund))


def step_errors(form) -> list[dict]:
    """A bound, invalid step form's errors: the message and the field to link to."""
    errors = [{"anchor": "", "message": message} for message in form.non_field_errors()]
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        anchor = form[name].id_for_label
        errors.extend({"anchor": anchor, "message": message} for message in messages)
    return errors


def english_warnings(form) -> list[dict]:
    """A valid step form's free-text answers (for Microsoft's support) that look non-English."""
    warnings = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if getattr(field, "english", False) and isinstance(value, str) and looks_non_english(value):
            message = gettext(
                "“%(label)s” does not look like English. Microsoft's support reads the Details "
                "text in English: write it in English if you can."
            ) % {"label": str(field.label).rstrip("?")}
            warnings.append({"anchor": form[name].id_for_label, "message": message})
    return warnings
