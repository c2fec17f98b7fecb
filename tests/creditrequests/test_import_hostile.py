"""import_drafts against hostile files: one clear line naming the draft and field, nothing written.

Each case starts from a real export (a closed draft with its history and an unfinished
draft), breaks one thing, and imports it into an empty database.
"""

import copy
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from creditrequests import services
from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft
from tests.factories import (
    DraftFactory,
    EligibleDraftFactory,
    OrganisationFactory,
    ReviewerFactory,
    UserFactory,
)

History = CreditRequestDraft.history.model


@pytest.fixture
def exported(organisation, drafter, reviewer):
    """A valid export of a closed draft and an unfinished one, then an empty database."""
    UserFactory(username="stranger", organisation=OrganisationFactory(name="Other AB"))
    ReviewerFactory(username="their-reviewer", organisation=OrganisationFactory(name="Other AB"))
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    draft = services.approve(draft, by=reviewer)
    draft = services.record_filing(draft, by=drafter, ticket="PC-1", filed_on=request_date())
    services.close_credited(draft, by=drafter, amount="100.00")
    DraftFactory(owner=drafter)
    out = io.StringIO()
    call_command("export_drafts", stdout=out, stderr=io.StringIO())
    CreditRequestDraft.objects.all().delete()
    History.objects.all().delete()
    document = json.loads(out.getvalue())
    closed = next(d for d in document["drafts"] if d["status"] == "closed")
    document["drafts"] = [closed] + [d for d in document["drafts"] if d is not closed]
    return document


def _set(field, value, draft=0):
    def change(document):
        document["drafts"][draft][field] = value

    return change


def _set_answer(key, value):
    def change(document):
        document["drafts"][0]["answers"][key] = value

    return change


def _set_history(field, value, row=0):
    def change(document):
        document["drafts"][0]["history"][row][field] = value

    return change


def _nested(depth):
    value = "deep"
    for _ in range(depth):
        value = [value]
    return value


def _duplicate_public_id(document):
    document["drafts"].append(copy.deepcopy(document["drafts"][0]))


def _replace_history_row(document):
    document["drafts"][0]["history"][0] = 42


def _drafts_as_object(document):
    document["drafts"] = {"0": document["drafts"][0]}


def _draft_as_list(document):
    document["drafts"][1] = [document["drafts"][1]]


def _approved_by_own_owner(document):
    draft = document["drafts"][0]
    draft["reviewed_by"] = draft["owner"]


def _filed_before_approval(document):
    draft = document["drafts"][0]
    draft["filed_on"] = "2001-01-01"


def _reopened_without_ticket(document):
    document["drafts"][0]["partner_center_ticket"] = ""


def _missing_status(document):
    del document["drafts"][1]["status"]


