"""New commerce, the later rule sets and contract v2, at their edges (POLICY.md part 2)."""

import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import CreditRequest, evaluate, rule_set_for
from rules.cli import main
from rules.model import SELF_SERVICE_ACTIONS, Action, Event, Outcome, Product, Refund

TODAY = date(2026, 11, 30)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def nce(**fields: object) -> CreditRequest:
    """A new commerce accidental purchase by an Admin agent of a direct-bill partner."""
    values = {
        "credit_type": "accidental_purchase",
        "role": "admin_agent",
        "partner_type": "direct",
        "today": TODAY,
        "commerce": "new_commerce",
        "product": "license_based",
        "event_time": utc(2026, 11, 25, 10),
        "subscription_id": "8d0c7b7e-3a51-4c1e-a9f0-5b2d6e4c1f37",
        "description": "20 seats added by mistake.",
        **fields,
    }
    return CreditRequest(**values)


def cli(document: object) -> dict:
    out, err = io.BytesIO(), io.StringIO()
    status = main(
        ["evaluate"], stdin=io.BytesIO(json.dumps(document).encode()), stdout=out, stderr=err
    )
    assert (status, err.getvalue()) == (0, "")
    return json.loads(out.getvalue())


def cli_error(document: object) -> str:
    out, err = io.BytesIO(), io.StringIO()
    status = main(
        ["evaluate"], stdin=io.BytesIO(json.dumps(document).encode()), stdout=out, stderr=err
    )
    assert (status, out.getvalue()) == (2, b"")
    assert err.getvalue().count("\n") == 1
    return err.getvalue()


BASE = {"role": "admin_agent", "partner_type": "direct", "today": "2026-11-30"}
OUTAGE = {
    **BASE,
    "credit_type": "service_outage",
    "tenant_id": "2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14",
    "tenant_domains": ["contoso.com"],
    "outage_id": "EX25194",
    "evidence_email": "it@contoso.com",
}


# --- the examples, through the CLI ----------------------------------------------


def test_a_licence_bought_five_days_ago_is_cancelled_in_partner_center_not_filed():
    verdict = cli(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "commerce": "new_commerce",
            "product": "license_based",
            "event_time": "2026-11-25T10:00Z",
        }
    )
    assert verdict["outcome"] == "no_request_needed"
    assert verdict["eligible"] is False
    assert verdict["action"] == "cancel_in_partner_center"
    assert verdict["act_by"] == "2026-12-02T10:00:00Z"
    assert verdict["refund"] == "prorated"
    assert verdict["rule_set"] == "2024-01-01"
    assert (verdict["details_text"], verdict["deadline"], verdict["route"]) == (None, None, None)


def test_seats_added_ten_days_ago_may_be_filed_but_only_as_an_exception():
    verdict = cli(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "commerce": "new_commerce",
            "product": "license_based",
            "event": "seat_addition",
            "event_time": "2026-11-20T09:00Z",
        }
    )
    assert verdict["outcome"] == "review"
    assert verdict["eligible"] is True
    assert (verdict["action"], verdict["act_by"], verdict["refund"]) == ("file_request", None, None)
    assert "past_cancellation_window" in [warning["code"] for warning in verdict["warnings"]]
    assert "closed 2026-11-27 09:00 UTC" in verdict["details_text"]
    assert "by exception" in verdict["details_text"]


def test_a_global_admin_is_warned_from_2024_and_not_before():
    from_2024 = cli(
        {**OUTAGE, "role": "global_admin", "today": "2026-03-10", "incident_date": "2026-02-15"}
    )
    in_2023 = cli(
        {**OUTAGE, "role": "global_admin", "today": "2023-08-01", "incident_date": "2023-07-15"}
    )
    assert from_2024["eligible"] is True
    assert "role_not_listed" in [warning["code"] for warning in from_2024["warnings"]]
    assert in_2023["eligible"] is True
    assert in_2023["rule_set"] == "2023-05-04"
    assert "role_not_listed" not in [warning["code"] for warning in in_2023["warnings"]]


def test_an_nce_renewal_at_too_many_seats_is_reduced_within_seven_days():
    verdict = evaluate(nce(event="renewal", event_time=utc(2026, 11, 28, 6, 30)))
    assert verdict.action is Action.REDUCE_SEATS_IN_PARTNER_CENTER
    assert verdict.act_by == utc(2026, 12, 5, 6, 30)
    assert verdict.deadline is None


