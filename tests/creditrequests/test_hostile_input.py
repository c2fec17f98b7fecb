"""Hostile input on every form and query string: messages, never a 500, nothing invalid stored.

A generated corpus of more than 500 inputs (oversized, control characters, HTML/JS/SQL and
template payloads, huge and negative numbers, emoji, right-to-left text, odd dates) is sent,
one input per request, round-robin over every field of every wizard step, the sign-in form,
the review form, the filing, close, close-without-filing and hand-over forms and the
drafts / review queue filters. Raw percent-encoded garbage and invalid UTF-8 go into query
strings and form bodies.

Each response must be below 500, and any payload with HTML-significant characters must not
appear unescaped. Afterwards every stored draft must still pass the validation that let it
in (model validation, each completed wizard step's form, the filing / close forms).
"""

import html
import itertools

import markupsafe
import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from creditrequests import services
from creditrequests.drafts.forms import CloseDraftForm, CloseForm, FilingForm
from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft, DraftStatus, User
from creditrequests.wizard.steps import CHECK_STEP, STEPS
from tests.creditrequests.test_wizard_flows import FLOWS, fill_common_steps, start, step_url
from tests.factories import EligibleDraftFactory

FORMS = dict(STEPS)

BASE = [
    # markup and script
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert("xss")>',
    "'><svg/onload=alert('xss')>",
    "<iframe src=javascript:alert('xss')></iframe>",
    "javascript:alert('xss')",
    '<a href="javascript:alert(1)">xss</a>',
    "</textarea><script>alert('xss')</script>",
    "</title><script>alert('xss')</script>",
    "<style>body{display:none}</style>",
    "{{ request.user.password }}",
    "{% debug %}",
    "${7*7}",
    # SQL
    "' OR '1'='1",
    "'; DROP TABLE creditrequests_creditrequestdraft; --",
    "1; SELECT pg_sleep(10)--",
    '" OR 1=1 --',
    "admin'--",
    "1 UNION SELECT username, password FROM creditrequests_user",
    "%' AND 1=1 AND '%'='",
    # control characters and invisible text
    "Contoso\x00Ltd",
    "\x00",
    "\x1b[31mred\x1b[0m",
    "line\r\nbreak",
    "bell\x07",
    "\x7f",
    "\u202eevil\u202c",
    "\ufeffBOM",
    "zero\u200bwidth",
    "\t",
    " ",
    "",
    # other scripts and emoji
    "مرحبا بالعالم",
    "שלום עולם",
    "😀" * 10,
    "👨‍👩‍👧‍👦 family",
    "Ζ̸̡̛̖͕a̴l̷g̸o̵",
    "日本語のテキスト",
    # numbers
    "-1",
    "-125.50",
    "0",
    "0.001",
    "1e308",
    "1e400",
    "NaN",
    "Infinity",
    "-0",
    "9" * 400,
    "1,000,000.00",
    "0x1F",
    "12.345",
    # dates
    "2026-02-30",
    "9999-12-31",
    "0000-00-00",
    "2026-13-01",
    "31/12/1999",
    "1900-01-01",
    # odd values
    "../../etc/passwd",
    "null",
    "None",
    "[]",
    "{}",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1+1)",
    "&lt;script&gt;",
    "a" * 201,
    "a" * 2001,
    "b" * 4001,
    "c" * 100_000,
]


def _variants(payload: str) -> list[str]:
    return [
        payload,
        f"Contoso {payload}",
        f"{payload} Ltd",
        payload.upper(),
        payload * 2,
        f" {payload} ",
        f"{payload}\n{payload}",
        f"<b>{payload}</b>",
    ]


CORPUS = list(dict.fromkeys(itertools.chain.from_iterable(_variants(p) for p in BASE)))

