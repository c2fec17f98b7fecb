"""My drafts and the draft page: what the owner sees and the moves they make there."""

from datetime import timedelta

import pytest
from django.urls import reverse

from creditrequests import services
from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft, CreditType, DraftStatus
from tests.factories import DraftFactory, EligibleDraftFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db
HOME = reverse("drafts:home")


def _today():
    return request_date()


def _draft(owner, days=None, **columns):
    deadline = None if days is None else _today() + timedelta(days=days)
    return DraftFactory(owner=owner, deadline=deadline, **columns)


def _listed(response):
    return [row.draft.pk for row in response.context["rows"]]


def test_my_drafts_lists_only_the_users_own_drafts(drafter_client, drafter, organisation):
    mine = _draft(drafter, 10)
    _draft(UserFactory(organisation=organisation), 10)
    _draft(UserFactory(), 10)
    assert _listed(drafter_client.get(HOME)) == [mine.pk]


def test_my_drafts_are_sorted_overdue_first_then_nearest_deadline_then_none(
    drafter_client, drafter
):
    no_deadline = _draft(drafter, None)
    later = _draft(drafter, 40)
    overdue = _draft(drafter, -3)
    soon = _draft(drafter, 2)
    filed = _draft(drafter, -50, status=DraftStatus.FILED)  # met: its deadline no longer counts
    listed = _listed(drafter_client.get(HOME))
    assert listed[:3] == [overdue.pk, soon.pk, later.pk]
    assert set(listed[3:]) == {filed.pk, no_deadline.pk}


def test_a_closed_window_and_due_within_seven_days_are_marked(drafter_client, drafter):
    _draft(drafter, -3, customer_name="Late Ltd")
    _draft(drafter, 7, customer_name="Soon Ltd")
    _draft(drafter, 8, customer_name="Later Ltd")
    html = drafter_client.get(HOME).content.decode()
    closed_on = _today() - timedelta(days=3)
    assert f"Window closed {closed_on.day} {closed_on:%b %Y}" in html
    assert html.count("tag-soon") == 1
    assert "7 days left" in html
    assert "8 days left" in html


def test_a_deadline_today_says_due_today(drafter_client, drafter):
    _draft(drafter, 0)
    assert "Due today" in drafter_client.get(HOME).content.decode()


def test_my_drafts_filter_by_status(drafter_client, drafter):
    ready = _draft(drafter, 5, status=DraftStatus.READY_FOR_REVIEW)
    _draft(drafter, 5)
    assert _listed(drafter_client.get(HOME, {"status": "ready_for_review"})) == [ready.pk]


def test_my_drafts_filter_by_credit_type(drafter_client, drafter):
    duplicate = _draft(drafter, 5, credit_type=CreditType.DUPLICATE_ORDER)
    _draft(drafter, 5, credit_type=CreditType.SERVICE_OUTAGE)
    assert _listed(drafter_client.get(HOME, {"credit_type": "duplicate_order"})) == [duplicate.pk]


def test_my_drafts_search_by_customer_or_reference(drafter_client, drafter):
    by_customer = _draft(drafter, 5, customer_name="Tailspin Toys")
    by_reference = _draft(drafter, 6, reference="TAIL-77")
    _draft(drafter, 7, customer_name="Contoso", reference="X-1")
    assert _listed(drafter_client.get(HOME, {"q": "tail"})) == [by_customer.pk, by_reference.pk]


def test_an_unknown_filter_value_is_ignored_not_an_error(drafter_client, drafter):
    draft = _draft(drafter, 5)
    response = drafter_client.get(HOME, {"status": "nonsense", "page": "abc"})
    assert response.status_code == 200
    assert _listed(response) == [draft.pk]


def test_my_drafts_are_paginated_and_pages_keep_the_filters(drafter_client, drafter):
    for days in range(30):
        _draft(drafter, days, customer_name="Paged AB")
    first = drafter_client.get(HOME, {"q": "Paged"})
    assert len(first.context["rows"]) == 25
    assert "?q=Paged&amp;page=2" in first.content.decode()
    second = drafter_client.get(HOME, {"q": "Paged", "page": 2})
    assert len(second.context["rows"]) == 5


def test_my_drafts_shows_status_type_customer_and_amount(drafter_client, drafter):
    EligibleDraftFactory(owner=drafter)
    html = drafter_client.get(HOME).content.decode()
    for text in ["Draft", "Service outage (SLA)", "Contoso Ltd", "1250.00 EUR"]:
        assert text in html


