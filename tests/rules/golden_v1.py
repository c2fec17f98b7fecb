"""Build the v1 golden corpus: CLI answers of the 2021 engine for a deterministic mix of inputs.

Run once, before contract v2, with `python tests/rules/golden_v1.py`; the test in
test_golden_v1.py then proves that every one of these answers is still given, word for word.
"""

import gzip
import json
import random
from datetime import date, timedelta
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "v1_golden.json.gz"

_GUIDS = [
    "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "8D0C7B7E3A514C1EA9F05B2D6E4C1F37",
    "{8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f38}",
    "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "not-a-guid",
    "00000000-0000-0000-0000-000000000000",
]
_ROLES = ["admin_agent", "global_admin", "billing_admin", "sales_agent", "other"]
_PARTNERS = ["direct", "indirect_provider", "indirect_reseller"]
_OFFERS = ["legacy_m365", "legacy_d365", "power_bi_premium_p1", "m365_a1"]
_DOMAINS = [
    ["contoso.com", "contoso.onmicrosoft.com"],
    ["contoso.com"],
    ["fabrikam.se"],
    ["gmail.com"],
    [],
    ["bad domain"],
]
_EMAILS = [
    "it@contoso.com",
    "it@contoso.com",
    "ops@mail.contoso.com",
    "someone@gmail.com",
    "x@fabrikam.se",
    "nope",
]
_OUTAGES = ["EX25194", "EX25194", "zz123", "SP1", "12345", "EX"]


def _day(rng: random.Random, today: date, spread: int = 400) -> date:
    return today - timedelta(days=rng.randint(-3, spread))


def sample_inputs(count: int = 2500, seed: int = 20211) -> list[dict]:
    """A deterministic list of v1 CLI inputs, all judged under rule set 2021-03-31."""
    rng = random.Random(seed)
    inputs = []
    types = [
        "accidental_purchase",
        "duplicate_order",
        "service_outage",
        "technical_issue",
        "incorrect_information",
    ]
    for index in range(count):
        credit_type = types[index % len(types)]
        if rng.random() < 0.8:
            today = date(2020, 1, 1) + timedelta(days=rng.randint(0, 740))
            item = {"today": today.isoformat()}
        else:
            today = date(2022, 1, 1) + timedelta(days=rng.randint(0, 1800))
            item = {"today": today.isoformat(), "rule_set": "2021-03-31"}
        item["credit_type"] = credit_type
        item["role"] = rng.choice(_ROLES) if rng.random() < 0.15 else "admin_agent"
        item["partner_type"] = rng.choice(_PARTNERS) if rng.random() < 0.15 else "direct"
        if rng.random() < 0.3:
            item["customer_name"] = rng.choice(["Contoso Ltd", "Fabrikam\nAB", "Tom & Jerry's"])
        if rng.random() < 0.2:
            item["partner_reference"] = "REF-" + str(rng.randint(1, 999))
        if rng.random() < 0.2:
            item["amount"] = rng.choice(["125.50", "125.50", "10", "99999", "0", "1.234"])
            if rng.random() < 0.8:
                item["currency"] = rng.choice(["EUR", "sek", "EUR", "EURO"])
        if rng.random() < 0.5:
            item["description"] = rng.choice(["Raised 10 to 100 by mistake.", "Line one\nLine two"])
        if rng.random() < 0.05:
            item["details_max_length"] = rng.choice([50, 300, 4000])
        if credit_type == "accidental_purchase":
            if rng.random() < 0.95:
                item["offer"] = rng.choice(_OFFERS)
            if rng.random() < 0.95:
                purchase = _day(rng, today, rng.choice([10, 40, 100, 420]))
                item["purchase_date"] = purchase.isoformat()
                if rng.random() < 0.4:
                    days = max((today - purchase).days, 0)
                    suspended = purchase + timedelta(days=rng.randint(-2, days + 1))
                    item["suspension_date"] = suspended.isoformat()
            if rng.random() < 0.5:
                item["users_assigned"] = rng.choice([0, 0, 1, 5, -1])
            if rng.random() < 0.6:
                item["subscription_id"] = rng.choice(_GUIDS)
            if rng.random() < 0.3:
                item["tenant_id"] = rng.choice(_GUIDS)
        elif credit_type == "duplicate_order":
            if rng.random() < 0.95:
                item["new_subscription_purchase_date"] = _day(rng, today, 200).isoformat()
            for key in ("original_subscription_id", "new_subscription_id", "original_tenant_id"):
                if rng.random() < 0.6:
                    item[key] = rng.choice(_GUIDS)
        elif credit_type == "service_outage":
            if rng.random() < 0.95:
                item["incident_date"] = _day(rng, today, 90).isoformat()
            if rng.random() < 0.95:
                item["tenant_id"] = rng.choice(_GUIDS)
            if rng.random() < 0.9:
                item["tenant_domains"] = rng.choice(_DOMAINS)
            if rng.random() < 0.9:
                item["outage_id"] = rng.choice(_OUTAGES)
            if rng.random() < 0.9:
                item["evidence_email"] = rng.choice(_EMAILS)
            for key in ("advisory", "customer_requested_credit", "bought_through_csp"):
                if rng.random() < 0.5:
                    item[key] = rng.random() < (0.2 if key == "advisory" else 0.8)
            if rng.random() < 0.5:
                item["incident_duration"] = "09:10-13:40, 4 hours 30 minutes"
                item["affected_services"] = "Exchange Online"
                item["affected_users"] = rng.choice([0, 120, -3])
                item["resolution_actions"] = "Rerouted mail."
                item["support_ticket_numbers"] = "2602150040001234"
        else:
            if rng.random() < 0.7:
                item["issue_date"] = _day(rng, today, 100).isoformat()
            if rng.random() < 0.5:
                item["references"] = "Invoice G012345678"
            if rng.random() < 0.5:
                item["tenant_id"] = rng.choice(_GUIDS)
        inputs.append(item)
    return inputs


def main() -> None:
    from rules.engine import evaluate
    from rules.json_input import request_from_json

    cases = []
    for item in sample_inputs():
        verdict = evaluate(request_from_json(item, date(2021, 6, 1)))
        cases.append({"input": item, "output": verdict.to_dict()})
    CORPUS.write_bytes(gzip.compress(json.dumps(cases, indent=0).encode(), mtime=0))
    print(f"{len(cases)} cases written to {CORPUS}")


if __name__ == "__main__":
    main()
