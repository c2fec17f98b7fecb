"""The drafting wizard: one URL per step, the draft saved after every step.

The draft's public ID is chosen when the wizard starts (GET never writes a row);
the first POST creates the draft with it. Session storage is keyed by that ID so
two tabs with two drafts never share state, and it is only a cache: whenever it
is empty the wizard is rebuilt from `draft.answers`.
"""

import copy
import hashlib
import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from formtools.wizard.views import NamedUrlSessionWizardView, WizardView

import rules
from creditrequests import language, services
from creditrequests.customers.picker import apply_pick_to_later_steps, initial_from_pick
from creditrequests.drafts.duplicates import duplicates_of
from creditrequests.drafts.forms import SubmitForReviewForm
from creditrequests.drafts.names import download_filename
from creditrequests.drafts.requester import own_requester_differences
from creditrequests.evaluation import (
    current_rule_set,
    evaluate_answers,
    evaluate_draft,
    is_evaluable,
    missed_deadline,
    record_verdict,
    request_date,
)
from creditrequests.messages import finding_text
from creditrequests.models import CreditRequestDraft, CreditType, DraftStatus

from .presentation import english_warnings, filing_links, step_errors, verdict_summary
from .steps import (
    CHECK_STEP,
    CONDITIONAL_STEPS,
    CREDIT_TYPE_STEP,
    DECIDING_KEYS,
    FIRST_STEP,
    NEW_COMMERCE_STEP,
    PURCHASE_STEP,
    STEPS,
    step_applies,
)

SAVE_LATER = "save_later"
CREDIT_TYPES = frozenset(CreditType.values)  # read by every step condition: once, not per call
SWITCH_LANGUAGE = "switch_language"
DRAFT_VERSION = "draft_version"
# What the draft held when the session copy of the answers was made or last saved
# (storage extra data): a fingerprint of draft_state(), not the version, which goes up
# with every save, so that saving the same answers again writes no session.
SESSION_DRAFT_STATE = "draft_state"
# The step whose input was just kept over a language switch (storage extra data).
LANGUAGE_SWITCHED = "language_switched"
# Input kept as typed, per value: longer than this is refused, not kept (and never cut).
TYPED_LIMIT = 20_000
RETURN_TO_CHECK = "check"


def own_input(form, data) -> dict:
    """A step form's own fields from posted or stored data, as typed: {key: [values]}.

    Nothing else (no CSRF token, language, other fields): one value a field (the last,
    the one the form reads), or up to 50 for a multiple choice. `data`: a QueryDict or
    MultiValueDict, or a dict of value lists.
    """
    own = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if data is None or key not in data:
            continue
        values = data.getlist(key) if hasattr(data, "getlist") else data[key]
        values = values if isinstance(values, list) else [values]
        multiple = getattr(field.widget, "allow_multiple_selected", False)
        own[key] = [str(value) for value in (values[:50] if multiple else values[-1:])]
    return own


def first_unfinished_step(answers: dict, completed_steps) -> str:
    """Where a draft continues: its first step (for its answers so far) not yet completed."""
    facts = {key: answers.get(key) for key in DECIDING_KEYS} if isinstance(answers, dict) else {}
    for step, _form in STEPS:
        if step == CHECK_STEP or (step_applies(step, facts) and step not in completed_steps):
            return step
    return CHECK_STEP


def editable_draft_or_none(request, public_id, *, lock=False, fields=()):
    """The signed-in user's own draft with this ID, None if there is none yet.

    Another organisation's draft is a 404 and a colleague's a 403; a draft that has
    left the "draft" status is refused by the caller. With `lock` (inside a transaction)
    the row stays locked until it ends: a POST reads its draft once, already locked.
    `fields`: read only these columns (for a page that never saves the draft).
    """
    drafts = CreditRequestDraft.objects.select_for_update() if lock else CreditRequestDraft.objects
    if fields:
        drafts = drafts.only(*fields)
    try:
        draft = drafts.get(public_id=public_id)
    except CreditRequestDraft.DoesNotExist:
        return None
    if draft.organisation_id != request.user.organisation_id:
        raise Http404
    if draft.owner_id != request.user.pk:
        raise PermissionDenied
    return draft


def saved_columns(draft) -> dict:
    """What saving the draft would write, but its version: {column: value}, the JSON
    columns' values copied (the others are immutable)."""
    columns = {}
    for field in draft._meta.concrete_fields:
        value = getattr(draft, field.attname)
        columns[field.attname] = copy.deepcopy(value) if isinstance(value, dict | list) else value
    del columns["version"]
    return columns


def changed_columns(draft, as_read: dict) -> list[str]:
    """The columns saving the draft now would change in the row as read (saved_columns)."""
    return [name for name, value in as_read.items() if getattr(draft, name) != value]


class DraftNoLongerEditable(Exception):
    """The draft left the "draft" status (e.g. submitted in another tab) mid-request."""

    def __init__(self, draft):
        super().__init__(draft.public_id)
        self.draft = draft


