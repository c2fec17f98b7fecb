"""Invariants over arbitrary well-typed credit requests, and over arbitrary JSON for the CLI."""

import io
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import (
    PROBLEM_CODES,
    REQUEST_OUTCOMES,
    RULE_SETS,
    WARNING_CODES,
    CreditRequest,
    CreditType,
    Offer,
    PartnerType,
    Role,
    evaluate,
)
from rules.cli import main
from rules.evidence import EVIDENCE_CODES
from rules.json_input import InputError, request_from_json
from rules.model import BoughtFrom, Commerce, Event, Product, ServiceFamily

ANY_DATE = st.dates()
RECENT = st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))
TEXT = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["", "  ", "Contoso Ltd", "line one\nline two", "x" * 300]),
)
GUIDS = st.one_of(st.none(), st.uuids().map(str), st.text(max_size=40))
DOMAINS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "contoso.com",
                "Contoso.onmicrosoft.com",
                "onmicrosoft.com",
                "gmail.com",
                "fabrikam.com",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=4,
).map(tuple)
EMAILS = st.one_of(
    st.none(),
    st.sampled_from(["it@contoso.com", "it@mail.contoso.com", "x@gmail.com", "it@fabrikam.com"]),
    st.builds("{}@{}".format, st.text(max_size=8), st.text(max_size=12)),
    st.text(max_size=30),
)
OUTAGE_IDS = st.one_of(
    st.none(),
    st.builds("{}{}".format, st.sampled_from(["EX", "sp", "ZZ", "e"]), st.integers(0, 10**8)),
    st.text(max_size=10),
)
AMOUNTS = st.one_of(
    st.none(),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2),
    st.decimals(allow_nan=True, allow_infinity=True),
)
COUNTS = st.one_of(st.none(), st.integers(min_value=-3, max_value=10**6))
FLAGS = st.one_of(st.none(), st.booleans())
EVIDENCE = st.one_of(st.none(), st.lists(st.sampled_from(sorted(EVIDENCE_CODES))).map(tuple))


def _moment_near(today: date) -> st.SearchStrategy[datetime]:
    """Moments from a little after `today` back over the last 40 days, to the second."""
    start = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    return st.integers(min_value=-2 * 86400, max_value=40 * 86400).map(
        lambda seconds: _seconds_before(start, seconds)
    )


def _seconds_before(start: datetime, seconds: int) -> datetime:
    try:
        return start - timedelta(seconds=seconds)
    except OverflowError:
        return start


def _days_before(today: date, days: int) -> date:
    try:
        return today - timedelta(days=days)
    except OverflowError:
        return date.min


@st.composite
def arbitrary_requests(draw: st.DrawFn) -> CreditRequest:
    """Any well-typed request: most are refused, for every reason at once."""
    today = draw(st.one_of(RECENT, ANY_DATE))
    # Mostly dates around today (so every window is reached on both sides), sometimes any date.
    near = st.integers(min_value=-5, max_value=500).map(lambda days: _days_before(today, days))
    dates = st.one_of(st.none(), near, near, ANY_DATE)
    return CreditRequest(
        credit_type=draw(st.sampled_from(CreditType)),
        role=draw(st.sampled_from(Role)),
        partner_type=draw(st.sampled_from(PartnerType)),
        today=today,
        offer=draw(st.one_of(st.none(), st.sampled_from(Offer))),
        purchase_date=draw(dates),
        suspension_date=draw(dates),
        users_assigned=draw(COUNTS),
        subscription_id=draw(GUIDS),
        order_id=draw(TEXT),
        new_subscription_purchase_date=draw(dates),
        original_subscription_id=draw(GUIDS),
        new_subscription_id=draw(GUIDS),
        original_tenant_id=draw(GUIDS),
        incident_date=draw(dates),
        outage_id=draw(OUTAGE_IDS),
        advisory=draw(FLAGS),
        tenant_id=draw(GUIDS),
        tenant_domains=draw(DOMAINS),
        evidence_email=draw(EMAILS),
        customer_requested_credit=draw(FLAGS),
        bought_through_csp=draw(FLAGS),
        incident_duration=draw(TEXT),
        affected_services=draw(TEXT),
        affected_users=draw(COUNTS),
        affected_locations=draw(TEXT),
        resolution_actions=draw(TEXT),
        support_ticket_numbers=draw(TEXT),
        issue_date=draw(dates),
        references=draw(TEXT),
        amount=draw(AMOUNTS),
        currency=draw(st.one_of(st.none(), st.sampled_from(["EUR", "sek"]), st.text(max_size=4))),
        description=draw(TEXT),
        customer_name=draw(TEXT),
        partner_reference=draw(TEXT),
        rule_set=draw(st.one_of(st.none(), st.sampled_from(list(RULE_SETS)))),
        details_max_length=draw(
            st.one_of(st.just(4000), st.integers(min_value=-5, max_value=3000))
        ),
        commerce=draw(st.one_of(st.none(), st.sampled_from(Commerce))),
        product=draw(st.one_of(st.none(), st.sampled_from(Product))),
        event=draw(st.one_of(st.none(), st.sampled_from(Event))),
        event_time=draw(st.one_of(st.none(), _moment_near(today))),
        parent_event_time=draw(st.one_of(st.none(), _moment_near(today))),
        now=draw(st.one_of(st.none(), _moment_near(today))),
        bought_from=draw(st.one_of(st.none(), st.sampled_from(BoughtFrom))),
        service_family=draw(st.one_of(st.none(), st.sampled_from(ServiceFamily))),
        evidence_attached=draw(EVIDENCE),
    )


