"""Typed input is never lost: saved for later as typed, length limits refused, not cut."""

from django.urls import reverse

from creditrequests.models import CreditRequestDraft
from tests.creditrequests.test_wizard_flows import (
    FLOWS,
    days_ago,
    fill_common_steps,
    start,
    step_url,
    submit,
)
from tests.factories import TEST_PASSWORD

INCIDENT = dict(FLOWS["service_outage"][0][1])


def save_incident_for_later(client, public_id, **changes):
    return submit(
        client,
        public_id,
        "outage-incident",
        {**INCIDENT, **changes},
        extra={"save_later": "1"},
    )


def test_save_for_later_keeps_an_invalid_outage_id_as_typed(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")

    save_incident_for_later(drafter_client, public_id, outage_id="EX-bad")

    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.unsaved_input["outage-incident"]["outage-incident-outage_id"] == ["EX-bad"]


def test_save_for_later_still_saves_the_valid_answers_beside_an_invalid_one(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")

    save_incident_for_later(drafter_client, public_id, outage_id="EX-bad")

    draft = CreditRequestDraft.objects.get(public_id=public_id)
    assert draft.answers["incident_date"] == INCIDENT["incident_date"]
    assert "outage_id" not in draft.answers


def test_resuming_in_a_new_session_shows_what_was_typed_with_its_errors(client, drafter):
    client.login(username=drafter.username, password=TEST_PASSWORD)
    public_id = start(client)
    fill_common_steps(client, public_id, "service_outage")
    save_incident_for_later(client, public_id, outage_id="EX-bad", incident_date=days_ago(-1))
    client.logout()
    client.login(username=drafter.username, password=TEST_PASSWORD)

    response = client.get(reverse("wizard:resume", args=[public_id]), follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == step_url(public_id, "outage-incident")
    assert 'value="EX-bad"' in page and f'value="{days_ago(-1)}"' in page
    assert "There is a problem" in page
    assert 'id="id_outage-incident-outage_id_error"' in page
    assert 'id="id_outage-incident-incident_date_error"' in page


def test_a_valid_save_forgets_the_input_kept_for_that_step(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")
    save_incident_for_later(drafter_client, public_id, outage_id="EX-bad")

    submit(drafter_client, public_id, "outage-incident", INCIDENT)

    assert CreditRequestDraft.objects.get(public_id=public_id).unsaved_input == {}


def test_an_answer_over_the_limit_is_refused_with_its_length_never_cut(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")
    answers = dict(FLOWS["technical_issue"][0][1], description="x" * 11_799)

    response = submit(drafter_client, public_id, "issue", answers)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Shorten this answer to 2000 characters or fewer (it has 11799)." in page
    assert "x" * 11_799 in page


def test_text_fields_show_their_limit_instead_of_a_maxlength_that_cuts(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "technical_issue")

    page = drafter_client.get(step_url(public_id, "issue")).content.decode()

    assert "maxlength" not in page
    assert 'data-count-limit="2000"' in page
    assert "Up to 2000 characters." in page


def switch_language(client, public_id, step, answers, language="sv"):
    return submit(
        client,
        public_id,
        step,
        answers,
        extra={"language": language, "switch_language": "1"},
    )


def test_switching_language_mid_step_keeps_what_was_typed(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")

    response = switch_language(
        drafter_client,
        public_id,
        "outage-incident",
        {"outage_id": "EX-bad", "incident_date": days_ago(3)},
    )

    assert response["Location"] == step_url(public_id, "outage-incident")
    page = drafter_client.get(response["Location"]).content.decode()
    assert '<html lang="sv">' in page
    assert 'value="EX-bad"' in page and f'value="{days_ago(3)}"' in page
    assert "error-summary" not in page


def test_switching_language_remembers_it_for_the_persons_mails(drafter_client, drafter):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")

    switch_language(drafter_client, public_id, "outage-incident", {"outage_id": "EX1"})

    drafter.refresh_from_db()
    assert drafter.language == "sv"


def test_enter_in_a_field_with_the_language_unchanged_saves_the_step(drafter_client):
    public_id = start(drafter_client)
    fill_common_steps(drafter_client, public_id, "service_outage")

    response = switch_language(drafter_client, public_id, "outage-incident", INCIDENT, "en")

    assert response["Location"] == step_url(public_id, "outage-tenant")
    assert "outage-incident" in CreditRequestDraft.objects.get(public_id=public_id).completed_steps