def _not_editable(request, draft):
    messages.error(
        request,
        _("This request is “%(status)s” and can no longer be changed in the wizard.")
        % {"status": draft.get_status_display()},
    )
    return redirect("drafts:detail", draft.public_id)


def _condition(step):
    return lambda wizard: step_applies(step, wizard.request_facts())


# What showing a step reads of its draft (a GET never saves it): not the Details text,
# the review columns or the others a step page does not show.
SHOWN_DRAFT_FIELDS = (
    "public_id",
    "organisation_id",
    "owner_id",
    "status",
    "answers",
    "completed_steps",
    "unsaved_input",
    "version",
)


class CreditRequestWizard(NamedUrlSessionWizardView):
    form_list = STEPS
    condition_dict = {step: _condition(step) for step in CONDITIONAL_STEPS}
    done_step_name = "finish"
    storage_name = "creditrequests.wizard.storage.ReadOnlyGetSessionStorage"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.organisation_id is None:
            raise PermissionDenied
        self.public_id = kwargs["public_id"]
        if request.method == "POST":
            # One transaction per POST: the draft is read once, locked, and saved in it.
            with transaction.atomic():
                return self.dispatch_for_draft(request, *args, lock=True, **kwargs)
        return self.dispatch_for_draft(request, *args, **kwargs)

    def dispatch_for_draft(self, request, *args, lock=False, **kwargs):
        fields = () if lock else SHOWN_DRAFT_FIELDS
        self.draft = editable_draft_or_none(request, self.public_id, lock=lock, fields=fields)
        if self.draft is not None and self.draft.status != DraftStatus.DRAFT:
            return _not_editable(request, self.draft)
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return f"draft_{kwargs['public_id'].hex}"

    def get_step_url(self, step):
        url = reverse(self.url_name, kwargs={"public_id": self.public_id, "step": step})
        if self.returning_to_check() and step != CHECK_STEP:
            url += "?return=" + RETURN_TO_CHECK
        return url

    def get_template_names(self):
        if self.steps.current == CHECK_STEP:
            return ["wizard/check.html"]
        return ["wizard/step.html"]

    # --- what the wizard knows -------------------------------------------------------

    def returning_to_check(self) -> bool:
        return self.request.GET.get("return") == RETURN_TO_CHECK

    def chosen_credit_type(self) -> str | None:
        data = self.storage.get_step_data(CREDIT_TYPE_STEP) or {}
        value = data.get(f"{CREDIT_TYPE_STEP}-credit_type")
        return value if value in CREDIT_TYPES else None

    def request_facts(self) -> dict:
        """The answers so far that decide which steps this request has (DECIDING_KEYS)."""
        purchase = self.storage.get_step_data(PURCHASE_STEP) or {}
        new_commerce = self.storage.get_step_data(NEW_COMMERCE_STEP) or {}
        return {
            "credit_type": self.chosen_credit_type(),
            "bought_from": purchase.get(f"{PURCHASE_STEP}-bought_from"),
            "commerce": purchase.get(f"{PURCHASE_STEP}-commerce"),
            "product": new_commerce.get(f"{NEW_COMMERCE_STEP}-product"),
        }

    def completed_steps(self) -> list[str]:
        return list(self.draft.completed_steps) if self.draft else []

    def first_unfinished_step(self) -> str:
        completed = self.completed_steps()
        for step in self.get_form_list():
            if step == CHECK_STEP or step not in completed:
                return step
        return CHECK_STEP

    def restore_from_draft(self) -> None:
        """Rebuild the session copy from the saved answers when it is empty (new session)
        or was made from an older version of the draft (saved meanwhile from another
        browser or sign-in, which this session's copy knows nothing of)."""
        if self.draft is None:
            return
        if self.storage.data.get(self.storage.step_data_key):
            if self.session_is_current() and not self.cached_before_step_split():
                return
            self.storage.reset()
        answers = self.draft.answers or {}
        facts = {key: answers.get(key) for key in DECIDING_KEYS}
        for step, form_class in self.form_list.items():
            if step == CHECK_STEP:
                continue
            if step_applies(step, facts):
                data = form_class.data_from_answers(answers, prefix=self.get_form_prefix(step))
            else:
                data = {}  # another type's step: only what was typed on it and kept
            data = self.unsaved_input(step) or data
            if data or step in self.draft.completed_steps:
                self.storage.set_step_data(step, data)
        self._forget_cached_forms()
        self.storage.current_step = self.first_unfinished_step()
        self.remember_draft_state()

    def draft_state(self) -> str:
        """A fingerprint of what the session copies from the draft: its answers, completed
        steps and input kept as typed."""
        state = [self.draft.answers, self.draft.completed_steps, self.draft.unsaved_input]
        encoded = json.dumps(state, sort_keys=True, default=str).encode()
        return hashlib.blake2b(encoded, digest_size=12).hexdigest()

    def session_is_current(self) -> bool:
        return self.storage.extra_data.get(SESSION_DRAFT_STATE) == self.draft_state()

    def remember_draft_state(self) -> None:
        """Note in the session which state of the draft its copy matches (and forget that
        a step's input was kept over a language switch: it has been saved since)."""
        state = self.draft_state()
        extra = self.storage.extra_data
        if extra.get(SESSION_DRAFT_STATE) != state or LANGUAGE_SWITCHED in extra:
            extra = {key: value for key, value in extra.items() if key != LANGUAGE_SWITCHED}
            self.storage.extra_data = {**extra, SESSION_DRAFT_STATE: state}

    def cached_before_step_split(self) -> bool:
        """A session copy made before a page's questions were split over several steps.

        Migration 0012: its outage-incident step still holds the tenant. Migration 0013:
        its issue step still holds what Microsoft said. Saving such a copy as it is would
        drop those answers, so it is rebuilt from the draft. Such sessions expire with
        SESSION_COOKIE_AGE; this check can go after that.
        """
        data = self.storage.data[self.storage.step_data_key]
        incident = data.get("outage-incident") or {}
        issue = data.get("issue") or {}
        return "outage-incident-tenant_id" in incident or "issue-microsoft_statement" in issue

    def _forget_cached_forms(self) -> None:
        for name in ("_resolved_form_list", "_cache_signature", "_posted_forms"):
            self.__dict__.pop(name, None)
        for name in [n for n in self.__dict__ if n.startswith("_cleaned_data_cache_")]:
            delattr(self, name)

    def get_form_initial(self, step):
        initial = super().get_form_initial(step)
        if step == FIRST_STEP:
            user = self.request.user
            initial.setdefault("role", user.partner_center_role)
            if user.organisation is not None:
                initial.setdefault("partner_type", user.organisation.partner_type)
        initial.update(initial_from_pick(self, step, self.form_list[step]))
        return initial

    def process_step(self, form):
        # Only the step's own fields go into the session (not the CSRF token, the
        # language, a forged extra field or extra values), one value a field.
        data = own_input(form, super().process_step(form))
        apply_pick_to_later_steps(self, form)
        if form.notices():
            # The form changed what was typed (a URL cut to its domain): the step shows,
            # and later saves read, what was kept, so the notice is not repeated.
            data = form.data_from_answers(form.to_answers(form.cleaned_data), form.prefix)
        return data

    def get_form_kwargs(self, step=None):
        kwargs = super().get_form_kwargs(step)
        if step == "customer":
            kwargs["organisation_id"] = self.request.user.organisation_id
        elif step == "outage-evidence":
            in_use = "outage-tenant" in self.get_form_list()
            tenant = (self.get_cleaned_data_for_step("outage-tenant") if in_use else None) or {}
            kwargs["tenant_domains"] = tenant.get("tenant_domains") or ()
        elif step in ("accidental-purchase", "duplicate-order"):
            kwargs["commerce"] = self.request_facts()["commerce"]
        elif step in ("evidence", "issue"):
            kwargs["credit_type"] = self.chosen_credit_type()
        return kwargs

    def get_form(self, step=None, data=None, files=None):
        """formtools' get_form, except that the posted step's form is built once per POST.

        The stale-tab check, formtools' validation and the save all read the same form:
        it is built and validated once (a step form may query the database to validate).
        """
        if data is None or data is not self.request.POST or files:
            return super().get_form(step, data, files)
        step = step or self.steps.current
        posted_forms = self.__dict__.setdefault("_posted_forms", {})
        if step not in posted_forms:
            posted_forms[step] = super().get_form(step, data, files)
        return posted_forms[step]

    def unsaved_input(self, step) -> dict | None:
        """What was typed on this step when it was saved for later without validating."""
        if self.draft is None:
            return None
        return (self.draft.unsaved_input or {}).get(step) or None

    def display_form(self, step):
        """The form to show for a step: saved answers, without errors for the unanswered.

        A step saved for later while invalid shows what was typed with its errors, and so
        does a step reached from Check your answers (a change elsewhere broke it).
        """
        kept = self.unsaved_input(step)
        data = MultiValueDict(kept) if kept else self.storage.get_step_data(step)
        form = self.get_form(step=step, data=data)
        if kept and self.drop_ticks_not_offered(form, data):
            form = self.get_form(step=step, data=data)
        # Input kept over a language switch was never submitted: no errors for it yet.
        just_switched = self.storage.extra_data.get(LANGUAGE_SWITCHED) == step
        show_errors = (kept and not just_switched) or self.returning_to_check()
        if data is not None and not form.is_valid() and not show_errors:
            prefix = self.get_form_prefix(step) + "-"
            initial = {
                key.removeprefix(prefix): data.get(key) for key in data if key.startswith(prefix)
            }
            form = self.get_form(step=step)
            form.initial.update(initial)
        return form

    @staticmethod
    def drop_ticks_not_offered(form, data: MultiValueDict) -> bool:
        """Leave out of kept input the ticks of a checklist the step no longer offers (the
        evidence of the credit type the request had when they were ticked): there is no
        box to untick them. Whether anything was left out."""
        dropped = False
        for name, field in form.fields.items():
            if not getattr(field.widget, "allow_multiple_selected", False):
                continue
            key, offered = form.add_prefix(name), {str(value) for value, _label in field.choices}
            values = data.getlist(key)
            if any(value not in offered for value in values):
                data.setlist(key, [value for value in values if value in offered])
                dropped = True
        return dropped

    # --- requests ----------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        self.restore_from_draft()
        step = kwargs.get("step")
        if step not in self.get_form_list():
            return redirect(self.get_step_url(self.first_unfinished_step()))
        self.storage.current_step = step
        return self.render(self.display_form(step))

    def post(self, request, *args, **kwargs):
        self.restore_from_draft()
        posted_step = request.POST.get(f"{self.prefix}-current_step")
        changes = self.deciding_changes() if self.posts_news(posted_step) else []
        if posted_step not in self.get_form_list() or (
            changes and posted_step not in {step for step, _label in changes}
        ):
            # Another tab changed the credit type (or how it was bought) since this page
            # was shown: the page is no longer part of the request, or asks by the old one.
            return self.keep_input_of_stale_step(posted_step, changes)
        if conflict := self.changed_elsewhere(posted_step):
            return self.render_conflict(posted_step, conflict)
        try:
            if self.switching_language():
                return self.switch_language(posted_step)
            if SAVE_LATER in request.POST:
                return self.save_for_later(posted_step)
            return super().post(request, *args, **kwargs)
        except DraftNoLongerEditable as refused:
            return _not_editable(request, refused.draft)

    def changed_elsewhere(self, step) -> list[str]:
        """The labels of this step's answers saved by another tab since this page was shown.

        The page carries the draft's version it was shown with (DRAFT_VERSION); an answer
        that differs between that version (the draft's history) and now changed elsewhere.
        """
        if self.shown_version() is None:
            return []
        now = self.draft.answers or {}
        if step == CHECK_STEP:
            # Check your answers shows every answer: any one changed since is a conflict.
            before = self.answers_when_shown()
            labels = {}
            for form_class in self.get_form_list().values():
                for name, field in form_class.base_fields.items():
                    labels.setdefault(name, str(field.label))
            changed = [name for name in labels if before.get(name) != now.get(name)]
            return list(dict.fromkeys(labels[name] for name in changed))
        form, differing = self.posted_differences(step)
        # A double click posts what the first click saved: that is no conflict, and then
        # the history need not be read at all.
        if not differing:
            return []
        before = self.answers_when_shown()
        return [
            str(form.fields[name].label) for name in differing if before.get(name) != now.get(name)
        ]

    def posts_news(self, step) -> bool:
        """Whether this POST comes from a page shown with an older version of the draft and
        says something the draft does not (a double click posts what the first click
        saved: no news, and then the history need not be read)."""
        if self.shown_version() is None:
            return False
        if step not in self.get_form_list():
            return True
        form, differing = self.posted_differences(step)
        # The first click of a double click saved only valid input.
        return not form.is_valid() or bool(differing)

    def posted_differences(self, step):
        """The posted step's form (validated once per POST, see get_form) and the names of
        its fields whose posted answer is not the draft's answer now."""
        form = self.get_form(step=step, data=self.request.POST)
        form.is_valid()
        posted = form.to_answers(form.cleaned_data)
        now = self.draft.answers or {}
        return form, [name for name in form.fields if posted.get(name) != now.get(name)]

    def answers_when_shown(self) -> dict | None:
        """The draft's answers at the version this page was shown with, when that is older.

        None when the page is current (or carries no version, or there is no draft yet).
        """
        shown = self.shown_version()
        if shown is None:
            return None
        then = self.draft.history.filter(version=shown).order_by("-history_id").first()
        return (then.answers if then is not None else None) or {}

    def shown_version(self) -> int | None:
        """The draft version this page was shown with, when that is older than the draft's."""
        shown = self.request.POST.get(DRAFT_VERSION, "")
        if self.draft is None or not shown.isdigit() or int(shown) == self.draft.version:
            return None
        return int(shown)

    def deciding_changes(self) -> list[tuple[str, str]]:
        """The answers that decide the steps (DECIDING_KEYS) saved differently elsewhere since
        this page was shown: (step, "“question” is now “answer”") pairs, in step order."""
        before = self.answers_when_shown()
        if before is None:
            return []
        now = self.draft.answers or {}
        changes = []
        for step, form_class in self.form_list.items():
            for name in DECIDING_KEYS:
                field = form_class.base_fields.get(name)
                if field is None or now.get(name) is None or now[name] == before.get(name):
                    continue
                value = dict(getattr(field, "choices", ())).get(now[name], now[name])
                changes.append(
                    (
                        step,
                        _("“%(question)s” is now “%(answer)s”")
                        % {"question": field.label, "answer": value},
                    )
                )
        return changes

    def keep_input_of_stale_step(self, step, changes):
        """A POST of a step another tab changed the ground under: keep what was typed, say why.

        Another tab changed an answer that decides the steps (the credit type, how it was
        bought) after this page was shown: the page is not saved, so nothing is saved
        against an answer the person had not seen. The input is kept with the draft as
        typed (draft.unsaved_input) and shown again on that page; the user is taken to
        the changed answer. `changes`: deciding_changes().
        """
        if self.draft is None or step not in self.form_list or step == CHECK_STEP:
            messages.error(
                self.request, _("That page was out of date. Please check this step again.")
            )
            return redirect(self.get_step_url(self.first_unfinished_step()))
        form = self.step_form(step)
        data = self.typed_input(form)
        page = {"page": form.title}
        if self.too_long_to_keep(data):
            if step in self.get_form_list():
                self.storage.current_step = step
                return self.render(self.get_form(step=step, data=self.request.POST))
            return redirect(self.get_step_url(self.first_unfinished_step()))
        # Kept with the draft only: the session copy (what is saved) keeps the step's
        # answers as they were, and the page shows the kept input when it is reached.
        self.save_draft(current_step=self.draft.current_step, kept_input={step: data})
        if changes:
            if step in self.get_form_list():
                message = _(
                    "This answer was changed in another tab or window after the page "
                    "“%(page)s” was opened: %(answers)s. So that nothing is saved against an "
                    "answer you had not seen, that page was not saved; what you typed on it "
                    "is kept and shown again when you reach it."
                )
            else:
                message = _(
                    "This answer was changed in another tab or window after the page "
                    "“%(page)s” was opened: %(answers)s. That page no longer applies, so it was "
                    "not saved; what you typed on it is kept. Change the answer back to "
                    "return to it, or go on with the new answer."
                )
            answers = "; ".join(label for _step, label in changes)
            messages.warning(self.request, message % {**page, "answers": answers})
            return redirect(self.get_step_url(changes[0][0]))
        messages.warning(
            self.request,
            _(
                "The page “%(page)s” no longer applies to this request, so it was not saved; "
                "what you typed on it is kept. It comes back if the answers make it apply again."
            )
            % page,
        )
        return redirect(self.get_step_url(self.first_unfinished_step()))

    def render_conflict(self, step, changed_labels):
        """Show the step again with this tab's input, saying which answers changed elsewhere."""
        if step == CHECK_STEP:
            message = _(
                "These answers were changed in another tab or window after this page was "
                "opened: %(answers)s. Check them below before the Details text is written."
            )
        else:
            message = _(
                "These answers were changed in another tab or window after this page was "
                "opened: %(answers)s. Your input is kept below: check it, then save again "
                "to replace them."
            )
        messages.warning(self.request, message % {"answers": "; ".join(changed_labels)})
        self.storage.current_step = step
        return self.render(self.get_form(step=step, data=self.request.POST))

    def switching_language(self) -> bool:
        """The header's language switch, which submits the step's form (wizard/step.html).

        Enter in a text field submits with the form's first submit button in the page,
        the switch: with the language unchanged, that is an ordinary "Save and continue".
        """
        return (
            SWITCH_LANGUAGE in self.request.POST
            and self.request.POST.get("language") != translation.get_language()
        )

    def switch_language(self, step):
        """Keep this step's input as typed (unchecked, unsaved) and show it in the new language."""
        data = self.typed_input(self.get_form(step=step))
        if self.too_long_to_keep(data):
            return self.render(self.get_form(step=step, data=self.request.POST))
        self.storage.set_step_data(step, data)
        if self.draft is not None:
            # Kept with the draft, not only the session: a save in another browser
            # (which rebuilds this session's copy from the draft) does not lose it.
            self._forget_cached_forms()
            self.save_draft(current_step=step, kept_input={step: data})
        self.storage.extra_data = {**self.storage.extra_data, LANGUAGE_SWITCHED: step}
        response = redirect(self.get_step_url(step))
        # Django's switch (through ours, which remembers it for mails) sets the cookie.
        response.cookies = language.set_language(self.request).cookies
        return response

    def typed_input(self, form) -> dict:
        """This POST's input for a step's own fields as typed (step data, unchecked)."""
        return own_input(form, self.request.POST)

    def too_long_to_keep(self, data: dict) -> bool:
        """Whether an answer is too long to keep as typed (TYPED_LIMIT); if so, say so.

        Never cut: the page is shown again with the answer as typed and this message.
        """
        if all(len(value) <= TYPED_LIMIT for values in data.values() for value in values):
            return False
        messages.error(
            self.request,
            _(
                "This page was not saved: an answer is more than %(limit)s characters long. "
                "Shorten it, then save again."
            )
            % {"limit": number_format(TYPED_LIMIT, force_grouping=True)},
        )
        return True

    def save_for_later(self, step):
        """Keep everything typed on this step, valid or not, save the draft, go to My drafts.

        The valid answers go into the draft's answers; what did not validate is kept as
        typed (draft.unsaved_input) and shown again with its errors on resume.
        """
        form = self.get_form(step=step, data=self.request.POST)
        valid = form.is_valid()
        data = self.typed_input(form)
        if self.too_long_to_keep(data):
            return self.render(form)
        self.storage.set_step_data(step, data)
        self._forget_cached_forms()
        self.save_draft(
            completed_step=step if valid else None,
            current_step=step,
            kept_input=None if valid else {step: data},
        )
        messages.success(
            self.request,
            _("Your draft is saved. Continue it from My drafts whenever you are ready."),
        )
        return redirect("drafts:home")

    def render_next_step(self, form, **kwargs):
        for notice in form.notices():
            messages.info(self.request, notice)
        step = self.steps.current
        next_step = self.get_next_step()
        draft = self.save_draft(completed_step=step, current_step=next_step, validated=form)
        if self.returning_to_check():
            next_step = self.first_unfinished_step()
        self.storage.current_step = next_step
        if next_step != CHECK_STEP and is_too_late(self.request, draft, self.saved_verdict):
            return redirect("wizard:too_late", draft.public_id)
        return redirect(self.get_step_url(next_step))

    def render_done(self, form, **kwargs):
        # Finish on this POST (formtools would redirect to a GET that writes).
        return WizardView.render_done(self, form, **kwargs)

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        # Finishing re-validates every step: show Check your answers again, where each
        # answer that no longer fits is listed with a link to the step to fix it.
        messages.error(
            self.request,
            _(
                "Some answers no longer fit the others. "
                "Fix them before the Details text is written."
            ),
        )
        self.storage.current_step = CHECK_STEP
        return self.render(self.get_form(step=CHECK_STEP))

    def done(self, form_list, **kwargs):
        draft = self.save_draft(completed_step=CHECK_STEP, current_step=CHECK_STEP)
        return redirect("wizard:result", draft.public_id)

    # --- saving --------------------------------------------------------------------

    def collect_answers(self, completed_step=None, validated=None) -> tuple[dict, list[str]]:
        """All valid answers of the steps in use, and the steps that are complete.

        `validated`: the form of `completed_step` this POST has just validated (and stored),
        so it is not built and validated a second time. Sets `self.step_validity`:
        {step: valid} for each step in use with stored data.
        """
        answers, completed = {}, []
        self.step_validity = {}
        previously = set(self.completed_steps())
        # A step whose input was kept because another answer broke it, valid again.
        kept_before = set(self.draft.unsaved_input or {}) if self.draft else set()
        for step in self.get_form_list():
            if step == CHECK_STEP:
                continue
            if step == completed_step and validated is not None:
                form, valid = validated, True
            else:
                data = self.storage.get_step_data(step)
                if data is None:
                    continue
                form = self.get_form(step=step, data=data)
                valid = form.is_valid()
            self.step_validity[step] = valid
            answers.update(form.to_answers(form.cleaned_data))
            if valid and (step in previously or step == completed_step or step in kept_before):
                completed.append(step)
        if completed_step == CHECK_STEP:
            completed.append(CHECK_STEP)
        return answers, completed

    @transaction.atomic(savepoint=False)
    def save_draft(
        self, *, completed_step=None, current_step="", kept_input=None, validated=None
    ) -> CreditRequestDraft:
        """Save what the wizard knows to the draft (the first save creates it).

        The POST read the draft locked (dispatch): a review move in another tab or by
        another person waits for this save and never is overwritten by it.
        `kept_input`: {step: input as typed} for steps whose input is kept unsaved (it did
        not validate, or the step no longer applies); a step saved with valid input forgets
        any input kept for it before. `validated`:
        the current step's form, just validated by this POST. A save that would write the
        draft as it is (a double click) writes nothing and keeps its version.
        """
        answers, completed = self.collect_answers(completed_step, validated)
        if self.draft is None:
            draft, as_read = self._create_draft(), None
        else:
            draft = self.draft
            if draft.status != DraftStatus.DRAFT:
                raise DraftNoLongerEditable(draft)
            as_read = saved_columns(draft)
        draft.set_answers(answers)
        draft.unsaved_input = self.input_to_keep(
            dict(draft.unsaved_input or {}),
            previously_completed=set(draft.completed_steps or []),
            completed_step=completed_step,
        )
        draft.unsaved_input.update(
            {step: data for step, data in (kept_input or {}).items() if data}
        )
        draft.completed_steps = completed
        draft.current_step = current_step or ""
        today = request_date()
        verdict = self.current_verdict(answers, today=today)
        if verdict is not None:
            record_verdict(draft, verdict, today=today)
        # A save that changes nothing (a double click, a page saved again as it was) writes
        # nothing: no new version, no history record. Otherwise only the changed columns
        # are written (the row is locked: no other column can have changed meanwhile).
        if as_read is None:
            draft.save(locked=True)
        elif changed := changed_columns(draft, as_read):
            draft.version += 1
            draft.save(locked=True, update_fields=[*changed, "version", "updated_at"])
        self.draft = draft
        self.remember_draft_state()
        self.saved_verdict = verdict  # the verdict on the answers just saved, not recomputed
        return draft

    def input_to_keep(self, kept: dict, *, previously_completed: set, completed_step) -> dict:
        """The draft's input kept as typed, brought up to date with the session's steps.

        An answer is never dropped from the draft just because another answer changed:
        a completed step that no longer validates (the evidence email after the tenant's
        domains changed) keeps its input as typed, and so does every step the request no
        longer has (the outage's pages after the credit type changed), so that changing
        back, even in a new session, brings them back. A step that validates forgets it.
        Call after collect_answers.
        """
        in_use = self.get_form_list()
        for step, valid in self.step_validity.items():
            if step not in kept and (valid or step not in previously_completed):
                continue  # the common case: nothing kept, nothing to keep
            data = self.own_step_input(step, self.storage.get_step_data(step))
            if valid and (step == completed_step or kept[step] == data):
                kept.pop(step)  # saved as answers now
            elif not valid and step not in kept:
                kept[step] = data  # it held before another answer changed
        for step in self.form_list:
            if step not in in_use and step != CHECK_STEP and step not in kept:
                data = self.storage.get_step_data(step)
                if data:
                    kept[step] = self.own_step_input(step, data)
        return kept

    def own_step_input(self, step, data) -> dict:
        """own_input() for a step, whether or not the request has it now."""
        return own_input(self.step_form(step), data)

    def step_form(self, step):
        """An unbound form of any step, whether or not the request has it now (formtools'
        get_form() refuses a step outside get_form_list())."""
        form_class = self.form_list[step]
        return form_class(
            prefix=self.get_form_prefix(step, form_class), **self.get_form_kwargs(step)
        )

    def current_verdict(self, answers=None, *, today=None):
        """The rules' verdict on the answers so far; None until there is enough to judge."""
        answers = self.draft.answers if answers is None else answers
        if not is_evaluable(answers):
            return None
        try:
            return evaluate_answers(answers, today=today or request_date())
        except ValueError:
            return None  # answers saved by an older form the rules no longer read

    def _create_draft(self) -> CreditRequestDraft:
        user = self.request.user
        try:
            with transaction.atomic():
                return CreditRequestDraft.objects.create(
                    public_id=self.public_id, owner=user, organisation=user.organisation
                )
        except IntegrityError:
            # A double click: the other request created it a moment ago.
            draft = editable_draft_or_none(self.request, self.public_id, lock=True)
            if draft is None:
                raise
            return draft

    # --- pages ---------------------------------------------------------------------

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        steps = list(self.get_form_list())
        previous = self.get_prev_step(step)
        context.update(
            {
                "step_title": form.title,
                "step_lead": form.lead,
                "step_number": steps.index(step) + 1,
                # Until the credit type is chosen, the number of steps is not known.
                "step_count": len(steps) if self.chosen_credit_type() else None,
                "draft": self.draft,
                "back_url": (
                    reverse(self.url_name, kwargs={"public_id": self.public_id, "step": CHECK_STEP})
                    if self.returning_to_check()
                    else (self.get_step_url(previous) if previous else None)
                ),
                "form_action": self.request.get_full_path(),
                "rule_set_version": current_rule_set().version,
            }
        )
        if step == FIRST_STEP:
            context["refusals"] = self.requester_refusals(form)
        elif step == CHECK_STEP:
            # Re-read every step against the others now: the page never shows an old verdict.
            answers, _completed = self.collect_answers()
            verdict = self.current_verdict(answers)
            if verdict is not None:
                context["outlook"] = verdict_summary(verdict, today=request_date())
        elif self.draft is not None and self.chosen_credit_type():
            verdict = self.current_verdict()
            if verdict is not None:
                context["outlook"] = verdict_summary(verdict, today=request_date(), partial=True)
                # On a page with errors the outlook is the saved answers', not what was typed.
                context["outlook_as_saved"] = form.is_bound and bool(form.errors)
        if step == CHECK_STEP:
            context["answer_sections"] = self.answer_sections()
        return context

    def requester_refusals(self, form):
        """The rules' refusals for the role and partner type shown (told before any POST)."""
        from creditrequests.evaluation import requester_problems

        if form.is_bound and form.errors:
            return []  # the same messages are already next to the fields
        if form.is_bound:
            values = {name: form[name].value() for name in ("role", "partner_type")}
        else:
            values = {name: form[name].initial for name in ("role", "partner_type")}
        try:
            problems = requester_problems(values["role"], values["partner_type"])
        except ValueError:
            return []
        return [finding_text(problem) for problem in problems]

    def answer_sections(self):
        """Each step's answers, re-validated against the others' current answers.

        A step whose answers no longer hold (the evidence email after the tenant
        domains changed) lists its errors with a link to fix them; a free-text
        answer that looks non-English gets a warning before the Details text is written.
        """
        sections = []
        for step in self.get_form_list():
            if step == CHECK_STEP:
                continue
            data = self.storage.get_step_data(step)
            form = self.get_form(step=step, data=data)
            valid = data is not None and form.is_valid()
            change_url = (
                reverse(self.url_name, kwargs={"public_id": self.public_id, "step": step})
                + "?return="
                + RETURN_TO_CHECK
            )
            sections.append(
                {
                    "step": step,
                    "title": form.title,
                    "change_url": change_url,
                    "complete": valid,
                    "answered": data is not None,
                    "errors": step_errors(form) if data is not None and not valid else [],
                    "warnings": english_warnings(form) if valid else [],
                    "rows": form.display_values(form.cleaned_data) if valid else [],
                }
            )
        return sections


