import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rules import json_input
from rules.cli import main
from rules.explain import render_markdown

ROOT = Path(__file__).resolve().parents[2]

OUTAGE = {
    "credit_type": "service_outage",
    "role": "admin_agent",
    "partner_type": "direct",
    "today": "2026-03-10",
    "incident_date": "2026-02-15",
    "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "tenant_domains": ["contoso.com"],
    "outage_id": "EX25194",
    "evidence_email": "it@contoso.com",
}


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.BytesIO(), io.StringIO()
    status = main(argv, stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue().decode("utf-8"), err.getvalue()


def evaluate_json(document: object) -> tuple[int, str, str]:
    return run(["evaluate"], json.dumps(document).encode())


def test_evaluate_prints_the_verdict_as_indented_json() -> None:
    status, out, err = evaluate_json(OUTAGE)
    verdict = json.loads(out)
    assert (status, err) == (0, "")
    assert out.startswith('{\n  "eligible": true,')
    assert verdict["outcome"] == "review"
    assert verdict["deadline"] == "2026-03-31"
    assert verdict["rule_set"] == "2024-01-01"
    assert "EX25194" in verdict["details_text"]
    assert list(verdict) == [
        "eligible",
        "outcome",
        "deadline",
        "problems",
        "warnings",
        "rule_set",
        "details_text",
        "action",
        "act_by",
        "refund",
        "route",
    ]
    assert (verdict["action"], verdict["act_by"], verdict["route"]) == ("file_request", None, None)


def test_an_ineligible_verdict_still_exits_0() -> None:
    status, out, _ = evaluate_json({**OUTAGE, "role": "sales_agent"})
    assert status == 0
    assert json.loads(out)["problems"][0]["code"] == "role_not_allowed"


def test_an_array_in_gives_an_array_out_in_the_same_order() -> None:
    batch = [
        {**OUTAGE, "outage_id": "SP1"},
        {**OUTAGE, "role": "billing_admin"},
        {"credit_type": "technical_issue", "role": "admin_agent", "partner_type": "direct"},
    ]
    status, out, _ = evaluate_json(batch)
    verdicts = json.loads(out)
    assert status == 0
    assert [v["outcome"] for v in verdicts] == ["review", "not_eligible", "review"]
    assert "SP1 (SharePoint Online)" in verdicts[0]["details_text"]


def test_an_empty_array_gives_an_empty_array() -> None:
    assert run(["evaluate"], b"[]") == (0, "[]\n", "")


def test_today_defaults_to_the_current_date() -> None:
    request = {
        "credit_type": "duplicate_order",
        "role": "admin_agent",
        "partner_type": "direct",
        "commerce": "legacy",
    }
    purchase = date.today().isoformat()
    _, out, _ = evaluate_json({**request, "new_subscription_purchase_date": purchase})
    assert json.loads(out)["eligible"] is True


@pytest.mark.parametrize(
    ("amount", "problem_codes"),
    [
        ("125.50", []),
        (125.5, []),
        (12, []),
        (1.005, ["invalid_amount"]),
        ("-3", ["invalid_amount"]),
    ],
)
def test_amount_may_be_a_string_or_a_number(amount: object, problem_codes: list[str]) -> None:
    status, out, _ = evaluate_json({**OUTAGE, "amount": amount, "currency": "EUR"})
    assert status == 0
    assert [p["code"] for p in json.loads(out)["problems"]] == problem_codes


def test_json_numbers_keep_their_exact_decimals() -> None:
    raw = json.dumps({**OUTAGE, "currency": "EUR"})[:-1] + ', "amount": 0.1}'
    status, out, _ = run(["evaluate"], raw.encode())
    assert status == 0
    assert "Amount requested: 0.10 EUR" in json.loads(out)["details_text"]


def test_users_assigned_accepts_a_count_or_a_bool() -> None:
    a1 = {
        "credit_type": "accidental_purchase",
        "role": "admin_agent",
        "partner_type": "direct",
        "today": "2026-03-10",
        "commerce": "legacy",
        "offer": "m365_a1",
        "purchase_date": "2026-03-01",
    }
    outcomes = [
        json.loads(evaluate_json({**a1, "users_assigned": value})[1])["outcome"]
        for value in (0, False, 3, True)
    ]
    assert outcomes == ["full_refund", "full_refund", "no_refund", "no_refund"]


def test_null_means_not_given() -> None:
    status, out, _ = evaluate_json({**OUTAGE, "customer_name": None, "tenant_domains": None})
    assert status == 0
    assert json.loads(out)["problems"][0]["code"] == "missing_field"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"", "error: no input"),
        (b"  \n", "error: no input"),
        (b"{", "error: malformed JSON"),
        (b'{"credit_type": }', "error: malformed JSON"),
        (b"\xff\xfe{}", "error: input is not UTF-8"),
        (b'{"amount": NaN}', "error: malformed JSON: NaN is not a JSON number"),
        (b"[" * 100_000 + b"]" * 100_000, "error: malformed JSON: nested too deeply"),
        (b"1" * 5000, "error: malformed JSON"),
        (b"42", "error: expected a JSON object or an array of objects, got 42"),
        (b'"text"', "error: expected a JSON object or an array of objects"),
        (b"[1]", "error: item 0: expected a JSON object, got 1"),
        (b'[{"credit_type": "service_outage"}]', 'error: item 0: missing key "role"'),
        (b'{"role": "admin_agent", "role": "global_admin"}', 'error: duplicate key "role"'),
    ],
)
def test_malformed_input_exits_2_with_one_line_on_stderr(stdin: bytes, message: str) -> None:
    status, out, err = run(["evaluate"], stdin)
    assert status == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "blue"}, 'unknown key "colour"'),
        ({"tenantId": OUTAGE["tenant_id"]}, 'unknown key "tenantId"'),
        ({"role": "janitor"}, 'role: unknown value "janitor" (expected one of: admin_agent,'),
        ({"credit_type": "refund"}, "credit_type: unknown value"),
        ({"partner_type": "Direct"}, "partner_type: unknown value"),
        ({"offer": "m365"}, "offer: unknown value"),
        ({"role": 1}, "role: unknown value 1"),
        ({"today": "10/03/2026"}, "today: expected a date as YYYY-MM-DD"),
        ({"incident_date": "2026-02-30"}, 'incident_date: "2026-02-30" is not a real date'),
        ({"incident_date": "20260215"}, "incident_date: expected a date as YYYY-MM-DD"),
        ({"incident_date": "2026-02-15T10:00"}, "incident_date: expected a date as YYYY-MM-DD"),
        ({"incident_date": 20260215}, "incident_date: expected a date as YYYY-MM-DD"),
        ({"advisory": "no"}, 'advisory: expected true or false, got "no"'),
        ({"advisory": 0}, "advisory: expected true or false, got 0"),
        ({"affected_users": True}, "affected_users: expected a whole number, got true"),
        ({"affected_users": 1.5}, "affected_users: expected a whole number, got 1.5"),
        ({"details_max_length": "4000"}, "details_max_length: expected a whole number"),
        ({"users_assigned": "0"}, "users_assigned: expected a whole number"),
        ({"tenant_id": 42}, "tenant_id: expected a string, got 42"),
        ({"tenant_domains": "contoso.com"}, "tenant_domains: expected an array of strings"),
        ({"tenant_domains": ["contoso.com", 1]}, "tenant_domains[1]: expected a string, got 1"),
        ({"amount": True}, "amount: expected a number or a string"),
        ({"amount": "12,50"}, "amount: expected a number or a string"),
        ({"amount": [1]}, 'amount: expected a number or a string like "125.50", got an array'),
        ({"customer_name": {"a": 1}}, "customer_name: expected a string, got an object"),
        ({"customer_name": "\ud800"}, "customer_name: the string contains an invalid \\u escape"),
        (
            {"rule_set": "2019-01-01"},
            'rule_set: unknown rule set "2019-01-01" (known: 2021-03-31, 2022-01-10, '
            "2023-05-04, 2024-01-01)",
        ),
        ({"role": None}, 'missing key "role"'),
    ],
)
def test_wrong_keys_types_and_values_exit_2_with_one_line_on_stderr(
    changes: dict, message: str
) -> None:
    status, out, err = evaluate_json({**OUTAGE, **changes})
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {message}")
    assert err.count("\n") == 1


