"""What a rule set is: a dated, versioned bundle of windows, lists and the rules that use them.

The rule sets themselves are data, one module each, in rules/rulesets/.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from rules.model import Assessment, CreditRequest, CreditType, PartnerType, Role


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One line of the readable rule table (`python -m rules explain`, docs/rules.md)."""

    credit_type: str
    case: str
    last_day: str
    result: str


@dataclass(frozen=True, slots=True)
class CreditTypeRules:
    """One credit type's rules: how to assess a request, how to describe them, what to attach."""

    assess: "Callable[[CreditRequest, RuleSet], Assessment]"
    describe: "Callable[[RuleSet], tuple[RuleRow, ...]]"
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The policy as of one dated article; drafts keep the version they were evaluated under."""

    version: str
    effective_date: date
    source: str
    allowed_roles: tuple[Role, ...]
    allowed_partner_types: tuple[PartnerType, ...]
    windows: Mapping[str, int]
    free_mail_domains: frozenset[str]
    outage_prefixes: Mapping[str, str]
    credit_types: Mapping[CreditType, CreditTypeRules]
    procedure: tuple[str, ...]