# Raw query strings: percent-encoded garbage, invalid UTF-8, overlong forms.
RAW_QUERIES = [
    "q=%ff%fe%fd",
    "q=%c0%80",
    "q=%ed%a0%80",
    "q=%00",
    "q=%",
    "q=%zz",
    "q=%%%%",
    "status=%ff&credit_type=%fe",
    "page=%ff",
    "page=-1",
    "page=99999999999999999999999",
    "page=1e9",
    "q=" + "%41" * 20_000,
    "q[]=1&q[]=2",
    "q=a&q=b&status=draft&status=closed",
    "=&=&&&",
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=%22%3E%3Csvg%2Fonload%3Dalert(1)%3E",
    "return=%ff",
]

HTML_SIGNIFICANT = set("<>\"'")


def _echoed_unescaped(body: str, payload: str) -> bool:
    """The payload with HTML-significant characters appears as typed (not escaped)."""
    return len(payload) >= 6 and bool(HTML_SIGNIFICANT & set(payload)) and payload in body


def _echoed_escaped(body: str, payload: str) -> bool:
    """The payload appears escaped: as Django escapes it, or as Jinja2 does (the widgets)."""
    return html.escape(payload) in body or str(markupsafe.escape(payload)) in body


class Checker:
    def __init__(self):
        self.requests = 0
        self.escaped_echoes = 0

    def response(self, response, payload: str | None = None):
        self.requests += 1
        assert response.status_code < 500, (response.status_code, payload)
        if payload is None or response.get("Content-Type", "").startswith("text/csv"):
            return
        body = response.content.decode("utf-8", "replace")
        assert not _echoed_unescaped(body, payload), f"unescaped echo of {payload!r}"
        if payload and HTML_SIGNIFICANT & set(payload) and _echoed_escaped(body, payload):
            self.escaped_echoes += 1


# --- targets -------------------------------------------------------------------------------

_STEP_PATHS = {
    "requester": ("technical_issue", []),
    "credit-type": ("technical_issue", []),
    "customer": ("technical_issue", []),
    "issue": ("technical_issue", []),
    "statement": ("incorrect_information", []),
    "accidental-purchase": ("accidental_purchase", []),
    "duplicate-order": ("duplicate_order", []),
    "outage-incident": ("service_outage", []),
    "outage-tenant": ("service_outage", ["outage-incident"]),
    "outage-evidence": ("service_outage", ["outage-incident", "outage-tenant"]),
    "outage-impact": ("service_outage", ["outage-incident", "outage-tenant", "outage-evidence"]),
}


def _valid(step: str) -> dict:
    if step == "requester":
        return {"role": "admin_agent", "partner_type": "direct"}
    if step == "credit-type":
        return {"credit_type": _STEP_PATHS[step][0]}
    if step == "customer":
        return {"customer_name": "Contoso Ltd", "partner_reference": "CASE-42"}
    return dict(dict(FLOWS[_STEP_PATHS[step][0]])[step])


def _post_step(client, public_id, step, values):
    data = {f"draft_{public_id.hex}-current_step": step}
    data.update({f"{step}-{name}": value for name, value in values.items()})
    return client.post(step_url(public_id, step), data)


@pytest.fixture
def site(db, drafter, reviewer):
    """Signed-in clients, a draft open at every wizard step, drafts awaiting filing/close."""
    drafter_client, reviewer_client, anonymous = Client(), Client(), Client()
    drafter_client.force_login(drafter)
    reviewer_client.force_login(reviewer)
    wizard = {}
    for step, (credit_type, before) in _STEP_PATHS.items():
        public_id = start(drafter_client)
        fill_common_steps(drafter_client, public_id, credit_type)
        for earlier in before:
            response = _post_step(drafter_client, public_id, earlier, _valid(earlier))
            assert response.status_code == 302
        wizard[step] = public_id
    to_review = EligibleDraftFactory(owner=drafter)
    services.submit_for_review(to_review, by=drafter)
    to_file = EligibleDraftFactory(owner=drafter)
    services.submit_for_review(to_file, by=drafter)
    to_file.refresh_from_db()
    services.approve(to_file, by=reviewer)
    to_close = EligibleDraftFactory(owner=drafter)
    for move, by in [(services.submit_for_review, drafter), (services.approve, reviewer)]:
        to_close.refresh_from_db()
        move(to_close, by=by)
    to_close.refresh_from_db()
    services.record_filing(to_close, by=drafter, ticket="SR-1", filed_on=request_date())
    return {
        "drafter": drafter_client,
        "reviewer": reviewer_client,
        "anonymous": anonymous,
        "wizard": wizard,
        "review": to_review,
        "filing": to_file,
        "close": to_close,
        "close_draft": EligibleDraftFactory(owner=drafter),
    }


