"""A verdict in the words the wizard's pages use (translated labels, days left)."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from creditrequests.messages import evidence_text, finding_text, note_text
from rules import Outcome

OUTCOME_LABELS = {
    Outcome.FULL_REFUND: _("Full refund"),
    Outcome.PRORATED: _("Pro rata credit"),
    Outcome.FIXED_COSTS_DEDUCTED: _("Refund with fixed costs deducted"),
    Outcome.NO_REFUND: _("No refund"),
    Outcome.NO_REQUEST_NEEDED: _("No request needed"),
    Outcome.NOT_ELIGIBLE: _("Not eligible"),
    Outcome.REVIEW: _("Microsoft reviews the request"),
}

# While the wizard is still collecting facts, "not filled in yet" is not news.
_UNFINISHED_CODES = {"missing_field", "missing_evidence", "unconfirmed"}


def verdict_summary(verdict, *, today: date, partial: bool = False) -> dict:
    """What a page shows about a verdict; `partial` hides what later steps will ask for."""
    problems = [f for f in verdict.problems if not (partial and f.code in _UNFINISHED_CODES)]
    warnings = [f for f in verdict.warnings if not (partial and f.code in _UNFINISHED_CODES)]
    days_left = (verdict.deadline - today).days if verdict.deadline else None
    outcome_known = not (partial and verdict.outcome == Outcome.NOT_ELIGIBLE and not problems)
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
        "show": bool(verdict.deadline or verdict.notes or problems or warnings or outcome_known),
    }
