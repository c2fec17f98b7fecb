"""2022-01-10: new commerce is generally available for seat-based offers, with its own
self-service cancellation windows; legacy subscriptions keep the 2021 rules."""

from dataclasses import replace
from datetime import UTC, date, datetime
from types import MappingProxyType

from rules.model import Product, Refund, RouteProcess
from rules.ruleset import CancellationWindow, NewCommerceRules
from rules.rulesets import r2021

SEVEN_DAYS = CancellationWindow(hours=168, refund=Refund.PRORATED, seat_reduction=True)

NEW_COMMERCE = NewCommerceRules(
    windows=MappingProxyType(
        {
            Product.LICENSE_BASED: SEVEN_DAYS,
            Product.SOFTWARE_SUBSCRIPTION: CancellationWindow(
                hours=168, refund=Refund.PRORATED, seat_reduction=False
            ),
            Product.PERPETUAL_SOFTWARE: CancellationWindow(
                hours=30 * 24, refund=Refund.FULL, seat_reduction=False
            ),
            # Our convention until the 2024 article names Business Central: a per-user licence.
            Product.BUSINESS_CENTRAL: SEVEN_DAYS,
        }
    ),
    routes=MappingProxyType(
        {
            Product.AZURE: RouteProcess.AZURE_SUPPORT,
            # The articles before 2024 give marketplace SaaS no window: its publisher refunds.
            Product.MARKETPLACE_SAAS: RouteProcess.MARKETPLACE_PUBLISHER,
        }
    ),
    routes_after_window=MappingProxyType({}),
    # Microsoft: 7 days from 2022-03-19, applied to events from 2022-03-12 00:00 UTC on.
    seven_days_from=datetime(2022, 3, 12, tzinfo=UTC),
    available_from=datetime(2022, 1, 10, tzinfo=UTC),
)

RULE_SET = replace(
    r2021.RULE_SET,
    version="2022-01-10",
    effective_date=date(2022, 1, 10),
    source=(
        "Microsoft Partner Center: the credit-request article as of 2021-03-31, with new "
        "commerce generally available for seat-based offers from 2022-01-10 and the new "
        "commerce cancellation policy (72 hours, then 7 days for events from 2022-03-12). "
        "No new legacy seat-based purchases from 2022-03-10."
    ),
    new_commerce=NEW_COMMERCE,
    evidence_declared_only=True,
    legacy_stop_sell=date(2022, 3, 10),
)
