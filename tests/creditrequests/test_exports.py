"""Downloads: Details text, a deadline as .ics, and the personal calendar feed."""

from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from creditrequests.drafts import ical
from creditrequests.models import DraftStatus
from tests.factories import DraftFactory, EligibleDraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_details_text_downloads_as_a_utf8_text_file(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter, customer_name="Åre Skidor AB")
    response = drafter_client.get(reverse("drafts:details_txt", args=[draft.public_id]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.decode("utf-8") == draft.details_text + "\n"
    assert "Customer: Åre Skidor AB" in response.content.decode("utf-8")


def test_a_draft_without_details_text_has_nothing_to_download(drafter_client, drafter):
    draft = DraftFactory(owner=drafter)
    assert (
        drafter_client.get(reverse("drafts:details_txt", args=[draft.public_id])).status_code == 404
    )


def test_the_deadline_downloads_as_an_all_day_calendar_event(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter, customer_name="Contoso; Fabrikam, Ltd")
    response = drafter_client.get(reverse("drafts:deadline_ics", args=[draft.public_id]))
    body = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert f"DTSTART;VALUE=DATE:{draft.deadline:%Y%m%d}\r\n" in body
    assert f"DTEND;VALUE=DATE:{draft.deadline + timedelta(days=1):%Y%m%d}\r\n" in body
    assert f"UID:{draft.public_id}@credit-request-wizard" in body
    unfolded = body.replace("\r\n ", "")
    assert "Contoso\\; Fabrikam\\, Ltd" in unfolded


def test_a_draft_without_a_deadline_has_no_calendar_event(drafter_client, drafter):
    draft = DraftFactory(owner=drafter, deadline=None)
    assert (
        drafter_client.get(reverse("drafts:deadline_ics", args=[draft.public_id])).status_code
        == 404
    )


def _parsed(body: str):
    return icalendar.Calendar.from_ical(body)


def test_the_deadline_event_reminds_two_days_before_at_nine():
    event = ical.DeadlineEvent(uid="1@x", day=date(2026, 3, 31), summary="S", reminder="Soon")
    alarm = _parsed(ical.calendar([event], name="N", now=timezone.now())).walk("VALARM")[0]
    assert alarm["ACTION"] == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Soon"
    assert alarm["TRIGGER"].dt == -timedelta(days=1, hours=15)


def test_calendar_text_with_separators_and_long_lines_round_trips():
    summary = "Contoso; Fabrikam, Ltd\\n" + "å" * 100
    body = ical.calendar(
        [ical.DeadlineEvent(uid="1@x", day=date(2026, 3, 1), summary=summary)],
        name="N",
        now=timezone.now(),
    )
    assert all(len(line.encode("utf-8")) <= 75 for line in body.split("\r\n"))
    assert str(_parsed(body).walk("VEVENT")[0]["SUMMARY"]) == summary


def test_the_deadline_event_is_in_the_users_language(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    response = drafter_client.get(
        reverse("drafts:deadline_ics", args=[draft.public_id]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    event = _parsed(response.content.decode()).walk("VEVENT")[0]
    assert event["SUMMARY"].params["LANGUAGE"] == "sv"
    assert str(event["SUMMARY"]).startswith("Sista dag för kreditbegäran")
    assert event.walk("VALARM")


def test_the_feed_follows_the_language_its_owner_chose(client, drafter):
    drafter.language = "sv"
    drafter.save(update_fields=["language"])
    EligibleDraftFactory(owner=drafter)
    token = drafter.regenerate_calendar_token()
    body = client.get(reverse("drafts:calendar_feed", args=[token])).content.decode()
    assert str(_parsed(body).walk("VEVENT")[0]["SUMMARY"]).startswith("Sista dag för kreditbegäran")


def test_a_calendar_has_one_event_per_deadline():
    events = [ical.DeadlineEvent(uid=f"{n}@x", day=date(2026, 3, n), summary="S") for n in (1, 2)]
    body = ical.calendar(events, name="N", now=timezone.now())
    assert body.count("BEGIN:VEVENT") == 2
    assert "DTSTAMP:" in body


def test_the_calendar_page_creates_and_revokes_the_secret_address(drafter_client, drafter):
    page = reverse("drafts:calendar")
    assert "Create my calendar address" in drafter_client.get(page).content.decode()
    drafter_client.post(reverse("drafts:calendar_token"), {"operation": "create"})
    drafter.refresh_from_db()
    token = drafter.calendar_token
    assert len(token) >= 40
    feed = reverse("drafts:calendar_feed", args=[token])
    assert feed in drafter_client.get(page).content.decode()
    drafter_client.post(reverse("drafts:calendar_token"), {"operation": "revoke"})
    drafter.refresh_from_db()
    assert drafter.calendar_token == ""
    assert drafter_client.get(feed).status_code == 404


def test_a_new_address_makes_the_old_one_stop_working(client, drafter):
    old = drafter.regenerate_calendar_token()
    new = drafter.regenerate_calendar_token()
    assert client.get(reverse("drafts:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("drafts:calendar_feed", args=[new])).status_code == 200


def test_the_feed_lists_the_drafters_open_deadlines_only(client, drafter, organisation):
    mine = EligibleDraftFactory(owner=drafter, customer_name="Mine AB")
    EligibleDraftFactory(owner=drafter, customer_name="Filed AB", status=DraftStatus.FILED)
    EligibleDraftFactory(owner=drafter, customer_name="Nodate AB", deadline=None)
    EligibleDraftFactory(owner=UserFactory(organisation=organisation), customer_name="Colleague AB")
    EligibleDraftFactory(customer_name="Stranger AB")
    token = drafter.regenerate_calendar_token()
    body = client.get(reverse("drafts:calendar_feed", args=[token])).content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert str(mine.public_id) in body


def test_a_reviewers_feed_has_every_open_deadline_of_their_organisation(client, organisation):
    reviewer = ReviewerFactory(organisation=organisation)
    for _ in range(2):
        EligibleDraftFactory(owner=UserFactory(organisation=organisation))
    EligibleDraftFactory()  # another organisation
    body = client.get(
        reverse("drafts:calendar_feed", args=[reviewer.regenerate_calendar_token()])
    ).content.decode()
    assert body.count("BEGIN:VEVENT") == 2


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 200])
def test_an_unknown_or_short_token_is_a_404(client, drafter, token):
    drafter.regenerate_calendar_token()
    assert client.get(reverse("drafts:calendar_feed", args=[token])).status_code == 404


def test_a_deactivated_users_feed_stops_working(client, drafter):
    token = drafter.regenerate_calendar_token()
    drafter.is_active = False
    drafter.save()
    assert client.get(reverse("drafts:calendar_feed", args=[token])).status_code == 404


def test_the_feed_is_not_cached(client, drafter):
    token = drafter.regenerate_calendar_token()
    response = client.get(reverse("drafts:calendar_feed", args=[token]))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
