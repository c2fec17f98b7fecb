"""One text rule for what people type (creditrequests/text.py), the same in every door."""

import html
import io
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from creditrequests import services
from creditrequests import text as text_rule
from creditrequests.drafts.forms import FilingForm, ReviewForm
from creditrequests.drafts.ical import DeadlineEvent, calendar
from creditrequests.drafts.review import csv_cell
from creditrequests.evaluation import request_date
from creditrequests.models import CreditRequestDraft
from creditrequests.wizard.forms import LongTextField, TextField
from tests.creditrequests.test_wizard_flows import submit
from tests.creditrequests.test_wizard_validation import open_step, valid_answers
from tests.factories import DraftFactory, EligibleDraftFactory, ReviewerFactory

REFUSED = {
    "right-to-left-override": ("Contoso \u202egnp.exe\u202c Ltd", text_rule.FORMATTING),
    "left-to-right-mark": ("Contoso\u200e", text_rule.FORMATTING),
    "zero-width-space": ("Con\u200btoso", text_rule.FORMATTING),
    "zero-width-joiner": ("Con\u200dtoso", text_rule.FORMATTING),
    "byte-order-mark": ("\ufeffContoso", text_rule.FORMATTING),
    "line-separator": ("Contoso\u2028Ltd", text_rule.CONTROL),
    "paragraph-separator": ("Contoso\u2029Ltd", text_rule.CONTROL),
    "c1-next-line": ("Contoso\x85Ltd", text_rule.CONTROL),
    "c1-csi": ("Contoso\x9b31m", text_rule.CONTROL),
    "escape": ("CASE\x1b[31m", text_rule.CONTROL),
    "nul": ("Contoso\x00", text_rule.CONTROL),
    "line-feed": ("Contoso\nLtd", text_rule.CONTROL),
    "tab": ("Contoso\tLtd", text_rule.CONTROL),
}

ACCEPTED = {
    "plain": "Contoso Ltd",
    "markup-is-text": "<b>Tom & Jerry's</b>",
    "emoji": "Contoso 🚀",
    "arabic": "شركة كونتوسو",
    "hebrew": "קונטוסו בע״מ",
    "japanese": "コントソ株式会社",
    "no-break-space": "Contoso\u00a0Ltd",
    "accents": "Société Générale",
}


@pytest.mark.parametrize(("text", "kind"), REFUSED.values(), ids=REFUSED.keys())
def test_one_line_text_with_a_hidden_character_is_refused(text, kind):
    assert text_rule.refused_kind(text) == kind


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_ordinary_text_in_any_script_is_accepted(text):
    assert text_rule.refused_kind(text) is None


def test_text_of_several_lines_may_hold_line_breaks_and_tabs():
    assert text_rule.refused_kind("First line\r\nSecond\tline", multiline=True) is None


def test_text_of_several_lines_still_refuses_bidi_overrides():
    assert text_rule.refused_kind("First\n\u202eevil", multiline=True) == text_rule.FORMATTING


@given(st.text())
def test_text_the_rule_accepts_holds_only_printable_characters_and_spaces(text):
    if text_rule.refused_kind(text) is None:
        assert all(c.isprintable() or unicodedata.category(c) == "Zs" for c in text)


@given(st.text())
def test_shown_safely_always_passes_the_rule(text):
    assert text_rule.refused_kind(text_rule.shown_safely(text), multiline=True) is None


def test_the_wizards_one_line_fields_refuse_a_bidi_override_with_a_message():
    with pytest.raises(ValidationError) as error:
        TextField().clean("Contoso \u202egnp.exe\u202c Ltd")
    assert "right-to-left marks or zero-width spaces" in str(error.value)


def test_the_wizards_long_fields_refuse_a_zero_width_space():
    with pytest.raises(ValidationError, match="zero-width"):
        LongTextField().clean("What happened\u200b")


def test_the_customer_step_shows_the_message_next_to_the_field(drafter_client):
    public_id = open_step(drafter_client, "customer")
    answers = valid_answers("customer")
    answers["customer_name"] = "Contoso \u202egnp.exe\u202c Ltd"
    response = submit(drafter_client, public_id, "customer", answers)
    page = html.unescape(response.content.decode())
    assert 'href="#id_customer-customer_name' in page
    assert "right-to-left marks or zero-width spaces" in page
    assert "CASE-42" in page


