"""2023-05-04: every Power BI Premium SKU under the Power BI rule, with fixed costs of USD 33 a
day after day 7; Azure SLA claims two months after the incident's month; filing in 3 steps."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from rules.model import Offer, ServiceFamily
from rules.rulesets import r2022

RULE_SET = replace(
    r2022.RULE_SET,
    version="2023-05-04",
    effective_date=date(2023, 5, 4),
    source=(
        "Microsoft Partner Center's credit-request article as changed on 2023-05-04: all "
        "Power BI Premium SKUs, USD 33 a day of fixed costs after 7 days, accidental purchases "
        "and duplicate orders for legacy purchases only, Azure SLA claims two months after the "
        "end of the incident's month, filing in three steps."
    ),
    power_bi_offers=frozenset({Offer.POWER_BI_PREMIUM_P1, Offer.POWER_BI_PREMIUM}),
    power_bi_daily_fixed_cost_usd=Decimal(33),
    sla_claim_months=MappingProxyType(
        {ServiceFamily.MICROSOFT_365: 1, ServiceFamily.DYNAMICS_365: 1, ServiceFamily.AZURE: 2}
    ),
    procedure=(
        "Download and fill in Microsoft's credit or refund request form.",
        "Open a support ticket in Partner Center (Help + support, New request) and paste the "
        "Details text into its Details box.",
        "Attach the filled-in form (and the evidence) to the ticket, and submit it.",
    ),
)