# --- windows at their edges ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "open_"),
    [
        (utc(2026, 11, 30, 10, 0, 0), True),
        (utc(2026, 11, 30, 10, 0, 1), False),
    ],
)
def test_a_168_hour_window_is_open_at_168_hours_and_closed_one_second_later(now, open_):
    verdict = evaluate(nce(event_time=utc(2026, 11, 23, 10), now=now))
    assert (verdict.outcome is Outcome.NO_REQUEST_NEEDED) is open_
    assert (verdict.act_by == utc(2026, 11, 30, 10)) is open_


def test_an_offset_is_converted_to_utc():
    verdict = cli(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "commerce": "new_commerce",
            "product": "license_based",
            "event_time": "2026-11-25T11:00:00+01:00",
        }
    )
    assert verdict["act_by"] == "2026-12-02T10:00:00Z"


def test_a_time_without_offset_is_utc_and_a_bare_date_is_midnight_utc():
    no_offset = cli(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "commerce": "new_commerce",
            "product": "license_based",
            "event_time": "2026-11-25T10:00",
        }
    )
    bare = cli(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "commerce": "new_commerce",
            "product": "license_based",
            "event_time": "2026-11-25",
        }
    )
    assert no_offset["act_by"] == "2026-12-02T10:00:00Z"
    assert bare["act_by"] == "2026-12-02T00:00:00Z"


def test_a_request_known_only_by_its_date_is_judged_at_midnight_utc():
    # Window closes 2026-11-30T10:00Z; with only today given, now is 00:00Z: still open.
    verdict = evaluate(nce(event_time=utc(2026, 11, 23, 10)))
    assert verdict.outcome is Outcome.NO_REQUEST_NEEDED


@pytest.mark.parametrize(
    ("event_time", "hours"),
    [
        (utc(2022, 3, 11, 23, 59, 59), 72),
        (utc(2022, 3, 12, 0, 0, 0), 168),
    ],
)
def test_events_before_12_march_2022_had_72_hours_and_from_then_on_7_days(event_time, hours):
    verdict = evaluate(nce(today=date(2022, 3, 12), event_time=event_time))
    assert verdict.rule_set == "2022-01-10"
    assert verdict.act_by == event_time + timedelta(hours=hours)


@pytest.mark.parametrize(
    ("product", "hours", "refund", "action"),
    [
        (Product.LICENSE_BASED, 168, Refund.PRORATED, Action.CANCEL_IN_PARTNER_CENTER),
        (Product.SOFTWARE_SUBSCRIPTION, 168, Refund.PRORATED, Action.CANCEL_IN_PARTNER_CENTER),
        (Product.PERPETUAL_SOFTWARE, 720, Refund.FULL, Action.CANCEL_IN_PARTNER_CENTER),
        (Product.MARKETPLACE_SAAS, 72, Refund.FULL, Action.CANCEL_IN_PARTNER_CENTER),
        (Product.BUSINESS_CENTRAL, 168, Refund.PRORATED, Action.CANCEL_IN_PARTNER_CENTER),
    ],
)
def test_each_product_has_its_window_and_refund(product, hours, refund, action):
    start = utc(2026, 11, 29, 8)
    verdict = evaluate(nce(product=product, event_time=start))
    assert (verdict.act_by, verdict.refund, verdict.action) == (
        start + timedelta(hours=hours),
        refund,
        action,
    )


def test_software_subscriptions_are_cancelled_even_for_seats_added():
    verdict = evaluate(nce(product="software_subscription", event="seat_addition"))
    assert verdict.action is Action.CANCEL_IN_PARTNER_CENTER


@pytest.mark.parametrize(
    "event", [Event.PURCHASE, Event.TRIAL_CONVERSION, Event.MIGRATION, Event.RENEWAL]
)
def test_every_event_but_a_partial_upgrade_opens_its_own_window(event):
    verdict = evaluate(nce(event=event, event_time=utc(2026, 11, 26, 12)))
    assert verdict.act_by == utc(2026, 12, 3, 12)


