"""evaluate(): the one entry point, applying a rule set to a credit request."""

from datetime import date

from rules import catalogue
from rules.catalogue import gettext_noop, ngettext_noop
from rules.details import details_for
from rules.model import (
    REQUEST_OUTCOMES,
    SELF_SERVICE_ACTIONS,
    Action,
    Assessment,
    CreditRequest,
    EvidenceItem,
    Finding,
    Outcome,
    Route,
    Verdict,
)
from rules.requester import requester_problems, requester_warnings
from rules.routing import route_for_purchase, route_for_requester
from rules.ruleset import RuleSet
from rules.rulesets import rule_set_for
from rules.validators import check_amount
from rules.wording import finding, note

catalogue.register(
    findings={
        ("deadline_soon", ""): ngettext_noop(
            "Only %(days)s day left: file by %(deadline)s; after %(deadline)s the window is "
            "closed.",
            "Only %(days)s days left: file by %(deadline)s; after %(deadline)s the window is "
            "closed.",
            "days",
        ),
        ("deadline_soon", "today"): gettext_noop(
            "Today is the last day to file; after %(deadline)s the window is closed."
        ),
        ("details_too_long", ""): gettext_noop(
            "The Details text is %(length)s characters; Partner Center accepts %(limit)s. Shorten "
            "the longest answers, usually the description, by at least %(excess)s characters."
        ),
        ("evidence_not_attached", ""): gettext_noop(
            "Evidence: “%(item)s” is required and not marked as attached. The Details text does "
            "not claim it; attach it before you file, or Microsoft may send the request back."
        ),
    },
    notes={
        "credits_on_next_invoice": gettext_noop(
            "Approved credits appear on the next invoice and reconciliation file."
        ),
    },
)

# Problems that come from the timing rules, not from the input: beside them the credit type's own
# outcome (pro rata, no refund) still tells the user what they get. Any other problem means the
# request cannot be judged as entered, so the outcome is not_eligible.
TIMING_PROBLEMS = frozenset({"past_deadline", "users_assigned"})


def evaluate(request: CreditRequest, rule_set: RuleSet | str | None = None) -> Verdict:
    """Judge a credit request under a rule set: eligibility, outcome, deadline, next action and
    Details text.

    The rule set is the one given, else the version named in request.rule_set, else the set in
    force on request.today. Raises ValueError for an unknown rule set version.
    """
    if not isinstance(rule_set, RuleSet):
        rule_set = rule_set_for(
            request.today, rule_set if rule_set is not None else request.rule_set
        )
    type_rules = rule_set.credit_types[request.credit_type]
    route = route_for_purchase(request)
    assessment = None if route else type_rules.assess(request, rule_set)
    if assessment is not None and assessment.route is not None:
        route = assessment.route
    if route is not None or assessment is None:
        return _routed(route, rule_set, type_rules.evidence)
    problems = (
        *requester_problems(request, rule_set),
        *check_amount(request.amount, request.currency),
        *assessment.problems,
    )
    deadline = assessment.deadline
    warnings = (*requester_warnings(request, rule_set), *assessment.warnings)
    if deadline is not None and (
        (deadline - request.today).days <= rule_set.windows["deadline_soon_days"]
    ):
        warnings = (*warnings, _deadline_soon(deadline, request.today))
    outcome = assessment.outcome
    if problems and any(problem.code not in TIMING_PROBLEMS for problem in problems):
        outcome = Outcome.NOT_ELIGIBLE
    details_text = None
    if not problems and outcome in REQUEST_OUTCOMES:
        details_text = details_for(
            request, outcome, deadline, rule_set, extra_facts=assessment.details
        )
        if len(details_text) > request.details_max_length:
            problems = (_details_too_long(len(details_text), request.details_max_length),)
            outcome = Outcome.NOT_ELIGIBLE
            details_text = None
    if details_text is not None:
        warnings = (*warnings, *_evidence_warnings(request, rule_set, type_rules.evidence))
    notes = (*assessment.notes, *(note(code) for code in rule_set.notices if details_text))
    return Verdict(
        eligible=details_text is not None,
        outcome=outcome,
        deadline=deadline,
        problems=problems,
        warnings=warnings,
        rule_set=rule_set.version,
        details_text=details_text,
        notes=notes,
        evidence=type_rules.evidence,
        **_next_step(details_text, problems, assessment, route_for_requester(request)),
    )


def _next_step(
    details_text: str | None,
    problems: tuple[Finding, ...],
    assessment: Assessment,
    requester_route: Route | None,
) -> dict:
    """action, act_by, refund and route, consistent with each other (docs/rules.md)."""
    if details_text is not None:
        return {"action": Action.FILE_REQUEST}
    if requester_route is not None and any(
        problem.code == "partner_type_not_allowed" for problem in problems
    ):
        return {"action": Action.CONTACT_OTHER, "route": requester_route}
    self_service = assessment.self_service
    if self_service is not None and self_service.action in SELF_SERVICE_ACTIONS:
        return {
            "action": self_service.action,
            "act_by": self_service.act_by,
            "refund": self_service.refund,
        }
    return {"action": Action.NONE}


def _routed(route: Route, rule_set: RuleSet, evidence: tuple[EvidenceItem, ...]) -> Verdict:
    return Verdict(
        eligible=False,
        outcome=Outcome.OTHER_PROCESS,
        deadline=None,
        problems=(),
        warnings=(),
        rule_set=rule_set.version,
        details_text=None,
        action=Action.CONTACT_OTHER,
        route=route,
    )


def _evidence_warnings(
    request: CreditRequest, rule_set: RuleSet, evidence: tuple[EvidenceItem, ...]
) -> tuple[Finding, ...]:
    # Only what the user declares attached is claimed; a required item missing is said plainly.
    if request.evidence_attached is None and not rule_set.evidence_declared_only:
        return ()
    attached = frozenset(request.evidence_attached or ())
    return tuple(
        finding("evidence_attached", "evidence_not_attached", item=item.code)
        for item in evidence
        if item.required and item.code not in attached
    )


def _deadline_soon(deadline: date, today: date) -> Finding:
    days_left = (deadline - today).days
    if days_left == 0:
        return finding(None, "deadline_soon", "today", deadline=deadline.isoformat())
    return finding(None, "deadline_soon", days=days_left, deadline=deadline.isoformat())


def _details_too_long(length: int, limit: int) -> Finding:
    # Never cut the text: a truncated request loses facts Microsoft needs, silently.
    return finding(None, "details_too_long", length=length, limit=limit, excess=length - limit)