def test_a_bad_item_in_an_array_names_its_index_and_nothing_is_printed() -> None:
    status, out, err = evaluate_json([OUTAGE, {**OUTAGE, "today": "yesterday"}])
    assert (status, out) == (2, "")
    assert err.startswith("error: item 1: today: expected a date")


def test_long_bad_values_are_shortened_in_the_message() -> None:
    _, _, err = evaluate_json({**OUTAGE, "role": "x" * 10_000})
    assert len(err) < 300


def test_explain_prints_the_rule_set_in_force_as_tables() -> None:
    status, out, err = run(["explain"])
    assert (status, err) == (0, "")
    assert out.startswith("Rule set 2024-01-01 (in force from 2024-01-01)")
    for heading in ["Who may file", "Rules by credit type", "Windows", "Evidence checklist"]:
        assert f"\n{heading}\n" in out
    assert "duplicate_order_days         | 120" in out


def test_explain_takes_a_rule_set_version_and_refuses_an_unknown_one() -> None:
    assert run(["explain", "--rule-set", "2021-03-31"])[0] == 0
    status, out, err = run(["explain", "--rule-set", "2030-01-01"])
    assert (status, out) == (2, "")
    assert err == (
        "error: unknown rule set '2030-01-01' (known: 2021-03-31, 2022-01-10, 2023-05-04, "
        "2024-01-01)\n"
    )


