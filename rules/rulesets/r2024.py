"""2024-01-01 (our convention for the start date): the current article. It names only the Admin
agent role; marketplace SaaS has 72 hours and Business Central 7 days; approved credits appear on
the next invoice; Power BI P SKUs and legacy A1 stop selling during 2024."""

from dataclasses import replace
from datetime import date
from types import MappingProxyType

from rules.model import Offer, Product, Refund, Role, RouteProcess
from rules.ruleset import CancellationWindow
from rules.rulesets import r2023

_PREVIOUS = r2023.RULE_SET
_NEW_COMMERCE = _PREVIOUS.new_commerce

RULE_SET = replace(
    _PREVIOUS,
    version="2024-01-01",
    effective_date=date(2024, 1, 1),
    source=(
        "Microsoft Partner Center, the current credit-request article and the new commerce "
        "cancellation policy. The page gives no date; the last dated copy of the previous text "
        "is from October 2023, so this set starts on 2024-01-01 (our convention)."
    ),
    allowed_roles=(Role.ADMIN_AGENT,),
    # The article no longer lists Global admin; it does not say it is refused (our convention).
    warned_roles=(Role.GLOBAL_ADMIN,),
    new_commerce=replace(
        _NEW_COMMERCE,
        windows=MappingProxyType(
            {
                **_NEW_COMMERCE.windows,
                Product.MARKETPLACE_SAAS: CancellationWindow(
                    hours=72, refund=Refund.FULL, seat_reduction=False
                ),
                Product.BUSINESS_CENTRAL: CancellationWindow(
                    hours=168, refund=Refund.PRORATED, seat_reduction=True
                ),
            }
        ),
        routes=MappingProxyType({Product.AZURE: RouteProcess.AZURE_SUPPORT}),
        routes_after_window=MappingProxyType(
            {Product.MARKETPLACE_SAAS: RouteProcess.MARKETPLACE_PUBLISHER}
        ),
    ),
    # Weaker sources: warnings, never refusals (POLICY.md part 2).
    offer_stop_sell=MappingProxyType(
        {
            Offer.POWER_BI_PREMIUM_P1: date(2024, 7, 1),
            Offer.POWER_BI_PREMIUM: date(2024, 7, 1),
            Offer.M365_A1: date(2024, 8, 1),
        }
    ),
    notices=("credits_on_next_invoice",),
)
