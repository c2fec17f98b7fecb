"""Accidental purchases and duplicate orders: where it was bought, legacy or new commerce, and
for new commerce the product, what happened and when (UTC, as Partner Center shows it)."""

from datetime import UTC, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creditrequests.messages import choices
from creditrequests.wizard.forms import PastDateField, StepForm, radio_choice
from rules.model import BoughtFrom, Commerce, Event, Product

BOUGHT_FROM_CHOICES = [
    (BoughtFrom.CSP.value, _("Through us, in Partner Center (CSP)")),
    (BoughtFrom.MICROSOFT_DIRECT.value, _("Directly from Microsoft, not through a CSP partner")),
]


class PurchaseKindForm(StepForm):
    title = _("Where and how it was bought")
    lead = _(
        "Legacy and new commerce subscriptions follow different rules, and a purchase made "
        "directly from Microsoft is not a CSP credit request at all."
    )

    bought_from = radio_choice(
        BOUGHT_FROM_CHOICES,
        label=_("Where did the customer buy it?"),
        required_message=_("Select where the customer bought it."),
    )
    commerce = radio_choice(
        choices(Commerce),
        label=_("Legacy or new commerce?"),
        help_text=_(
            "How to tell: Partner Center shows it on the subscription. Almost everything bought "
            "since March 2022 is new commerce; legacy seat-based offers stopped selling then."
        ),
        required_message=_("Select legacy or new commerce."),
    )


class UtcTimeField(forms.TimeField):
    """A time of day (HH:MM) in UTC; empty means "only the date is known"."""

    # A plain text box, not type="time": browsers show that in the reader's locale (01:05 PM),
    # and the answer here is UTC as Partner Center shows it, always 24-hour.
    widget = forms.TimeInput(
        attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false", "size": "6"},
        format="%H:%M",
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%H:%M", "%H:%M:%S", "%H.%M"])
        super().__init__(required=False, **kwargs)
        self.error_messages["invalid"] = _("Enter the time as hours and minutes, like 14:05.")

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 16:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _moment_text(day, clock) -> str:
    """The rules' event time: an ISO UTC date-time, or the bare date when no time was given."""
    if clock is None:
        return day.isoformat()
    return datetime.combine(day, clock, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class NewCommerceForm(StepForm):
    title = _("The new commerce subscription")
    lead = _(
        "In new commerce you cancel, or reduce seats, yourself in Partner Center within a window "
        "counted in hours from the event. Give the date and time in UTC, as Partner Center "
        "shows them."
    )

    product = radio_choice(
        choices(Product),
        label=_("What kind of product is it?"),
        required_message=_("Select the kind of product."),
    )
    event = radio_choice(
        choices(Event),
        label=_("What happened?"),
        help_text=_(
            "A purchase, a renewal, seats added, a trial converted to paid or a migration opens "
            "a window of its own. A partial upgrade keeps its parent subscription's window."
        ),
        required_message=_("Select what happened."),
    )
    event_date = PastDateField(
        label=_("Date it happened (UTC)"),
        future_message=_("The date cannot be in the future. Enter the day it happened, in UTC."),
    )
    event_clock = UtcTimeField(
        label=_("Time it happened (UTC)"),
        help_text=_(
            "Hours and minutes in UTC, like 14:05. Leave it empty if you know only the date: the "
            "window is then counted from 00:00 UTC, the earliest it can close."
        ),
    )
    parent_event_date = PastDateField(
        label=_(
            "Partial upgrade only: date of the parent subscription's purchase or renewal (UTC)"
        ),
        required=False,
        future_message=_("The date cannot be in the future. Enter the day it happened, in UTC."),
    )
    parent_event_clock = UtcTimeField(label=_("Partial upgrade only: its time (UTC)"))

    # The rules' answer keys this step fills in (its fields are split into date and time).
    ANSWER_KEYS = ("product", "event", "event_time", "parent_event_time")

    def clean(self):
        cleaned_data = super().clean()
        now = timezone.now()
        for prefix in ("event", "parent_event"):
            day, clock = cleaned_data.get(f"{prefix}_date"), cleaned_data.get(f"{prefix}_clock")
            if day and clock and datetime.combine(day, clock, tzinfo=UTC) > now:
                self.add_error(
                    f"{prefix}_clock",
                    _("This time is in the future (it is %(now)s UTC now). Enter the time in UTC.")
                    % {"now": now.strftime("%H:%M")},
                )
        if cleaned_data.get("event") == Event.PARTIAL_UPGRADE and not cleaned_data.get(
            "parent_event_date"
        ):
            self.add_error(
                "parent_event_date",
                _(
                    "A partial upgrade keeps its parent subscription's window: enter the date the "
                    "parent subscription was bought or renewed."
                ),
            )
        return cleaned_data

    def to_answers(self, cleaned_data: dict) -> dict:
        answers = {}
        for name in ("product", "event"):
            if cleaned_data.get(name):
                answers[name] = cleaned_data[name]
        for prefix in ("event", "parent_event"):
            day = cleaned_data.get(f"{prefix}_date")
            if day:
                answers[f"{prefix}_time"] = _moment_text(day, cleaned_data.get(f"{prefix}_clock"))
        if cleaned_data.get("event") != Event.PARTIAL_UPGRADE:
            answers.pop("parent_event_time", None)
        return answers

    @classmethod
    def data_from_answers(cls, answers: dict, prefix: str) -> dict:
        data = {}
        for name in ("product", "event"):
            if answers.get(name):
                data[f"{prefix}-{name}"] = [str(answers[name])]
        for key in ("event", "parent_event"):
            text = answers.get(f"{key}_time")
            if not isinstance(text, str) or len(text) < 10:
                continue
            data[f"{prefix}-{key}_date"] = [text[:10]]
            if len(text) >= 16 and text[10] in "T ":
                data[f"{prefix}-{key}_clock"] = [text[11:16]]
        return data

    @classmethod
    def answer_keys(cls) -> tuple[str, ...]:
        return cls.ANSWER_KEYS

    def display_values(self, cleaned_data: dict) -> list[dict]:
        rows = []
        partial = cleaned_data.get("event") == Event.PARTIAL_UPGRADE
        for row, name in zip(super().display_values(cleaned_data), self.fields, strict=True):
            if name.startswith("parent_") and not partial:
                continue
            clock = cleaned_data.get(name)
            if isinstance(clock, time):
                row["text"] = clock.strftime("%H:%M") + " UTC"
            rows.append(row)
        return rows
