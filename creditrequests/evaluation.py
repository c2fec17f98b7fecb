"""The one door from Django to the policy engine (`rules/`).

A draft's `answers` are stored in the `rules` CLI input format; these helpers turn
them into a `rules.Verdict` and copy the verdict's key facts onto the draft.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.conf import settings
from django.utils import timezone

import rules
from rules.json_input import request_from_json
from rules.requester import requester_problems as _requester_problems


def request_date() -> date:
    """Today as the rules count it: the UTC date. Microsoft's windows close at UTC day ends
    (legacy "within 30 days" at 23:59:59Z), so the site's own time zone must not move a
    request to the next day before Microsoft does."""
    return timezone.now().astimezone(UTC).date()


def current_rule_set(today: date | None = None):
    """The rule set in force on `today` (default: today, the UTC date)."""
    return rules.rule_set_for(today or request_date())


def answers_to_request(
    answers: dict,
    *,
    today: date | None = None,
    rule_set: str | None = None,
    now: datetime | None = None,
) -> rules.CreditRequest:
    """A `rules.CreditRequest` from saved answers, read by the rules CLI's own parser.

    `today` is the request date (default: today, the UTC date) and `now` the moment new
    commerce windows are measured at. Judged as of today, `now` is the current moment, so an
    hour-based window is never judged at midnight; judged as of another date, it is 00:00 UTC
    of that date (the rules' convention). Raises `rules.json_input.InputError` (a ValueError)
    when the answers cannot be read.
    """
    data = dict(answers)
    for key in ("today", "rule_set", "now"):
        data.pop(key, None)
    current = timezone.now()
    current_day = current.astimezone(UTC).date()
    day = today or current_day
    data["today"] = day.isoformat()
    if now is not None:
        data["now"] = now.isoformat()
    elif day == current_day:
        data["now"] = current.isoformat()
    if rule_set:
        data["rule_set"] = rule_set
    data.setdefault("details_max_length", settings.DETAILS_MAX_LENGTH)
    return request_from_json(data, day)


def is_evaluable(answers: dict) -> bool:
    """Whether the answers name the three facts every evaluation needs."""
    return all(answers.get(key) for key in ("credit_type", "role", "partner_type"))


def evaluate_answers(
    answers: dict,
    *,
    today: date | None = None,
    rule_set: str | None = None,
    now: datetime | None = None,
) -> rules.Verdict:
    """The verdict for saved answers on `today` at `now`, under `rule_set` (default: the set
    in force)."""
    return rules.evaluate(answers_to_request(answers, today=today, rule_set=rule_set, now=now))


def evaluate_draft(draft, *, today: date | None = None, rule_set: str | None = None):
    """The verdict for a draft's answers.

    Without `rule_set`, a draft that was evaluated before keeps the rule set it was
    evaluated under, so a policy change never silently rewrites an old draft.
    """
    return evaluate_answers(
        draft.answers, today=today, rule_set=rule_set or draft.rule_set_version or None
    )


def missed_deadline(verdict: rules.Verdict) -> date | None:
    """The last day that counted, when the verdict says it has passed ("too late"), else None."""
    for problem in verdict.problems:
        if problem.code == "past_deadline" and problem.params.get("deadline"):
            try:
                return date.fromisoformat(problem.params["deadline"])
            except ValueError:
                return None
    return None


def _act_by_day(verdict: rules.Verdict) -> date | None:
    # A self-service window (cancel or reduce seats) is as urgent as a filing deadline: its
    # UTC day sorts and reminds like one; pages show the exact moment from `act_by`.
    return verdict.act_by.astimezone(UTC).date() if verdict.act_by else None


def record_verdict(draft, verdict: rules.Verdict, *, today: date) -> None:
    """Copy the verdict's key facts onto the draft (the caller saves it).

    A draft that is too late keeps the deadline it missed: lists then flag it and sort it
    first instead of showing "no deadline". A self-service window's last day is the deadline
    of a draft with nothing to file.
    """
    draft.eligible = verdict.eligible
    draft.outcome = str(verdict.outcome)
    draft.deadline = verdict.deadline or missed_deadline(verdict) or _act_by_day(verdict)
    draft.action = str(verdict.action)
    draft.act_by = verdict.act_by
    draft.details_text = verdict.details_text or ""
    draft.rule_set_version = verdict.rule_set
    draft.evaluated_on = today


def requester_problems(role: str, partner_type: str, *, today: date | None = None) -> tuple:
    """The rules' refusals (with what to do instead) for a requester, empty when they may file."""
    day = today or request_date()
    request = rules.CreditRequest(
        credit_type=rules.CreditType.TECHNICAL_ISSUE,
        role=rules.Role(role),
        partner_type=rules.PartnerType(partner_type),
        today=day,
    )
    return _requester_problems(request, current_rule_set(day))
