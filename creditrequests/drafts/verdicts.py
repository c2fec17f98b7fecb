"""A draft's verdict recomputed today beside the verdict under the rule set it was drafted with."""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from creditrequests.evaluation import current_rule_set, evaluate_draft
from creditrequests.messages import finding_text

logger = logging.getLogger(__name__)

OUTCOME_LABELS = {
    "full_refund": gettext_lazy("Full refund"),
    "prorated": gettext_lazy("Pro rata credit"),
    "fixed_costs_deducted": gettext_lazy("Credit minus fixed costs"),
    "no_refund": gettext_lazy("No refund"),
    "no_request_needed": gettext_lazy("No request needed"),
    "not_eligible": gettext_lazy("Not eligible"),
    "review": gettext_lazy("Microsoft reviews the request"),
    "other_process": gettext_lazy("Not a CSP credit request"),
}


@dataclass
class VerdictView:
    """The parts of a rules.Verdict a reviewer compares."""

    rule_set: str
    eligible: bool
    outcome: str
    outcome_label: str
    deadline: date | None
    problems: list[str] = field(default_factory=list)
    problem_codes: frozenset = frozenset()
    warnings: list[str] = field(default_factory=list)


@dataclass
class VerdictComparison:
    now: VerdictView | None
    drafted: VerdictView | None
    differences: list[str]
    error: str = ""


def _view(verdict) -> VerdictView:
    outcome = str(verdict.outcome)
    return VerdictView(
        rule_set=str(verdict.rule_set),
        eligible=bool(verdict.eligible),
        outcome=outcome,
        outcome_label=str(OUTCOME_LABELS.get(outcome, outcome)),
        deadline=verdict.deadline,
        problems=[finding_text(problem) for problem in verdict.problems],
        problem_codes=frozenset((problem.code, problem.field) for problem in verdict.problems),
        warnings=[finding_text(warning) for warning in verdict.warnings],
    )


def differences(now: VerdictView, drafted: VerdictView) -> list[str]:
    """What a reviewer must notice: eligibility, outcome, deadline or problems changed."""
    found = []
    if now.eligible != drafted.eligible:
        found.append(
            _("Eligibility changed: the request is eligible today.")
            if now.eligible
            else _("Eligibility changed: the request is no longer eligible today.")
        )
    if now.outcome != drafted.outcome:
        found.append(
            _("The outcome changed from “%(then)s” to “%(now)s”.")
            % {"then": drafted.outcome_label, "now": now.outcome_label}
        )
    if now.deadline != drafted.deadline:
        found.append(_("The deadline changed."))
    if now.problem_codes != drafted.problem_codes:
        found.append(_("The problems found are different."))
    return found


def compare(draft, *, today: date) -> VerdictComparison:
    """Evaluate the draft under today's rule set and under the one it was drafted with."""
    try:
        # evaluate_draft keeps the draft's own rule set unless told otherwise: name today's.
        in_force = current_rule_set(today).version
        now = _view(evaluate_draft(draft, today=today, rule_set=in_force))
    except (LookupError, ValueError, TypeError) as error:
        logger.warning("Could not evaluate draft %s: %s", draft.public_id, error)
        return VerdictComparison(None, None, [], _("The answers could not be evaluated."))
    try:
        drafted = _view(evaluate_draft(draft, today=today, rule_set=draft.rule_set_version or None))
    except (LookupError, ValueError, TypeError) as error:
        logger.warning("Rule set %r unavailable: %s", draft.rule_set_version, error)
        return VerdictComparison(
            now,
            None,
            [],
            _("The rule set this draft was written under (%(version)s) is not available.")
            % {"version": draft.rule_set_version},
        )
    return VerdictComparison(now, drafted, differences(now, drafted))
