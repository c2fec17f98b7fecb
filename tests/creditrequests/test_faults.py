"""Faults a draft must survive: the database failing mid-request, double submits, lost sessions.

The same faults against gunicorn on PostgreSQL (a real restart mid-load, two threads
submitting at once) are scripted in bench/faults.py (`make faults`, docs/faults.md).
"""

from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from creditrequests.models import CreditRequestDraft
from tests.creditrequests.test_wizard_flows import (
    CUSTOMER,
    FLOWS,
    complete_wizard,
    fill_common_steps,
    start,
    step_url,
    submit,
)
from tests.factories import TEST_PASSWORD

FRIENDLY_503 = "Everything you saved before is safe"


def _failing(table: str, verb: str):
    """An execute wrapper that fails like a lost connection on `verb ... table` statements."""

    def wrapper(execute, sql, params, many, context):
        if table in sql and sql.lstrip().upper().startswith(verb):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def _saved(public_id) -> tuple:
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    return draft.version, draft.answers, draft.completed_steps, draft.current_step


def test_a_database_error_during_a_wizard_post_is_a_503_and_the_saved_draft_is_intact(
    drafter_client,
):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    before = _saved(public_id)
    drafter_client.raise_request_exception = False

    with connection.execute_wrapper(_failing("creditrequests_creditrequestdraft", "UPDATE")):
        response = submit(drafter_client, public_id, *FLOWS["technical_issue"][0])

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert FRIENDLY_503 in body and "Traceback" not in body
    assert _saved(public_id) == before


def test_after_the_database_is_back_the_same_post_continues_the_draft(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    drafter_client.raise_request_exception = False
    with connection.execute_wrapper(_failing("creditrequests_creditrequestdraft", "UPDATE")):
        submit(drafter_client, public_id, *FLOWS["technical_issue"][0])

    response = submit(drafter_client, public_id, *FLOWS["technical_issue"][0])

    assert response.status_code == 302
    assert response["Location"] == step_url(public_id, "evidence")
    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.answers["customer_name"] == CUSTOMER["customer_name"]
    assert "issue" in draft.completed_steps


def test_a_database_error_while_reading_the_session_is_a_503(drafter_client, drafter):
    drafter_client.raise_request_exception = False
    with connection.execute_wrapper(_failing("django_session", "SELECT")):
        response = drafter_client.get(reverse("drafts:home"))
    assert response.status_code == 503
    assert FRIENDLY_503 in response.content.decode()


def test_a_database_error_while_saving_the_session_is_a_503_not_a_400(drafter_client):
    public_id = start(drafter_client)
    drafter_client.raise_request_exception = False
    with connection.execute_wrapper(_failing("django_session", "UPDATE")):
        response = submit(drafter_client, public_id, "requester", FLOWS_REQUESTER)
    assert response.status_code == 503


FLOWS_REQUESTER = {"role": "admin_agent", "partner_type": "direct"}


# --- double submit -------------------------------------------------------------------------


def test_the_final_step_from_two_tabs_keeps_one_finished_draft(drafter_client, drafter):
    public_id = complete_wizard(drafter_client, "technical_issue")
    other_tab = Client()
    other_tab.login(username=drafter.username, password=TEST_PASSWORD)

    again = submit(other_tab, public_id, "check", {})

    assert again.status_code == 302
    assert again["Location"] == reverse("wizard:result", args=[public_id])
    assert CreditRequestDraft.objects.count() == 1
    assert "check" in CreditRequestDraft.objects.get().completed_steps


def test_a_replayed_first_post_of_a_new_draft_creates_it_once(drafter_client):
    public_id = start(drafter_client)

    first = submit(drafter_client, public_id, "requester", FLOWS_REQUESTER)
    replay = submit(drafter_client, public_id, "requester", FLOWS_REQUESTER)

    assert first.status_code == replay.status_code == 302
    assert CreditRequestDraft.objects.filter(public_id=public_id).count() == 1
    assert CreditRequestDraft.objects.count() == 1


# --- session expiry ------------------------------------------------------------------------


def test_a_session_that_expires_mid_wizard_loses_nothing_from_completed_steps(client, drafter):
    client.login(username=drafter.username, password=TEST_PASSWORD)
    public_id = start(client)
    fill_common_steps(client, public_id, "service_outage")
    incident, tenant, evidence = FLOWS["service_outage"][:3]
    submit(client, public_id, *incident)
    submit(client, public_id, *tenant)
    Session.objects.all().delete()  # the session expired (or was cleared) on the server

    lost = submit(client, public_id, *evidence)
    assert lost.status_code == 302
    assert lost["Location"].startswith(reverse("login"))

    client.login(username=drafter.username, password=TEST_PASSWORD)
    assert "Contoso Ltd" in client.get(reverse("drafts:home")).content.decode()
    resumed = client.get(reverse("wizard:resume", args=[public_id]))
    assert resumed["Location"] == step_url(public_id, "outage-evidence")
    page = client.get(step_url(public_id, "outage-incident")).content.decode()
    for name, value in incident[1].items():
        if name not in {"advisory", "outage_id"}:
            assert str(value) in page, name
    assert 'value="EX25194"' in page
    page = client.get(step_url(public_id, "outage-tenant")).content.decode()
    assert f'value="{tenant[1]["tenant_id"]}"' in page
    assert "contoso.com\ncontoso.onmicrosoft.com" in page
    customer = client.get(step_url(public_id, "customer")).content.decode()
    assert 'value="Contoso Ltd"' in customer and 'value="CASE-42"' in customer
    finished = submit(client, public_id, *evidence)
    assert finished["Location"] == step_url(public_id, "outage-impact")


# --- health checks -------------------------------------------------------------------------


def test_liveness_answers_without_touching_the_database(client):
    # No `db` fixture: any query (session, user, cache) would raise here.
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_liveness_stays_up_while_the_database_is_down(client, db):
    with connection.execute_wrapper(_failing("", "")):
        assert client.get("/health/live/").status_code == 200


def test_readiness_runs_select_1(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/ready/")
    assert response.status_code == 200


def test_readiness_is_503_while_the_database_is_down(client, db):
    with connection.execute_wrapper(_failing("SELECT 1", "SELECT")):
        response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_health_checks_refuse_post(client, db):
    assert client.post("/health/ready/").status_code == 405


def test_health_checks_answer_plain_http_even_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/ready/").status_code == 200
    assert client.get(reverse("drafts:home")).status_code == 301