def _reset(draft, status):
    """Put a draft back where the form under attack applies, if a valid payload moved it."""
    CreditRequestDraft.objects.filter(pk=draft.pk).update(status=status, version=draft.version)


def _targets(site):
    """One callable per (form, field): send(payload) -> response."""
    targets = []
    for step, public_id in site["wizard"].items():
        for name in FORMS[step].base_fields:

            def send(payload, step=step, public_id=public_id, name=name):
                return _post_step(site["drafter"], public_id, step, {**_valid(step), name: payload})

            targets.append(send)

    for name in ("username", "password"):

        def sign_in(payload, name=name):
            data = {"username": "someone", "password": "wrong", name: payload}
            return site["anonymous"].post(reverse("login"), data)

        targets.append(sign_in)

    review = site["review"]
    for name in ("comment", "decision", "version"):

        def review_form(payload, name=name):
            data = {"comment": "Please check", "decision": "return", "version": review.version}
            response = site["reviewer"].post(
                reverse("drafts:review", args=[review.public_id]), {**data, name: payload}
            )
            _check_stored(review)
            _reset(review, DraftStatus.READY_FOR_REVIEW)
            return response

        targets.append(review_form)

    filing = site["filing"]
    for name in ("ticket", "filed_on", "version"):

        def filing_form(payload, name=name):
            data = {
                "ticket": "SR-2",
                "filed_on": request_date().isoformat(),
                "version": filing.version,
            }
            response = site["drafter"].post(
                reverse("drafts:record_filing", args=[filing.public_id]), {**data, name: payload}
            )
            _check_stored(filing)
            _reset(filing, DraftStatus.APPROVED)
            return response

        targets.append(filing_form)

    close = site["close"]
    for name in ("result", "credited_amount", "refusal_reason", "version"):

        def close_form(payload, name=name):
            data = {
                "result": "credited" if name == "credited_amount" else "refused",
                "credited_amount": "10.00",
                "refusal_reason": "Out of policy",
                "version": close.version,
            }
            response = site["drafter"].post(
                reverse("drafts:close", args=[close.public_id]), {**data, name: payload}
            )
            _check_stored(close)
            _reset(close, DraftStatus.FILED)
            return response

        targets.append(close_form)

    close_draft = site["close_draft"]
    for name in ("reason", "note", "version"):

        def close_draft_form(payload, name=name):
            data = {
                "reason": "withdrawn",
                "note": "Handled by phone",
                "version": close_draft.version,
            }
            response = site["drafter"].post(
                reverse("drafts:close_draft", args=[close_draft.public_id]), {**data, name: payload}
            )
            _check_stored(close_draft)
            _reset(close_draft, DraftStatus.DRAFT)
            return response

        def hand_over_form(payload, name=name):
            data = {"to": str(close_draft.owner_id), "version": close_draft.version}
            field = "to" if name == "reason" else name
            return site["drafter"].post(
                reverse("drafts:hand_over", args=[close_draft.public_id]), {**data, field: payload}
            )

        targets += [close_draft_form, hand_over_form]

    for client, url_name in [
        ("drafter", "drafts:home"),
        ("reviewer", "drafts:review_queue"),
        ("reviewer", "drafts:review_queue_csv"),
    ]:
        for name in ("q", "status", "credit_type", "due", "page"):

            def search(payload, client=client, url_name=url_name, name=name):
                return site[client].get(reverse(url_name), {name: payload})

            targets.append(search)
    return targets


# --- what may be stored --------------------------------------------------------------------