def _continue_anyway_key(draft) -> str:
    return f"wizard_continue_anyway_{draft.public_id.hex}"


def is_too_late(request, draft, verdict) -> bool:
    """The rules already say the request missed its deadline, and nobody chose to go on."""
    if verdict is None or request.session.get(_continue_anyway_key(draft)):
        return False
    return missed_deadline(verdict) is not None


@login_required
def too_late(request, public_id):
    """An early stop: the request is already too late, said before the evidence questions.

    "Continue anyway" finishes the draft for a reviewer's record (the verdict stays).
    """
    draft = editable_draft_or_none(request, public_id)
    if draft is None:
        raise Http404
    if draft.status != DraftStatus.DRAFT:
        return _not_editable(request, draft)
    step = first_unfinished_step(draft.answers, draft.completed_steps)
    next_url = reverse("wizard:step", kwargs={"public_id": draft.public_id, "step": step})
    if request.method == "POST":
        request.session[_continue_anyway_key(draft)] = True
        return redirect(next_url)
    today = request_date()
    verdict = evaluate_draft(draft, today=today)
    return render(
        request,
        "wizard/too_late.html",
        {"draft": draft, "summary": verdict_summary(verdict, today=today, partial=True)},
    )


@login_required
@require_GET
def start(request):
    """Start a fresh request: pick its ID now, create the draft on the first POST."""
    return redirect("wizard:step", public_id=uuid.uuid4(), step=FIRST_STEP)