def test_a_partial_upgrade_inherits_the_parent_window():
    verdict = evaluate(
        nce(
            event="partial_upgrade",
            event_time=utc(2026, 11, 29, 9),
            parent_event_time=utc(2026, 11, 24, 15),
        )
    )
    assert verdict.act_by == utc(2026, 12, 1, 15)
    assert any(note.code == "nce_window_inherited" for note in verdict.notes)


def test_a_partial_upgrade_needs_the_parent_event_time():
    verdict = evaluate(nce(event="partial_upgrade"))
    assert [(p.field, p.code) for p in verdict.problems] == [("parent_event_time", "missing_field")]


def test_a_partial_upgrade_before_its_parent_is_refused():
    verdict = evaluate(
        nce(
            event="partial_upgrade",
            event_time=utc(2026, 11, 20),
            parent_event_time=utc(2026, 11, 24),
        )
    )
    assert [(p.field, p.code) for p in verdict.problems] == [("event_time", "date_order")]


def test_an_event_after_now_is_refused_with_a_problem_not_a_traceback():
    verdict = evaluate(nce(event_time=utc(2026, 11, 30, 12), now=utc(2026, 11, 30, 11)))
    assert [(p.field, p.code) for p in verdict.problems] == [("event_time", "date_in_future")]
    # Later the same day is fine when only the request date is known.
    assert evaluate(nce(event_time=utc(2026, 11, 30, 12))).problems == ()


def test_without_an_event_time_the_purchase_date_counts_from_midnight_utc():
    verdict = evaluate(nce(event_time=None, purchase_date=date(2026, 11, 27)))
    assert verdict.act_by == utc(2026, 12, 4)
    assert any(note.code == "nce_date_only" for note in verdict.notes)


def test_new_commerce_needs_the_product_and_the_event_time():
    verdict = evaluate(nce(product=None, event_time=None))
    assert [(p.field, p.code) for p in verdict.problems] == [
        ("product", "missing_field"),
        ("event_time", "missing_field"),
    ]


def test_later_rule_sets_need_the_commerce_platform_for_purchases_and_duplicates():
    for credit_type in ("accidental_purchase", "duplicate_order"):
        verdict = evaluate(nce(credit_type=credit_type, commerce=None))
        assert [(p.field, p.code) for p in verdict.problems] == [("commerce", "missing_field")]


def test_new_commerce_under_the_2021_rule_set_is_refused():
    verdict = evaluate(nce(today=date(2021, 12, 1)))
    assert verdict.rule_set == "2021-03-31"
    assert [p.code for p in verdict.problems] == ["new_commerce_not_in_rule_set"]


def test_a_new_commerce_duplicate_is_cancelled_in_its_window_with_the_move_notes():
    verdict = evaluate(nce(credit_type="duplicate_order", event_time=utc(2026, 11, 28, 7)))
    assert verdict.action is Action.CANCEL_IN_PARTNER_CENTER
    assert verdict.act_by == utc(2026, 12, 5, 7)
    assert any(note.code == "move_new_price" for note in verdict.notes)


# --- legacy self-service ---------------------------------------------------------------


def test_a_legacy_30_day_window_closes_at_23_59_59_utc_of_the_30th_day():
    verdict = cli(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "commerce": "legacy",
            "offer": "legacy_m365",
            "purchase_date": "2026-11-10",
        }
    )
    assert verdict["outcome"] == "no_request_needed"
    assert (verdict["action"], verdict["act_by"], verdict["refund"]) == (
        "cancel_in_partner_center",
        "2026-12-10T23:59:59Z",
        "full",
    )


def test_the_2021_answer_gains_the_self_service_keys_only():
    verdict = cli(
        {
            **BASE,
            "today": "2021-06-10",
            "credit_type": "accidental_purchase",
            "offer": "legacy_m365",
            "purchase_date": "2021-06-01",
        }
    )
    assert verdict["rule_set"] == "2021-03-31"
    assert (verdict["action"], verdict["act_by"]) == (
        "cancel_in_partner_center",
        "2021-07-01T23:59:59Z",
    )