def _check_stored(draft):
    """The draft as stored passes the validation of the form that wrote each part of it."""
    stored = CreditRequestDraft.objects.get(pk=draft.pk)
    stored.full_clean()
    if stored.partner_center_ticket:
        form = FilingForm(
            {"ticket": stored.partner_center_ticket, "filed_on": stored.filed_on, "version": 1}
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["ticket"] == stored.partner_center_ticket
    if stored.closed_result:
        form = CloseForm(
            {
                "result": stored.closed_result,
                "credited_amount": stored.credited_amount or "",
                "refusal_reason": stored.refusal_reason,
                "version": 1,
            }
        )
        assert form.is_valid(), form.errors
    assert len(stored.review_comment) <= services.COMMENT_MAX_LENGTH
    assert "\x00" not in stored.review_comment
    if stored.close_reason:
        form = CloseDraftForm(
            {"reason": stored.close_reason, "note": stored.close_note, "version": 1}
        )
        assert form.is_valid(), form.errors


def _check_wizard_answers(draft):
    """Every completed step's answers, fed back to the step's form, are valid."""
    for step in draft.completed_steps:
        if step == CHECK_STEP:
            continue
        form_class = FORMS[step]
        kwargs = {}
        if step == "outage-evidence":
            kwargs["tenant_domains"] = draft.answers.get("tenant_domains") or ()
        data = form_class.data_from_answers(draft.answers, prefix=step)
        form = form_class(data=MultiValueDict(data), prefix=step, **kwargs)
        assert form.is_valid(), (draft.public_id, step, form.errors)


# --- the tests -------------------------------------------------------------------------------


def test_the_corpus_has_more_than_500_inputs():
    assert len(CORPUS) >= 500


@override_settings(AXES_FAILURE_LIMIT=10**6)
def test_every_form_answers_hostile_input_with_messages_and_stores_only_valid_data(site):
    users_before = list(User.objects.order_by("pk").values_list("pk", "username", "password"))
    checker = Checker()
    targets = _targets(site)
    for client in ("drafter", "reviewer", "anonymous"):
        site[client].raise_request_exception = True  # a server error fails the test loudly

    for index, payload in enumerate(CORPUS):
        checker.response(targets[index % len(targets)](payload), payload)

    for draft in CreditRequestDraft.objects.all():
        draft.full_clean()
        _check_wizard_answers(draft)
    assert list(User.objects.order_by("pk").values_list("pk", "username", "password")) == (
        users_before
    )
    assert checker.requests == len(CORPUS)
    assert checker.escaped_echoes > 50  # the pages do show the payloads back, escaped


def test_percent_encoded_garbage_and_invalid_utf8_in_query_strings_never_fail(site):
    checker = Checker()
    public_id = site["wizard"]["customer"]
    paths = [
        ("drafter", reverse("drafts:home")),
        ("reviewer", reverse("drafts:review_queue")),
        ("reviewer", reverse("drafts:review_queue_csv")),
        ("drafter", step_url(public_id, "customer")),
        ("drafter", reverse("wizard:start")),
        ("anonymous", reverse("login")),
    ]
    for (client, path), query in itertools.product(paths, RAW_QUERIES):
        checker.response(site[client].get(f"{path}?{query}"), "<script>alert(1)</script>")


def test_invalid_utf8_in_form_bodies_is_a_message_not_an_error(site):
    public_id = site["wizard"]["customer"]
    prefix = f"draft_{public_id.hex}-current_step=customer"
    bodies = [
        b"&customer-customer_name=%ff%fe%fd",
        b"&customer-customer_name=\xff\xfe\xfd",
        b"&customer-customer_name=%c0%80&customer-partner_reference=%ed%a0%80",
        b"&customer-customer_name=%00%00",
        b"&customer-customer_name=%",
    ]
    checker = Checker()
    for body in bodies:
        response = site["drafter"].post(
            step_url(public_id, "customer"),
            prefix.encode() + body,
            content_type="application/x-www-form-urlencoded",
        )
        checker.response(response)
    for body in [b"username=%ff%fe&password=%ff", b"username=\xff&password=\xfe", b"%%%"]:
        response = site["anonymous"].post(
            reverse("login"), body, content_type="application/x-www-form-urlencoded"
        )
        checker.response(response)
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    draft.full_clean()
    _check_wizard_answers(draft)
    assert "\x00" not in draft.customer_name