@st.composite
def plausible_requests(draw: st.DrawFn) -> CreditRequest:
    """Requests as a careful admin agent fills them in: many are eligible, some are late."""
    today = draw(RECENT)
    past = st.integers(min_value=0, max_value=400).map(lambda days: today - timedelta(days=days))
    purchase = draw(past)
    optional_text = st.one_of(st.none(), TEXT)
    return CreditRequest(
        credit_type=draw(st.sampled_from(CreditType)),
        role=draw(st.sampled_from([Role.ADMIN_AGENT, Role.GLOBAL_ADMIN])),
        partner_type=draw(st.sampled_from([PartnerType.DIRECT, PartnerType.INDIRECT_PROVIDER])),
        today=today,
        offer=draw(st.sampled_from(Offer)),
        purchase_date=purchase,
        suspension_date=draw(
            st.one_of(
                st.none(),
                st.integers(0, max(0, (today - purchase).days)).map(
                    lambda days: purchase + timedelta(days=days)
                ),
            )
        ),
        users_assigned=draw(st.sampled_from([0, 0, 1, 25])),
        subscription_id=draw(st.one_of(st.none(), st.uuids().map(str))),
        new_subscription_purchase_date=draw(past),
        original_subscription_id=draw(st.one_of(st.none(), st.uuids().map(str))),
        new_subscription_id=draw(st.one_of(st.none(), st.uuids().map(str))),
        incident_date=draw(past),
        outage_id=draw(st.sampled_from(["EX25194", "sp1", "ZZ9", "MO42"])),
        advisory=draw(st.sampled_from([None, False])),
        tenant_id=str(draw(st.uuids())),
        tenant_domains=draw(
            st.sampled_from([("contoso.com",), ("CONTOSO.com", "contoso.onmicrosoft.com")])
        ),
        evidence_email=draw(st.sampled_from(["it@contoso.com", "ceo@eu.contoso.com"])),
        customer_requested_credit=draw(st.sampled_from([None, True])),
        bought_through_csp=draw(st.sampled_from([None, True])),
        incident_duration=draw(optional_text),
        affected_services=draw(optional_text),
        affected_users=draw(st.one_of(st.none(), st.integers(0, 10**5))),
        resolution_actions=draw(optional_text),
        support_ticket_numbers=draw(optional_text),
        issue_date=draw(st.one_of(st.none(), past)),
        references=draw(optional_text),
        amount=draw(
            st.one_of(st.none(), st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2))
        ),
        currency="EUR",
        description=draw(optional_text),
        customer_name=draw(optional_text),
        details_max_length=draw(
            st.one_of(st.just(4000), st.integers(min_value=200, max_value=1500))
        ),
        commerce=draw(st.sampled_from(Commerce)),
        product=draw(st.sampled_from(Product)),
        event=draw(st.sampled_from(Event)),
        event_time=draw(
            st.one_of(st.none(), _moment_near(today).filter(lambda m: m.date() <= today))
        ),
        parent_event_time=draw(_moment_near(today).filter(lambda m: m.date() <= today)),
        service_family=draw(st.sampled_from(ServiceFamily)),
        evidence_attached=draw(EVIDENCE),
    )


credit_requests = st.one_of(plausible_requests(), arbitrary_requests())


