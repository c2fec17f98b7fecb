"""Contract v2 is additive: under rule set 2021-03-31 every v1 answer stays word for word.

(A few inputs are dated after 2022-01-10: v1 judged them under its only rule set, 2021-03-31,
and so does this test.)

The corpus (tests/rules/data/v1_golden.json.gz, built by tests/rules/golden_v1.py with the
engine as it was before contract v2) holds 2,500 inputs and the v1 CLI answer to each.
"""

import gzip
import json
from datetime import date

import pytest

from rules.engine import evaluate
from rules.json_input import request_from_json
from tests.rules.golden_v1 import CORPUS

V1_KEYS = ("eligible", "outcome", "deadline", "problems", "warnings", "rule_set", "details_text")


def _cases():
    return json.loads(gzip.decompress(CORPUS.read_bytes()))


CASES = _cases()


def test_the_corpus_covers_every_credit_type_and_outcome():
    seen = {(case["input"]["credit_type"], case["output"]["outcome"]) for case in CASES}
    assert len(CASES) == 2500
    assert {credit_type for credit_type, _ in seen} == {
        "accidental_purchase",
        "duplicate_order",
        "service_outage",
        "technical_issue",
        "incorrect_information",
    }
    assert {outcome for _, outcome in seen} >= {
        "full_refund",
        "prorated",
        "fixed_costs_deducted",
        "no_refund",
        "no_request_needed",
        "not_eligible",
        "review",
    }


@pytest.mark.parametrize("start", range(0, 2500, 250))
def test_every_v1_answer_under_the_2021_rule_set_is_unchanged(start):
    for case in CASES[start : start + 250]:
        request = request_from_json(case["input"], date(2021, 6, 1))
        answer = evaluate(request, "2021-03-31").to_dict()
        assert {key: answer[key] for key in V1_KEYS} == case["output"], case["input"]