@pytest.mark.parametrize("count", [5, 50])
def test_my_drafts_takes_a_constant_number_of_queries(
    client, drafter, django_assert_num_queries, count
):
    for days in range(count):
        _draft(drafter, days)
    client.force_login(drafter)
    # session, user, urgency counts, paginator count, page of drafts
    with django_assert_num_queries(5):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_searching_my_drafts_takes_a_constant_number_of_queries(
    client, drafter, django_assert_num_queries, count
):
    for days in range(count):
        _draft(drafter, days, customer_name=f"Contoso {days}")
    client.force_login(drafter)
    # session, user, urgency counts, paginator count, page of drafts
    with django_assert_num_queries(5):
        response = client.get(HOME, {"q": "contoso"})
    assert len(_listed(response)) == min(count, 25)


def test_the_search_indexes_exist_where_the_database_can_use_them(db):
    """Trigram indexes (migration 0011) on PostgreSQL; SQLite has no such index type."""
    from django.db import connection

    from creditrequests.models import CreditRequestDraft

    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, CreditRequestDraft._meta.db_table)
    expected = {"draft_customer_name_trgm", "draft_reference_trgm"}
    found = {name for name in names if name.endswith("_trgm")}
    assert found == (expected if connection.vendor == "postgresql" else set())


@pytest.mark.parametrize(
    "query", ["Fabrikam", "fabrikam nordic", "kam Nor", "REF-77", "f-7", 'Fab"rik']
)
def test_a_draft_saved_now_is_found_by_search_as_icontains_would(drafter_client, drafter, query):
    """Through the trigram index on either database (on SQLite the FTS5 table's triggers)."""
    found = _draft(drafter, 3, customer_name="Fabrikam Nordic AB", reference="REF-77")
    _draft(drafter, 4, customer_name="Contoso Ltd", reference="REF-12")
    expected = [found.pk] if query != 'Fab"rik' else []

    assert _listed(drafter_client.get(HOME, {"q": query})) == expected


def test_the_search_finds_new_drafts_again_after_a_migration_rebuilt_the_drafts_table(
    drafter_client, drafter
):
    """On SQLite a table rebuild drops the FTS triggers; the post_migrate repair restores them."""
    from django.db import connection

    from creditrequests import search

    before = _draft(drafter, 2, customer_name="Wide World Importers")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # what Django's table rebuild does to them
            for trigger in ("draft_search_insert", "draft_search_update", "draft_search_delete"):
                cursor.execute(f"DROP TRIGGER {trigger}")
    lost_while_broken = _draft(drafter, 3, customer_name="Wide World Traders")

    search.repair_after_migrate(sender=None, using="default")
    after = _draft(drafter, 4, customer_name="Wide World Exports")

    found = _listed(drafter_client.get(HOME, {"q": "Wide World"}))
    assert sorted(found) == sorted([before.pk, lost_while_broken.pk, after.pk])


def test_a_renamed_draft_is_found_by_its_new_name_only(drafter_client, drafter):
    draft = _draft(drafter, 3, customer_name="Fabrikam Nordic AB")
    draft.customer_name = "Northwind Traders"
    draft.save()

    assert _listed(drafter_client.get(HOME, {"q": "Northwind"})) == [draft.pk]
    assert _listed(drafter_client.get(HOME, {"q": "Fabrikam"})) == []