COUNTED_FROM = {
    CreditType.ACCIDENTAL_PURCHASE: "purchase_date",
    CreditType.DUPLICATE_ORDER: "new_subscription_purchase_date",
    CreditType.SERVICE_OUTAGE: "incident_date",
}


@settings(max_examples=150, deadline=None)
@given(credit_requests)
def test_evaluate_never_raises_and_its_verdict_is_consistent(request: CreditRequest) -> None:
    verdict = evaluate(request)

    if verdict.eligible:
        assert verdict.problems == ()
        assert verdict.outcome in REQUEST_OUTCOMES
    assert (verdict.details_text is None) == (not verdict.eligible)
    if verdict.details_text is not None:
        assert len(verdict.details_text) <= request.details_max_length
        assert all(line == line.rstrip() for line in verdict.details_text.splitlines())
        assert verdict.details_text.endswith(f"Rule set: {verdict.rule_set}")
    assert {problem.code for problem in verdict.problems} <= PROBLEM_CODES
    assert {warning.code for warning in verdict.warnings} <= WARNING_CODES
    assert verdict.rule_set in RULE_SETS
    assert verdict.to_dict()["eligible"] is verdict.eligible


@settings(max_examples=150, deadline=None)
@given(credit_requests)
def test_deadline_is_never_before_the_date_it_counts_from_nor_before_today(
    request: CreditRequest,
) -> None:
    deadline = evaluate(request).deadline
    if deadline is None:
        return
    counted_from = getattr(request, COUNTED_FROM[request.credit_type])
    assert counted_from is not None
    assert deadline >= counted_from
    assert deadline >= request.today


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["2026-03-10", "service_outage", "admin_agent", "direct", "EX1", "2021-03-31"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children)
    ),
    max_leaves=6,
)
KEYS = st.sampled_from([*CreditRequest.__dataclass_fields__, "colour"])


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {"credit_type": st.sampled_from(CreditType), "role": st.sampled_from(Role)},
        optional={"partner_type": st.sampled_from(PartnerType)},
    ),
    st.dictionaries(KEYS, JSON_VALUES, max_size=6),
)
def test_any_json_object_becomes_a_request_or_an_input_error(
    required: dict[str, str], extra: dict[str, object]
) -> None:
    try:
        request = request_from_json({**required, **extra}, today=date(2026, 3, 10))
    except InputError as error:
        assert "\n" not in str(error)
        return
    evaluate(request)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=200),
        JSON_VALUES.map(lambda value: repr(value).encode()),
        st.text(max_size=100).map(str.encode),
    )
)
def test_the_cli_answers_any_input_with_json_or_one_error_line(stdin: bytes) -> None:
    out, err = io.BytesIO(), io.StringIO()
    status = main(["evaluate"], stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    if status == 0:
        json.loads(out.getvalue())
    else:
        assert status == 2
        assert err.getvalue().startswith("error: ")
        assert err.getvalue().count("\n") == 1


V1_KEYS = ("eligible", "outcome", "deadline", "problems", "warnings", "rule_set", "details_text")


@settings(max_examples=150, deadline=None)
@given(plausible_requests())
def test_under_2021_the_v2_defaults_spelled_out_change_no_v1_answer(request: CreditRequest) -> None:
    # A v1 input (no v2 keys) and the same input with v2's defaults written out get the same
    # v1 answer under rule set 2021-03-31 (the golden corpus pins the answers themselves).
    from dataclasses import replace

    v1 = replace(
        request,
        rule_set="2021-03-31",
        commerce=None,
        product=None,
        event=None,
        event_time=None,
        parent_event_time=None,
        service_family=None,
        evidence_attached=None,
        details_max_length=100_000,  # the two extra lines must not cross a length limit
    )
    spelled_out = replace(v1, commerce="legacy", bought_from="csp", service_family="microsoft_365")
    first, second = evaluate(v1).to_dict(), evaluate(spelled_out).to_dict()
    details = (first.pop("details_text"), second.pop("details_text"))
    assert {key: first[key] for key in V1_KEYS if key in first} == {
        key: second[key] for key in V1_KEYS if key in second
    }
    if details[0] is not None:
        # Spelling the defaults out adds the commerce and service family lines, nothing else.
        added = set(details[1].splitlines()) - set(details[0].splitlines())
        assert added <= {"Commerce: Legacy commerce", "Service family: Microsoft 365"}
