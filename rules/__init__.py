"""The Credit Request Wizard's policy engine: plain Python, no Django.

`evaluate(request)` judges a CreditRequest under the rule set in force and returns a Verdict with
the Details text to paste into Partner Center. See docs/rules.md for the rules themselves.
"""

from rules import validators
from rules.details import render_details
from rules.engine import evaluate
from rules.model import (
    FIELD_LABELS,
    PROBLEM_CODES,
    REQUEST_OUTCOMES,
    WARNING_CODES,
    CreditRequest,
    CreditType,
    Finding,
    Note,
    Offer,
    Outcome,
    PartnerType,
    Role,
    Verdict,
)
from rules.ruleset import RuleSet
from rules.rulesets import RULE_SETS, rule_set_for
from rules.validators import InvalidValue

__all__ = [
    "FIELD_LABELS",
    "PROBLEM_CODES",
    "REQUEST_OUTCOMES",
    "RULE_SETS",
    "CreditRequest",
    "CreditType",
    "Finding",
    "InvalidValue",
    "Note",
    "Offer",
    "Outcome",
    "PartnerType",
    "Role",
    "RuleSet",
    "Verdict",
    "WARNING_CODES",
    "evaluate",
    "render_details",
    "rule_set_for",
    "validators",
]