# --- rule sets by date -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "version"),
    [
        (date(2019, 6, 1), "2021-03-31"),
        (date(2022, 1, 9), "2021-03-31"),
        (date(2022, 1, 10), "2022-01-10"),
        (date(2023, 5, 3), "2022-01-10"),
        (date(2023, 5, 4), "2023-05-04"),
        (date(2023, 12, 31), "2023-05-04"),
        (date(2024, 1, 1), "2024-01-01"),
        (date(2026, 11, 30), "2024-01-01"),
    ],
)
def test_each_rule_set_starts_on_its_first_day(today, version):
    assert rule_set_for(today).version == version


# --- routing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "credit_type", ["accidental_purchase", "technical_issue", "service_outage"]
)
def test_a_purchase_made_directly_from_microsoft_is_routed_to_its_billing_support(credit_type):
    verdict = cli({**OUTAGE, "credit_type": credit_type, "bought_from": "microsoft_direct"})
    assert verdict["outcome"] == "other_process"
    assert (verdict["eligible"], verdict["details_text"], verdict["action"]) == (
        False,
        None,
        "contact_other",
    )
    assert verdict["route"]["process"] == "microsoft_billing_support"


def test_azure_goes_to_the_azure_process():
    verdict = evaluate(nce(product="azure"))
    assert (verdict.outcome, verdict.route.process.value) == (
        Outcome.OTHER_PROCESS,
        "azure_support",
    )


def test_marketplace_saas_after_72_hours_goes_to_the_publisher():
    verdict = evaluate(nce(product="marketplace_saas", event_time=utc(2026, 11, 26, 23)))
    assert verdict.route.process.value == "marketplace_publisher"
    assert "72 hours" in verdict.route.message


def test_marketplace_saas_before_2024_had_no_window_in_our_sources():
    verdict = evaluate(
        nce(
            product="marketplace_saas",
            today=date(2023, 6, 1),
            event_time=None,
            purchase_date=date(2023, 5, 31),
        )
    )
    assert verdict.route.process.value == "marketplace_publisher"


def test_an_indirect_reseller_keeps_its_refusal_and_is_sent_to_its_provider():
    verdict = cli({**OUTAGE, "partner_type": "indirect_reseller", "incident_date": "2026-11-20"})
    assert verdict["outcome"] == "not_eligible"
    assert [p["code"] for p in verdict["problems"]] == ["partner_type_not_allowed"]
    assert (verdict["action"], verdict["route"]["process"]) == (
        "contact_other",
        "indirect_provider",
    )


def test_a_billing_admin_still_sees_the_moment_a_colleague_must_cancel_by():
    verdict = evaluate(nce(role="billing_admin"))
    assert verdict.outcome is Outcome.NOT_ELIGIBLE
    assert (verdict.action, verdict.act_by) == (
        Action.CANCEL_IN_PARTNER_CENTER,
        utc(2026, 12, 2, 10),
    )


# --- what changed in 2023 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "incident", "last_day"),
    [
        (date(2023, 7, 31), date(2023, 5, 15), date(2023, 7, 31)),
        (date(2023, 8, 1), date(2023, 5, 31), date(2023, 7, 31)),
        (date(2024, 2, 29), date(2023, 12, 31), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2023, 12, 31), date(2024, 2, 29)),
    ],
)
def test_azure_sla_claims_are_due_two_months_after_the_incidents_month(today, incident, last_day):
    verdict = cli(
        {
            **OUTAGE,
            "today": today.isoformat(),
            "incident_date": incident.isoformat(),
            "service_family": "azure",
        }
    )
    in_time = today <= last_day
    assert verdict["eligible"] is in_time
    if in_time:
        assert verdict["deadline"] == last_day.isoformat()
    else:
        late = [p for p in verdict["problems"] if p["code"] == "past_deadline"]
        assert "within 2 months" in late[0]["message"]
        assert last_day.isoformat() in late[0]["message"]


def test_before_2023_an_azure_outage_had_the_one_month_rule():
    verdict = cli(
        {**OUTAGE, "today": "2022-06-30", "incident_date": "2022-05-15", "service_family": "azure"}
    )
    assert verdict["deadline"] == "2022-06-30"