def test_docs_prints_the_markdown_and_writes_it_with_output(tmp_path: Path) -> None:
    status, out, _ = run(["docs"])
    assert (status, out) == (0, render_markdown())
    target = tmp_path / "rules.md"
    assert run(["docs", "--output", str(target)]) == (0, "", "")
    assert target.read_text(encoding="utf-8") == render_markdown()


def test_docs_reports_an_unwritable_path_in_one_line(tmp_path: Path) -> None:
    status, _, err = run(["docs", "--output", str(tmp_path / "missing" / "rules.md")])
    assert status == 2
    assert err.startswith("error: cannot write")
    assert err.count("\n") == 1


def test_bench_runs_with_a_tiny_batch() -> None:
    status, out, _ = run(["bench", "--n", "20", "--repeat", "1"])
    assert status == 0
    assert "verdicts/s: 20 verdicts in" in out
    assert "12 with Details text" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "error: the following arguments are required: COMMAND"),
        (["judge"], "error: argument COMMAND: invalid choice: 'judge'"),
        (["bench", "--n", "0"], "error: argument --n: must be 1 or more: 0"),
        (["bench", "--n", "many"], "error: argument --n: not a whole number: 'many'"),
        (["evaluate", "extra"], "error: unrecognized arguments: extra"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_on_stderr(argv: list[str], message: str) -> None:
    status, out, err = run(argv)
    assert (status, out) == (2, "")
    assert err.startswith(message)
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "stdin",
    [b"", b"{oops", b'{"credit_type": "service_outage", "role": "admin_agent"}', b"[" * 50_000],
)
def test_python_m_rules_exits_2_without_a_traceback(stdin: bytes) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rules", "evaluate"], input=stdin, capture_output=True, cwd=ROOT
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.startswith(b"error: ")
    assert result.stderr.count(b"\n") == 1
    assert b"Traceback" not in result.stderr


def test_python_m_rules_evaluates_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rules", "evaluate"],
        input=json.dumps(OUTAGE).encode(),
        capture_output=True,
        cwd=ROOT,
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["eligible"] is True


def test_a_huge_but_valid_request_is_evaluated_and_refused_as_too_long() -> None:
    status, out, _ = evaluate_json({**OUTAGE, "description": "x" * 1_000_000})
    assert status == 0
    assert json.loads(out)["problems"][0]["code"] == "details_too_long"


def test_input_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_input, "MAX_INPUT_BYTES", 1024)
    with pytest.raises(json_input.InputError, match="input is larger than"):
        json_input.parse_document(b" " * 1025)