def test_the_filing_form_refuses_a_line_separator_in_the_ticket():
    form = FilingForm({"ticket": "PC\u20281", "filed_on": date.today(), "version": 1})
    assert not form.is_valid()
    assert "control characters" in form.errors["ticket"][0]


def test_the_review_form_refuses_a_bidi_override_in_the_comment():
    form = ReviewForm({"comment": "Fine \u202e", "decision": "approve", "version": 1})
    assert not form.is_valid()
    assert "comment" in form.errors


def test_services_refuse_a_ticket_with_a_zero_width_space(drafter, reviewer):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    draft = services.approve(draft, by=reviewer)
    with pytest.raises(services.InvalidInput):
        services.record_filing(draft, by=drafter, ticket="PC\u200b1", filed_on=request_date())


# --- filing date not before approval ---------------------------------------------------------


@pytest.fixture
def approved(drafter, reviewer):
    draft = services.submit_for_review(EligibleDraftFactory(owner=drafter), by=drafter)
    return services.approve(draft, by=reviewer)


def test_a_filing_date_before_the_approval_is_refused_next_to_the_field(client, approved):
    client.force_login(approved.owner)
    day_before = request_date() - timedelta(days=1)
    response = client.post(
        reverse("drafts:record_filing", args=[approved.public_id]),
        {"ticket": "PC-9", "filed_on": day_before.isoformat(), "version": approved.version},
    )
    assert response.status_code == 200
    assert "cannot be before the draft was approved" in response.content.decode()
    approved.refresh_from_db()
    assert approved.filed_on is None


def test_the_year_one_is_not_a_filing_date(approved):
    with pytest.raises(services.InvalidInput, match="before the draft was approved"):
        services.record_filing(approved, by=approved.owner, ticket="PC-9", filed_on=date(1, 1, 1))


# --- what is shown of text stored before the rule -------------------------------------------


@pytest.fixture
def stored_before_the_rule(drafter):
    draft = DraftFactory(owner=drafter)
    CreditRequestDraft.objects.filter(pk=draft.pk).update(
        customer_name="Contoso \u202egnp.exe\u202c Ltd"
    )
    draft.refresh_from_db()
    return draft


def test_lists_show_old_text_without_its_hidden_characters(stored_before_the_rule):
    assert "\u202e" not in str(stored_before_the_rule)
    assert "Contoso gnp.exe Ltd" in str(stored_before_the_rule)


def test_csv_cells_drop_hidden_characters():
    assert csv_cell("Contoso \u202egnp.exe\u202c Ltd") == "Contoso gnp.exe Ltd"


def test_calendar_text_drops_hidden_characters():
    event = DeadlineEvent(uid="x@test", day=date(2026, 3, 15), summary="Contoso \u2028Ltd\u200b")
    text = calendar([event], name="Deadlines\u202e", now=datetime(2026, 3, 1, tzinfo=UTC))
    assert "SUMMARY:Contoso Ltd\r\n" in text
    assert "\u2028" not in text and "\u200b" not in text and "\u202e" not in text


# --- mail subjects --------------------------------------------------------------------------


def test_reminder_subjects_are_not_escaped_as_html(drafter):
    ReviewerFactory(organisation=drafter.organisation)
    DraftFactory(
        owner=drafter,
        customer_name="Tom & Jerry's <Ltd>",
        deadline=date(2026, 3, 15),
    )
    call_command("send_deadline_reminders", "--today", "2026-03-10", stdout=io.StringIO())
    subject = mail.outbox[0].subject
    assert "Tom & Jerry's <Ltd>" in subject
    assert "&amp;" not in subject


def test_the_new_messages_speak_swedish():
    from django.utils import translation

    with translation.override("sv"):
        assert str(text_rule.MESSAGES[text_rule.FORMATTING]).startswith("Ta bort de osynliga")
        form = FilingForm(
            {"ticket": "PC-1", "filed_on": date(2026, 3, 1), "version": 1},
            approved_at=timezone.make_aware(timezone.datetime(2026, 3, 2, 12)),
        )
        assert not form.is_valid()
        assert "före godkännandet" in form.errors["filed_on"][0]
