"""evaluate(): the one entry point, applying a rule set to a credit request."""

from datetime import date

from rules.details import details_for
from rules.model import REQUEST_OUTCOMES, CreditRequest, Finding, Outcome, Verdict
from rules.requester import requester_problems
from rules.ruleset import RuleSet
from rules.rulesets import rule_set_for
from rules.validators import check_amount

# Problems that come from the timing rules, not from the input: beside them the credit type's own
# outcome (pro rata, no refund) still tells the user what they get. Any other problem means the
# request cannot be judged as entered, so the outcome is not_eligible.
TIMING_PROBLEMS = frozenset({"past_deadline", "users_assigned"})


def evaluate(request: CreditRequest, rule_set: RuleSet | str | None = None) -> Verdict:
    """Judge a credit request under a rule set: eligibility, outcome, deadline and Details text.

    The rule set is the one given, else the version named in request.rule_set, else the set in
    force on request.today. Raises ValueError for an unknown rule set version.
    """
    if not isinstance(rule_set, RuleSet):
        rule_set = rule_set_for(
            request.today, rule_set if rule_set is not None else request.rule_set
        )
    type_rules = rule_set.credit_types[request.credit_type]
    assessment = type_rules.assess(request, rule_set)
    problems = (
        *requester_problems(request, rule_set),
        *check_amount(request.amount, request.currency),
        *assessment.problems,
    )
    deadline = assessment.deadline
    warnings = assessment.warnings
    if deadline is not None and (
        (deadline - request.today).days <= rule_set.windows["deadline_soon_days"]
    ):
        warnings = (*warnings, _deadline_soon(deadline, request.today))
    outcome = assessment.outcome
    if problems and any(problem.code not in TIMING_PROBLEMS for problem in problems):
        outcome = Outcome.NOT_ELIGIBLE
    details_text = None
    if not problems and outcome in REQUEST_OUTCOMES:
        details_text = details_for(request, outcome, deadline, rule_set)
        if len(details_text) > request.details_max_length:
            problems = (_details_too_long(len(details_text), request.details_max_length),)
            outcome = Outcome.NOT_ELIGIBLE
            details_text = None
    return Verdict(
        eligible=details_text is not None,
        outcome=outcome,
        deadline=deadline,
        problems=problems,
        warnings=warnings,
        rule_set=rule_set.version,
        details_text=details_text,
        notes=assessment.notes,
        evidence=type_rules.evidence,
    )


def _deadline_soon(deadline: date, today: date) -> Finding:
    days_left = (deadline - today).days
    if days_left == 0:
        left = "Today is the last day to file"
        params = {"variant": "today", "deadline": deadline.isoformat()}
    else:
        left = f"Only {days_left} day{'s' if days_left != 1 else ''} left: file by {deadline}"
        params = {"days": str(days_left), "deadline": deadline.isoformat()}
    return Finding(None, "deadline_soon", f"{left}; after {deadline} the window is closed.", params)


def _details_too_long(length: int, limit: int) -> Finding:
    # Never cut the text: a truncated request loses facts Microsoft needs, silently.
    return Finding(
        None,
        "details_too_long",
        f"The Details text is {length} characters; Partner Center accepts {limit}. Shorten the "
        f"longest answers, usually the description, by at least {length - limit} characters.",
        {"length": str(length), "limit": str(limit), "excess": str(length - limit)},
    )
