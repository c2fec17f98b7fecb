"""Forms for the draft list, the moves of a draft, and the review page.

Every move form carries the draft's `version` as a hidden field: a stale form
(another tab, another reviewer, a double click) is refused by services.py.
"""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from creditrequests import text as text_rule
from creditrequests.evaluation import request_date
from creditrequests.models import (
    URGENCY_GROUPS,
    ClosedResult,
    CloseReason,
    CreditType,
    DraftState,
)
from creditrequests.services import COMMENT_MAX_LENGTH, TICKET_MAX_LENGTH


class DraftFilterForm(forms.Form):
    """Filters for My drafts and the review queue (GET; invalid values are ignored)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Customer name or your reference."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open drafts")), *DraftState.choices],
    )
    credit_type = forms.ChoiceField(
        label=_("Credit type"),
        required=False,
        choices=[("", _("All credit types")), *CreditType.choices],
    )
    # Set by the counts at the top of the list (links), not shown as a field.
    due = forms.ChoiceField(
        required=False,
        choices=[("", ""), *((group, group) for group in URGENCY_GROUPS)],
        widget=forms.HiddenInput,
    )

    def filter(self, drafts, *, today=None, returned_first: bool = True):
        """The drafts matching the filters; closed drafts only when searched for or asked for."""
        empty = {"status": "", "credit_type": "", "q": "", "due": ""}
        data = self.cleaned_data if self.is_valid() else empty
        query = data["q"].strip()
        if data["status"]:
            drafts = drafts.in_state(data["status"])
        elif not query:
            drafts = drafts.open()
        if data["due"] and (returned_first or data["due"] != "returned"):
            drafts = drafts.in_urgency_group(
                data["due"], today or request_date(), returned=returned_first
            )
        if data["credit_type"]:
            drafts = drafts.filter(credit_type=data["credit_type"])
        if query:
            drafts = drafts.filter(
                Q(customer_name__icontains=query) | Q(reference__icontains=query)
            )
        return drafts


class VersionForm(forms.Form):
    """The version of the draft the person was looking at when they pressed the button."""

    # Several move forms can share a page: each gets its own HTML ids.
    id_prefix = "move"

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class SubmitForReviewForm(VersionForm):
    id_prefix = "submit"


class ReviewForm(VersionForm):
    id_prefix = "review"
    APPROVE = "approve"
    RETURN = "return"

    comment = forms.CharField(
        label=_("Comment for the drafter"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Required when you return the draft: say what to change."),
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[text_rule.validate_multiline],
    )
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return for changes"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose whether to approve or return the draft.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error(
                "comment", _("Write a comment saying what to change before you return the draft.")
            )
        return cleaned


class FilingForm(VersionForm):
    id_prefix = "filing"

    ticket = forms.CharField(
        label=_("Partner Center ticket number"),
        max_length=TICKET_MAX_LENGTH,
        help_text=_("The service request number Partner Center showed after you submitted."),
        error_messages={"required": _("Enter the Partner Center ticket number.")},
        validators=[text_rule.validate_single_line],
    )
    filed_on = forms.DateField(
        label=_("Filed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date you filed the request."),
            "invalid": _("Enter the filing date as a real date, for example 2026-03-31."),
        },
    )

    def __init__(self, *args, approved_at=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.approved_on = timezone.localdate(approved_at) if approved_at else None

    def clean_ticket(self):
        return self.cleaned_data["ticket"].strip()

    def clean_filed_on(self):
        filed_on = self.cleaned_data["filed_on"]
        if filed_on > request_date():
            raise forms.ValidationError(_("The filing date cannot be in the future."))
        if self.approved_on and filed_on < self.approved_on:
            raise forms.ValidationError(
                _("The filing date cannot be before the draft was approved (%(date)s).")
                % {"date": formats.date_format(self.approved_on, "DATE_FORMAT")}
            )
        return filed_on


class CloseForm(VersionForm):
    id_prefix = "close"

    result = forms.ChoiceField(
        label=_("What did Microsoft decide?"),
        choices=ClosedResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether Microsoft credited or refused.")},
    )
    credited_amount = forms.DecimalField(
        label=_("Credited amount"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("When credited: the amount on the credit note."),
        error_messages={"invalid": _("Enter the credited amount as a number, like 125.50.")},
    )
    refusal_reason = forms.CharField(
        label=_("Microsoft's reason"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("When refused: the reason Microsoft gave."),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[text_rule.validate_multiline],
    )

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        amount_missing = (
            cleaned.get("credited_amount") is None and "credited_amount" not in self.errors
        )
        if result == ClosedResult.CREDITED and amount_missing:
            self.add_error("credited_amount", _("Enter the amount Microsoft credited."))
        if result == ClosedResult.REFUSED and not cleaned.get("refusal_reason", "").strip():
            self.add_error("refusal_reason", _("Enter the reason Microsoft gave."))
        return cleaned


class CloseDraftForm(VersionForm):
    """Close a draft that will not be filed (or not by us), saying why."""

    id_prefix = "close-draft"

    reason = forms.ChoiceField(
        label=_("Why are you closing this draft?"),
        choices=CloseReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose why you are closing the draft."),
            "invalid_choice": _("Choose why you are closing the draft."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Optional: for example the other draft's reference or who handles it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OneClickCloseForm(VersionForm):
    """The one-click close offered when there is nothing to request or it is too late."""

    id_prefix = "quick-close"

    reason = forms.ChoiceField(choices=CloseReason.choices, widget=forms.HiddenInput)


class HandOverForm(VersionForm):
    """Hand a draft to an Admin agent of the organisation (who becomes its owner)."""

    id_prefix = "hand-over"

    to = forms.ModelChoiceField(
        label=_("Hand it over to"),
        queryset=None,
        empty_label=_("Choose an Admin agent"),
        error_messages={
            "required": _("Choose an Admin agent of your organisation to hand the draft to."),
            "invalid_choice": _("Choose an Admin agent of your organisation to hand the draft to."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = candidates
        self.fields["to"].label_from_instance = lambda user: user.get_full_name() or user.username


class WithdrawForm(VersionForm):
    id_prefix = "withdraw"


class ReopenForm(VersionForm):
    id_prefix = "reopen"


class CalendarTokenForm(forms.Form):
    CREATE = "create"
    REVOKE = "revoke"

    operation = forms.ChoiceField(
        choices=[(CREATE, _("Create a new address")), (REVOKE, _("Turn the feed off"))]
    )