def test_every_power_bi_premium_sku_has_the_7_day_rule_and_usd_33_a_day_from_2023():
    request = {
        **BASE,
        "credit_type": "accidental_purchase",
        "commerce": "legacy",
        "offer": "power_bi_premium",
        "purchase_date": "2026-11-10",
    }
    later = evaluate_json(request)
    before = evaluate_json({**request, "today": "2023-05-03", "purchase_date": "2023-03-20"})
    assert later.outcome is Outcome.FIXED_COSTS_DEDUCTED
    assert any("USD 33 a day" in note and "USD 660" in note for note in later.notes)
    assert before.rule_set == "2022-01-10"
    assert before.outcome is Outcome.FULL_REFUND  # the general 90-day rule for other SKUs


def evaluate_json(document: dict):
    from rules.json_input import request_from_json

    return evaluate(request_from_json(document, TODAY))


# --- evidence ----------------------------------------------------------------------------


def test_the_details_text_lists_only_the_evidence_declared_attached():
    verdict = cli(
        {
            **OUTAGE,
            "incident_date": "2026-11-20",
            "evidence_attached": ["request_form", "customer_email"],
        }
    )
    text = verdict["details_text"]
    assert "- Microsoft's credit or refund request form, filled in" in text
    assert "The customer's email, from a domain of the affected tenant" in text
    assert "Time and duration of the downtime" not in text
    missing = [w for w in verdict["warnings"] if w["code"] == "evidence_not_attached"]
    assert [w["message"].split("“")[1].split("”")[0] for w in missing] == [
        "The outage incident ID from the Service Health dashboard"
    ]


def test_nothing_declared_attached_claims_nothing():
    verdict = cli({**OUTAGE, "incident_date": "2026-11-20"})
    assert "Evidence attached: none" in verdict["details_text"]


def test_an_unknown_evidence_code_exits_2():
    assert "unknown evidence code" in cli_error({**OUTAGE, "evidence_attached": ["selfie"]})


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"event_time": "yesterday"}, "event_time: expected an ISO 8601 date-time"),
        ({"event_time": "2026-02-30T10:00Z"}, 'event_time: "2026-02-30T10:00Z" is not a real'),
        ({"now": "2026-11-30T25:00Z"}, 'now: "2026-11-30T25:00Z" is not a real'),
        ({"product": "laptop"}, 'product: unknown value "laptop"'),
        ({"event": "refund"}, 'event: unknown value "refund"'),
        ({"commerce": "nce"}, 'commerce: unknown value "nce"'),
        ({"bought_from": "shop"}, 'bought_from: unknown value "shop"'),
        ({"service_family": "teams"}, 'service_family: unknown value "teams"'),
        ({"evidence_attached": "request_form"}, "evidence_attached: expected an array"),
        ({"event_time": "9999-12-31T23:00-05:00"}, "is not a real date and time"),
    ],
)
def test_bad_v2_values_exit_2_with_one_line(changes, message):
    document = {**BASE, "credit_type": "accidental_purchase", **changes}
    assert message in cli_error(document)


def test_now_alone_gives_today_as_its_utc_date():
    verdict = cli(
        {
            "credit_type": "accidental_purchase",
            "role": "admin_agent",
            "partner_type": "direct",
            "now": "2026-12-02T09:59:59Z",
            "commerce": "new_commerce",
            "product": "license_based",
            "event_time": "2026-11-25T10:00Z",
        }
    )
    assert (verdict["rule_set"], verdict["act_by"]) == ("2024-01-01", "2026-12-02T10:00:00Z")


# --- invariants ---------------------------------------------------------------------------

MOMENTS = st.datetimes(
    min_value=datetime(2021, 12, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))


@st.composite
def new_commerce_requests(draw: st.DrawFn) -> CreditRequest:
    event_time = draw(MOMENTS)
    now = event_time + timedelta(seconds=draw(st.integers(0, 40 * 86400)))
    return CreditRequest(
        credit_type=draw(st.sampled_from(["accidental_purchase", "duplicate_order"])),
        role=draw(st.sampled_from(["admin_agent", "global_admin", "billing_admin"])),
        partner_type=draw(st.sampled_from(["direct", "indirect_provider", "indirect_reseller"])),
        today=now.date(),
        now=now,
        commerce="new_commerce",
        product=draw(st.sampled_from(Product)),
        event=draw(st.sampled_from(Event)),
        event_time=event_time,
        parent_event_time=draw(
            st.one_of(
                st.none(),
                st.integers(0, 20 * 86400).map(lambda s: event_time - timedelta(seconds=s)),
            )
        ),
        bought_from=draw(st.sampled_from(["csp", "csp", "microsoft_direct"])),
        evidence_attached=draw(st.one_of(st.none(), st.just(("request_form",)))),
    )


