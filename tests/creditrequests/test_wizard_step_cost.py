"""What one wizard step costs: the queries and writes a step's GET or POST does not need.

Counts, never timings: `make bench` and `make profile` give the figures (issue 13).
"""

import datetime
import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext

from creditrequests.models import CreditRequestDraft
from creditrequests.wizard import views
from tests.creditrequests.test_wizard_flows import (
    CUSTOMER,
    complete_wizard,
    fill_common_steps,
    start,
    step_url,
    submit,
)


def queries_on(table, captured):
    return [query["sql"] for query in captured if f'"{table}"' in query["sql"]]


def test_a_valid_customer_step_post_does_not_list_the_customer_directory(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    with CaptureQueriesContext(connection) as captured:
        response = submit(drafter_client, public_id, "customer", CUSTOMER)

    assert response.status_code == 302
    assert queries_on("creditrequests_customer", captured) == []


def test_showing_the_customer_step_still_lists_the_customer_directory(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    with CaptureQueriesContext(connection) as captured:
        response = drafter_client.get(step_url(public_id, "customer"))

    assert response.status_code == 200
    assert len(queries_on("creditrequests_customer", captured)) == 1


def test_a_double_click_is_no_conflict_and_reads_no_history(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    shown = CreditRequestDraft.objects.get(public_id=public_id).version
    submit(drafter_client, public_id, "customer", CUSTOMER, extra={"draft_version": str(shown)})

    with CaptureQueriesContext(connection) as captured:
        response = submit(
            drafter_client, public_id, "customer", CUSTOMER, extra={"draft_version": str(shown)}
        )

    assert response.status_code == 302
    history_reads = [
        sql
        for sql in queries_on("creditrequests_historicalcreditrequestdraft", captured)
        if sql.startswith("SELECT")
    ]
    assert history_reads == []


def test_posting_a_step_again_unchanged_saves_no_session(drafter_client, monkeypatch):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    saves = []
    original = SessionStore.save
    monkeypatch.setattr(
        SessionStore, "save", lambda self, *a, **k: saves.append(1) or original(self, *a, **k)
    )

    response = submit(drafter_client, public_id, "customer", CUSTOMER)

    assert response.status_code == 302
    assert saves == []
    assert CreditRequestDraft.objects.get(public_id=public_id).customer_name == "Contoso Ltd"


def test_posting_a_step_with_new_answers_saves_the_session(drafter_client, monkeypatch):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    saves = []
    original = SessionStore.save
    monkeypatch.setattr(
        SessionStore, "save", lambda self, *a, **k: saves.append(1) or original(self, *a, **k)
    )

    submit(drafter_client, public_id, "customer", dict(CUSTOMER, customer_name="Fabrikam"))

    assert saves == [1]
    stored = drafter_client.session[f"wizard_draft_{public_id.hex}"]
    assert stored["step_data"]["customer"]["customer-customer_name"] == ["Fabrikam"]


def test_a_step_post_evaluates_the_answers_once(drafter_client, monkeypatch):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    calls = []
    original = views.evaluate_answers
    monkeypatch.setattr(
        views, "evaluate_answers", lambda *a, **k: calls.append(1) or original(*a, **k)
    )

    response = submit(drafter_client, public_id, "customer", dict(CUSTOMER, customer_name="X"))

    assert response.status_code == 302
    assert calls == [1]


@pytest.mark.parametrize(
    "credit_type", ["technical_issue", "service_outage", "accidental_purchase"]
)
def test_showing_any_step_reads_the_draft_once(drafter_client, credit_type):
    public_id = complete_wizard(drafter_client, credit_type)
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    draft.status = "draft"
    draft.save()

    for step in ["requester", "credit-type", "customer", *draft.completed_steps]:
        with CaptureQueriesContext(connection) as captured:
            response = drafter_client.get(step_url(public_id, step))
        assert response.status_code == 200, step
        assert len(queries_on("creditrequests_creditrequestdraft", captured)) == 1, step


def draft_and_history(public_id):
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    return draft.version, draft.history.count()


def test_posting_a_step_again_unchanged_writes_no_draft_and_no_history(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    before = draft_and_history(public_id)

    with CaptureQueriesContext(connection) as captured:
        response = submit(drafter_client, public_id, "customer", CUSTOMER)

    assert response.status_code == 302
    assert draft_and_history(public_id) == before
    writes = [
        sql
        for sql in captured
        if sql["sql"].startswith(("UPDATE", "INSERT")) and "creditrequest" in sql["sql"]
    ]
    assert writes == []


def test_posting_new_answers_saves_a_new_version_with_its_history(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    version, records = draft_and_history(public_id)

    submit(drafter_client, public_id, "customer", dict(CUSTOMER, partner_reference="CASE-7"))

    assert draft_and_history(public_id) == (version + 1, records + 1)
    assert CreditRequestDraft.objects.get(public_id=public_id).reference == "CASE-7"


def test_the_same_answers_saved_on_a_later_day_are_judged_again(drafter_client, monkeypatch):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    version, _records = draft_and_history(public_id)
    judged = CreditRequestDraft.objects.get(public_id=public_id).evaluated_on
    tomorrow = judged + datetime.timedelta(days=1)
    monkeypatch.setattr(views, "request_date", lambda: tomorrow)

    submit(drafter_client, public_id, "customer", CUSTOMER)

    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert (draft.version, draft.evaluated_on) == (version + 1, tomorrow)


def test_a_save_writes_only_the_changed_columns_and_a_whole_history_record(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    with CaptureQueriesContext(connection) as captured:
        submit(drafter_client, public_id, "customer", dict(CUSTOMER, partner_reference="C-9"))

    (update,) = [
        q["sql"]
        for q in captured
        if q["sql"].startswith('UPDATE "creditrequests_creditrequestdraft"')
    ]
    columns = set(re.findall(r'"(\w+)" = ', update.split(" WHERE ")[0]))
    assert {"reference", "answers", "version", "updated_at"} <= columns
    assert not {"customer_name", "credit_type", "owner_id", "status"} & columns
    record = CreditRequestDraft.objects.get(public_id=public_id).history.first()
    assert (record.reference, record.customer_name) == ("C-9", "Contoso Ltd")


def test_the_history_manager_class_is_built_once():
    draft = CreditRequestDraft()
    assert type(draft.history) is type(CreditRequestDraft().history)
