"""Downloads: the Details text, a deadline as a calendar event, and the personal calendar feed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from creditrequests.models import CreditRequestDraft

from . import ical
from .forms import CalendarTokenForm
from .names import download_filename
from .views import get_visible_draft

# Shorter tokens than User.regenerate_calendar_token issues are never valid.
MIN_TOKEN_LENGTH = 32


def _filename(draft, extension: str) -> str:
    return download_filename(draft, extension)


@login_required
def details_text(request, public_id):
    """The Details text to paste into Partner Center, as a plain-text file."""
    draft = get_visible_draft(request, public_id)
    if not draft.details_text:
        raise Http404("This draft has no Details text yet.")
    text = draft.details_text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(draft, "txt")}"'
    return response


def _event(request, draft) -> ical.DeadlineEvent:
    url = request.build_absolute_uri(draft.get_absolute_url())
    if draft.act_by is not None:
        # A self-service window: nothing to file, a moment in UTC to act by.
        return ical.DeadlineEvent(
            uid=f"{draft.public_id}@credit-request-wizard",
            day=draft.deadline or draft.act_by.date(),
            moment=draft.act_by,
            summary=_("Cancel or reduce seats in Partner Center: %(draft)s") % {"draft": draft},
            description=_(
                "Last moment of the new commerce window: cancel the subscription, or reduce its "
                "seats, yourself in Partner Center. No credit request is needed.\n%(url)s"
            )
            % {"url": url},
            url=url,
            reminder=_("In one day the new commerce window closes: %(draft)s") % {"draft": draft},
        )
    return ical.DeadlineEvent(
        uid=f"{draft.public_id}@credit-request-wizard",
        day=draft.deadline,
        summary=_("Credit request deadline: %(draft)s") % {"draft": draft},
        description=_(
            "Last day to file this credit request with Microsoft in Partner Center.\n%(url)s"
        )
        % {"url": url},
        url=url,
        reminder=_("In two days: last day to file this credit request with Microsoft: %(draft)s")
        % {"draft": draft},
    )


def _calendar_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def deadline_ics(request, public_id):
    """One draft's deadline as an all-day calendar event."""
    draft = get_visible_draft(request, public_id)
    if draft.deadline is None:
        raise Http404("This draft has no deadline.")
    body = ical.calendar(
        [_event(request, draft)],
        name=_("Credit request deadline"),
        now=timezone.now(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    return _calendar_response(body, _filename(draft, "ics"))


def feed_drafts(user):
    """Open deadlines a person follows: drafts they own; for reviewers, the organisation's."""
    drafts = (
        CreditRequestDraft.objects.visible_to(user).awaiting_filing().filter(deadline__isnull=False)
    )
    if not user.is_reviewer:
        drafts = drafts.filter(Q(owner=user) | Q(reviewed_by=user))
    return drafts.defer("answers", "details_text").order_by("deadline", "pk")


@never_cache
def calendar_feed(request, token):
    """The personal feed at a secret address; calendar apps fetch it without signing in."""
    if len(token) < MIN_TOKEN_LENGTH:
        raise Http404
    user = (
        get_user_model()
        .objects.filter(calendar_token=token, is_active=True, organisation__isnull=False)
        .first()
    )
    if user is None:
        raise Http404
    # Calendar apps fetch the feed without a session: write it in the person's own language.
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        events = [_event(request, draft) for draft in feed_drafts(user)]
        name = _("Credit request deadlines")
    body = ical.calendar(events, name=name, now=timezone.now(), language=language)
    response = _calendar_response(body, "credit-request-deadlines.ics")
    response["Content-Disposition"] = 'inline; filename="credit-request-deadlines.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def calendar_settings(request):
    """Create, replace or turn off the secret address of the personal calendar feed."""
    feed_url = ""
    if request.user.calendar_token:
        feed_url = request.build_absolute_uri(
            reverse("drafts:calendar_feed", args=[request.user.calendar_token])
        )
    return render(request, "drafts/calendar.html", {"feed_url": feed_url})


@login_required
@require_POST
def calendar_token(request):
    form = CalendarTokenForm(request.POST)
    if form.is_valid() and form.cleaned_data["operation"] == CalendarTokenForm.CREATE:
        request.user.regenerate_calendar_token()
        messages.success(
            request,
            _("Your calendar address is ready. Any address you shared before no longer works."),
        )
    elif form.is_valid():
        request.user.calendar_token = ""
        request.user.save(update_fields=["calendar_token"])
        messages.success(request, _("The calendar feed is off. The old address no longer works."))
    else:
        messages.error(request, _("Nothing was changed; please choose one of the buttons."))
    return redirect("drafts:calendar")