def test_the_draft_page_shows_answers_details_text_status_and_history(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    html = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Outage incident ID" in html and "EX25194" in html
    assert "Customer tenant ID: 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14" in html
    assert "Submit for review" in html
    assert 'id="history"' in html and "Created" in html


def test_the_owner_submits_an_eligible_draft_for_review(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    response = drafter_client.post(reverse("drafts:submit", args=[draft.public_id]), {"version": 1})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY_FOR_REVIEW
    page = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Submitted for review" in page
    assert "Waiting for a reviewer" in page


def test_an_ineligible_draft_shows_no_submit_button_and_a_forged_post_is_refused(
    drafter_client, drafter
):
    draft = EligibleDraftFactory(owner=drafter, eligible=False)
    assert "Submit for review" not in drafter_client.get(draft.get_absolute_url()).content.decode()
    response = drafter_client.post(reverse("drafts:submit", args=[draft.public_id]), {"version": 1})
    assert response.status_code == 409
    assert "Only an eligible draft" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT


def test_a_status_jump_is_refused_with_a_clear_message(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    response = drafter_client.post(
        reverse("drafts:record_filing", args=[draft.public_id]),
        {"version": 1, "ticket": "123", "filed_on": _today().isoformat()},
    )
    assert response.status_code == 409
    assert "Nothing was changed" in response.content.decode()
    assert "cannot be recorded as filed" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.partner_center_ticket, draft.version) == (DraftStatus.DRAFT, "", 1)


def test_a_stale_version_is_refused_and_what_was_typed_is_shown_back(
    drafter_client, drafter, reviewer
):
    draft = services.approve(
        services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter), by=reviewer
    )
    response = drafter_client.post(
        reverse("drafts:record_filing", args=[draft.public_id]),
        {"version": 2, "ticket": "TICKET-4711", "filed_on": _today().isoformat()},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this draft a moment ago" in html
    assert "TICKET-4711" in html
    draft.refresh_from_db()
    assert draft.status == DraftStatus.APPROVED


def test_a_post_without_a_version_changes_nothing(drafter_client, drafter):
    draft = EligibleDraftFactory(owner=drafter)
    response = drafter_client.post(reverse("drafts:submit", args=[draft.public_id]), {})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT


def test_recording_the_filing_with_a_missing_ticket_shows_the_error_and_keeps_the_date(
    drafter_client, drafter, reviewer
):
    draft = services.approve(
        services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter), by=reviewer
    )
    response = drafter_client.post(
        reverse("drafts:record_filing", args=[draft.public_id]),
        {"version": draft.version, "ticket": "", "filed_on": "2026-01-02"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the Partner Center ticket number." in html
    assert 'value="2026-01-02"' in html


def test_the_owner_records_the_filing_and_then_microsofts_answer(drafter_client, drafter, reviewer):
    draft = services.approve(
        services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter), by=reviewer
    )
    drafter_client.post(
        reverse("drafts:record_filing", args=[draft.public_id]),
        {"version": 3, "ticket": "2604150010001234", "filed_on": _today().isoformat()},
    )
    draft.refresh_from_db()
    assert (draft.status, draft.partner_center_ticket) == (DraftStatus.FILED, "2604150010001234")
    response = drafter_client.post(
        reverse("drafts:close", args=[draft.public_id]),
        {"version": 4, "result": "refused", "refusal_reason": "Advisory incident."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.refusal_reason) == (DraftStatus.CLOSED, "Advisory incident.")


def test_closing_as_credited_needs_the_amount(drafter_client, drafter, reviewer):
    draft = services.approve(
        services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter), by=reviewer
    )
    draft = services.record_filing(draft, by=drafter, ticket="1", filed_on=_today())
    response = drafter_client.post(
        reverse("drafts:close", args=[draft.public_id]), {"version": 4, "result": "credited"}
    )
    assert response.status_code == 200
    assert "Enter the amount Microsoft credited." in response.content.decode()
    assert CreditRequestDraft.objects.get(pk=draft.pk).status == DraftStatus.FILED


def test_a_returned_draft_shows_the_reviewers_comment_to_the_owner(drafter_client, drafter):
    reviewer = ReviewerFactory(organisation=drafter.organisation, first_name="Rebecka")
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    services.return_for_changes(draft, by=reviewer, comment="Add <b>the</b> ticket numbers.")
    html = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Returned for changes" in html
    assert "Add &lt;b&gt;the&lt;/b&gt; ticket numbers." in html
    assert "Rebecka" in html


def test_the_history_shows_who_changed_what(drafter_client, drafter, reviewer):
    draft = EligibleDraftFactory(owner=drafter)
    draft.customer_name = "Fabrikam Inc"
    draft.answers = {**draft.answers, "outage_id": "SP123"}
    draft._history_user = drafter
    draft.save()
    services.submit_for_review(draft, by=drafter)
    html = drafter_client.get(draft.get_absolute_url()).content.decode()
    assert "Edited" in html
    assert "Contoso Ltd</del> → <ins>Fabrikam Inc" in html
    assert "Outage incident ID: <del>EX25194</del> → <ins>SP123" in html
    assert "Submitted for review" in html
    assert drafter.get_full_name() in html


def test_the_continue_link_appears_only_for_drafts_in_status_draft(drafter_client, drafter):
    in_progress = _draft(drafter, 5)
    approved = _draft(drafter, 6, status=DraftStatus.APPROVED)
    html = drafter_client.get(HOME).content.decode()
    assert reverse("wizard:resume", args=[in_progress.public_id]) in html
    assert reverse("wizard:resume", args=[approved.public_id]) not in html


def test_my_drafts_links_to_start_a_new_request(drafter_client):
    assert reverse("wizard:start") in drafter_client.get(HOME).content.decode()


def test_the_pages_render_in_swedish(client, drafter, reviewer):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    client.force_login(drafter)
    for url in [HOME, draft.get_absolute_url()]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 200
        assert 'lang="sv"' in response.content.decode()
    client.force_login(reviewer)
    for url in [reverse("drafts:review_queue"), reverse("drafts:review", args=[draft.public_id])]:
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="sv").status_code == 200
