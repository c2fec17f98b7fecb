"""The known rule sets, found by module name (rNNNN.py): adding a rule set is adding a file."""

import importlib
import pkgutil
import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from rules.ruleset import RuleSet

_MODULE_NAME = re.compile(r"r\d{4}\w*")


def _discover() -> tuple[RuleSet, ...]:
    found = [
        importlib.import_module(f"{__name__}.{module.name}").RULE_SET
        for module in pkgutil.iter_modules(__path__)
        if _MODULE_NAME.fullmatch(module.name)
    ]
    found.sort(key=lambda rule_set: rule_set.effective_date)
    versions = [rule_set.version for rule_set in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two rule set modules share a version: {versions}")
    return tuple(found)


_BY_EFFECTIVE_DATE = _discover()

# Every rule set by version, oldest first.
RULE_SETS: Mapping[str, RuleSet] = MappingProxyType(
    {rule_set.version: rule_set for rule_set in _BY_EFFECTIVE_DATE}
)


def rule_set_for(today: date, version: str | None = None) -> RuleSet:
    """The rule set named by version, else the one in force on `today`.

    Before the first set took effect, the first set applies: it is the oldest policy we know.
    Raises ValueError for a version no rule set has.
    """
    if version is not None:
        try:
            return RULE_SETS[version]
        except KeyError:
            known = ", ".join(RULE_SETS)
            raise ValueError(f"unknown rule set {version!r} (known: {known})") from None
    for rule_set in reversed(_BY_EFFECTIVE_DATE):
        if rule_set.effective_date <= today:
            return rule_set
    return _BY_EFFECTIVE_DATE[0]