# (case id, change to the document, the field the message must name)
CASES = [
    ("history-is-a-string", _set("history", "not a list"), "history"),
    ("history-row-is-a-number", _replace_history_row, "history row 1"),
    ("history-type-unknown", _set_history("history_type", "x"), "history_type"),
    ("history-date-not-a-date", _set_history("history_date", "yesterday"), "history_date"),
    ("history-row-newer-than-draft", _set_history("version", 999), "version"),
    ("impossible-date", _set("deadline", "2026-02-30"), "deadline"),
    ("year-one-filing-date", _set("filed_on", "0001-01-01"), "filed_on"),
    ("filed-before-approval", _filed_before_approval, "filed_on"),
    ("datetime-without-zone", _set("submitted_at", "2026-03-01T10:00:00"), "submitted_at"),
    ("huge-version", _set("version", 10**30), "version"),
    ("negative-version", _set("version", -1), "version"),
    ("version-as-text", _set("version", "7"), "version"),
    ("version-as-boolean", _set("version", True), "version"),
    ("same-public-id-twice", _duplicate_public_id, "public_id"),
    ("public-id-not-a-uuid", _set("public_id", "not-a-uuid"), "public_id"),
    ("public-id-a-number", _set("public_id", 12345), "public_id"),
    ("status-hacked", _set("status", "hacked"), "status"),
    ("status-empty", _set("status", ""), "status"),
    ("missing-status", _missing_status, "status"),
    ("approved-by-its-own-owner", _approved_by_own_owner, "reviewed_by"),
    ("owner-from-another-organisation", _set("owner", "stranger"), "owner"),
    ("reviewer-from-another-organisation", _set("reviewed_by", "their-reviewer"), "reviewed_by"),
    ("closed-without-a-ticket", _reopened_without_ticket, "filed_on"),
    ("answers-a-string", _set("answers", "credit please"), "answers"),
    ("answers-a-list", _set("answers", ["service_outage"]), "answers"),
    ("answer-of-the-wrong-type", _set_answer("incident_date", 20260215), "answers"),
    ("answer-credit-type-unknown", _set_answer("credit_type", "free_money"), "answers"),
    ("answers-nested-deep", _set_answer("tenant_domains", _nested(50)), "answers"),
    ("completed-steps-an-object", _set("completed_steps", {"a": 1}), "completed_steps"),
    ("amount-not-a-number", _set("amount", "a lot"), "amount"),
    ("amount-infinite", _set("amount", "Infinity"), "amount"),
    ("amount-too-many-digits", _set("amount", "123456789012345678.00"), "amount"),
    ("amount-as-float", _set("amount", 12.5), "amount"),
    ("customer-name-too-long", _set("customer_name", "x" * 10_000), "customer_name"),
    ("text-field-a-number", _set("details_text", 12), "details_text"),
    ("nul-in-text", _set("review_comment", "ok\x00"), "review_comment"),
    (
        "bidi-override-in-name",
        _set("customer_name", "Contoso \u202egnp.exe\u202c"),
        "customer_name",
    ),
    ("zero-width-in-reference", _set("reference", "CR\u200b-1"), "reference"),
    (
        "line-separator-in-ticket",
        _set("partner_center_ticket", "PC\u2028-1"),
        "partner_center_ticket",
    ),
    ("c1-control-in-comment", _set("review_comment", "ok\x85\x9b31m"), "review_comment"),
    ("bidi-in-an-answer", _set_answer("customer_name", "\u202eContoso"), "answers"),
    ("eligible-as-text", _set("eligible", "yes"), "eligible"),
    ("credit-type-null", _set("credit_type", None), "credit_type"),
    ("owner-not-a-name", _set("owner", {"username": "anna"}), "owner"),
    ("drafts-an-object", _drafts_as_object, None),
    ("draft-a-list", _draft_as_list, None),
]


def _import(tmp_path, text):
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    call_command("import_drafts", str(path), stdout=io.StringIO())


def _assert_refused_cleanly(error, field):
    message = str(error.value)
    assert "\n" not in message
    assert "Traceback" not in message
    if field:
        assert field in message


def _nothing_written():
    return not CreditRequestDraft.objects.exists() and not History.objects.exists()


def test_the_corpus_has_at_least_22_hostile_files():
    assert len(CASES) + len(RAW_CASES) >= 22


def test_the_untouched_export_imports(exported, tmp_path):
    _import(tmp_path, json.dumps(exported))
    assert CreditRequestDraft.objects.count() == 2


@pytest.mark.parametrize(("change", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_hostile_file_is_refused_with_one_line_and_nothing_is_written(
    exported, tmp_path, change, field
):
    change(exported)
    with pytest.raises(CommandError) as error:
        _import(tmp_path, json.dumps(exported))
    _assert_refused_cleanly(error, field)
    assert _nothing_written()


def _raw_deep_nesting(text):
    return text.replace('"drafts": [', '"drafts": [' + "[" * 100_000 + "]" * 100_000 + ",", 1)


def _raw_nan(text):
    return text.replace('"version": ', '"version": NaN, "x": ', 1)


def _raw_huge_integer(text):
    return text.replace('"version": ', '"version": 1' + "0" * 5000 + ', "x": ', 1)


RAW_CASES = [
    ("nested-100000-deep", _raw_deep_nesting),
    ("nan-constant", _raw_nan),
    ("integer-of-5000-digits", _raw_huge_integer),
]


@pytest.mark.parametrize("change", [c[1] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES])
def test_a_file_json_cannot_read_safely_is_refused_and_nothing_is_written(
    exported, tmp_path, change
):
    with pytest.raises(CommandError) as error:
        _import(tmp_path, change(json.dumps(exported)))
    _assert_refused_cleanly(error, None)
    assert _nothing_written()