@settings(max_examples=300, deadline=None)
@given(new_commerce_requests())
def test_act_by_is_never_before_the_event_it_counts_from(request):
    verdict = evaluate(request)
    if verdict.act_by is None:
        return
    counted_from = (
        request.parent_event_time if request.event is Event.PARTIAL_UPGRADE else request.event_time
    )
    assert verdict.act_by >= counted_from
    assert verdict.act_by >= request.now


@settings(max_examples=300, deadline=None)
@given(new_commerce_requests())
def test_action_is_consistent_with_the_outcome_and_the_other_keys(request):
    verdict = evaluate(request)
    assert (verdict.action is Action.FILE_REQUEST) == verdict.eligible
    assert (verdict.action in SELF_SERVICE_ACTIONS) == (verdict.act_by is not None)
    assert (verdict.act_by is None) == (verdict.refund is None)
    assert (verdict.action is Action.CONTACT_OTHER) == (verdict.route is not None)
    if verdict.outcome is Outcome.OTHER_PROCESS:
        assert verdict.action is Action.CONTACT_OTHER and verdict.details_text is None
    if verdict.outcome is Outcome.NO_REQUEST_NEEDED:
        assert verdict.action in {*SELF_SERVICE_ACTIONS, Action.NONE}
    data = verdict.to_dict()
    assert json.loads(json.dumps(data)) == data


# --- found by the cold review -------------------------------------------------------------


def test_a_window_at_the_end_of_the_calendar_never_closes_and_never_raises():
    verdict = cli(
        {
            "credit_type": "accidental_purchase",
            "role": "admin_agent",
            "partner_type": "direct",
            "commerce": "new_commerce",
            "product": "license_based",
            "event_time": "9999-12-31T23:59:59Z",
            "now": "9999-12-31T23:59:59Z",
        }
    )
    assert verdict["act_by"] == "9999-12-31T23:59:59Z"


def test_today_and_now_on_different_days_exit_2():
    message = cli_error(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "now": "2026-12-05T10:00:00Z",
        }
    )
    assert 'now: "2026-12-05T10:00:00Z" is not on the request date today (2026-11-30' in message


def test_an_event_before_new_commerce_began_is_refused_as_new_commerce():
    verdict = evaluate(nce(today=date(2022, 2, 1), event_time=utc(2021, 12, 20, 9)))
    assert [(p.field, p.code) for p in verdict.problems] == [("event_time", "before_new_commerce")]
    assert verdict.details_text is None


def test_inside_its_window_a_new_commerce_purchase_wants_no_evidence():
    verdict = evaluate(nce(subscription_id=None, description=None))
    assert verdict.outcome is Outcome.NO_REQUEST_NEEDED
    assert verdict.warnings == ()


def test_the_details_text_states_usd_33_a_day_from_2023():
    later = evaluate_json(
        {
            **BASE,
            "credit_type": "accidental_purchase",
            "commerce": "legacy",
            "offer": "power_bi_premium",
            "purchase_date": "2026-11-10",
        }
    )
    assert "Fixed costs deducted: USD 33 a day after day 7" in later.details_text


@pytest.mark.parametrize(
    ("family", "outage_id", "codes"),
    [
        ("azure", "vn11-jd8", []),
        ("azure", "EX25194", []),
        ("microsoft_365", "VN11-JD8", ["invalid_outage_id"]),
        ("azure", "not an id", ["invalid_outage_id"]),
    ],
)
def test_an_azure_claim_takes_the_tracking_id_azure_service_health_shows(family, outage_id, codes):
    verdict = cli(
        {**OUTAGE, "incident_date": "2026-11-20", "service_family": family, "outage_id": outage_id}
    )
    assert [problem["code"] for problem in verdict["problems"]] == codes
    if not codes and family == "azure":
        assert f"Outage incident ID: {outage_id.upper()}\n" in verdict["details_text"]