@login_required
@require_GET
def resume(request, public_id):
    """Continue a saved draft at its first unfinished step, rebuilt from the saved answers."""
    draft = editable_draft_or_none(request, public_id)
    if draft is None:
        raise Http404
    if draft.status != DraftStatus.DRAFT:
        return _not_editable(request, draft)
    request.session.pop(f"wizard_draft_{draft.public_id.hex}", None)
    step = first_unfinished_step(draft.answers, draft.completed_steps)
    return redirect("wizard:step", public_id=draft.public_id, step=step)


def _finished_draft(request, public_id):
    draft = get_object_or_404(
        CreditRequestDraft.objects.visible_to(request.user), public_id=public_id
    )
    finished = CHECK_STEP in (draft.completed_steps or []) and is_evaluable(draft.answers)
    return draft, finished


@login_required
@require_GET
def result(request, public_id):
    """The verdict in plain words, the Details text to paste, and how to file it."""
    draft, finished = _finished_draft(request, public_id)
    if not finished:
        if draft.owner_id == request.user.pk and draft.status == DraftStatus.DRAFT:
            return redirect("wizard:resume", draft.public_id)
        return redirect("drafts:detail", draft.public_id)
    today = request_date()
    verdict = evaluate_draft(draft, today=today)
    is_owner = draft.owner_id == request.user.pk
    return render(
        request,
        "wizard/result.html",
        {
            "draft": draft,
            "verdict": verdict,
            "summary": verdict_summary(verdict, today=today),
            "procedure_steps": len(rules.RULE_SETS[verdict.rule_set].procedure),
            "can_edit": is_owner and draft.status == DraftStatus.DRAFT,
            "may_submit": services.Action.SUBMIT in services.available_actions(draft, request.user),
            "submit_form": SubmitForReviewForm(initial={"version": draft.version}),
            "duplicates": duplicates_of(draft),
            "own_differences": own_requester_differences(draft) if is_owner else [],
            "links": filing_links(verdict, draft.answers),
        },
    )


@login_required
@require_GET
def download(request, public_id):
    """The Details text as a UTF-8 .txt file."""
    draft, finished = _finished_draft(request, public_id)
    verdict = evaluate_draft(draft) if finished else None
    if verdict is None or not verdict.details_text:
        raise Http404
    response = HttpResponse(verdict.details_text, content_type="text/plain; charset=utf-8")
    filename = download_filename(draft, "txt")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
