"""Accidental purchase: what was bought, when, and what went wrong."""

from django.utils.translation import gettext_lazy as _

from creditrequests.messages import choices
from creditrequests.wizard.forms import (
    CountField,
    GuidField,
    LongTextField,
    PastDateField,
    StepForm,
    TextField,
    radio_choice,
)
from rules import Offer, validators
from rules.model import Commerce

# Questions only legacy purchases need: new commerce counts its window from the event instead.
LEGACY_ONLY_FIELDS = ("offer", "purchase_date", "suspension_date", "users_assigned")


class AccidentalPurchaseForm(StepForm):
    title = _("The accidental purchase")
    lead = _("Tell us what was bought by mistake and when. The deadline depends on the offer.")

    offer = radio_choice(
        choices(Offer),
        label=_("Which offer was bought?"),
        required_message=_("Select the offer that was bought."),
    )
    users_assigned = CountField(
        label=_("Users assigned"),
        required=False,
        help_text=_("Microsoft 365 A1 only: how many users have a licence assigned now."),
    )
    # Asked only when the offer is Microsoft 365 A1 (shown under that choice by app.js).
    users_assigned.shown_when = ("offer", Offer.M365_A1)
    purchase_date = PastDateField(
        label=_("Purchase date"),
        future_message=_("The purchase date cannot be in the future. Enter the day it was bought."),
    )
    suspension_date = PastDateField(
        label=_("Suspension date"),
        required=False,
        help_text=_("The day the subscription was cancelled (suspended). Leave empty if not yet."),
        future_message=_(
            "The suspension date cannot be in the future. Leave it empty if the "
            "subscription is not suspended yet."
        ),
    )
    subscription_id = GuidField(
        label=_("Subscription ID"),
        required=False,
        invalid_message=_(
            "Enter the subscription ID as shown in Partner Center: 32 letters and digits "
            "in groups 8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    order_id = TextField(label=_("Order ID"), required=False, max_length=100)
    description = LongTextField(
        label=_("What went wrong"),
        help_text=_("For example: the licence count was raised from 10 to 100 by mistake."),
    )

    def __init__(self, *args, commerce=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commerce == Commerce.NEW_COMMERCE:
            self.lead = _(
                "Tell us which subscription it is and what went wrong. The window was counted "
                "on the previous step."
            )
            for name in LEGACY_ONLY_FIELDS:
                del self.fields[name]

    def clean(self):
        cleaned_data = super().clean()
        purchase, suspension = (
            cleaned_data.get("purchase_date"),
            cleaned_data.get("suspension_date"),
        )
        if purchase and suspension:
            problem = validators.check_order(
                purchase, suspension, field="suspension_date", start_field="purchase_date"
            )
            if problem:
                self.add_error(
                    "suspension_date",
                    _("The suspension date cannot be before the purchase date. Check both dates."),
                )
        if "users_assigned" in self.fields and cleaned_data.get("offer") != Offer.M365_A1:
            cleaned_data["users_assigned"] = None  # a question the offer does not ask
        elif (
            cleaned_data.get("offer") == Offer.M365_A1
            and cleaned_data.get("users_assigned") is None
        ):
            self.add_error(
                "users_assigned",
                _("Enter how many users have a Microsoft 365 A1 licence assigned (0 if none)."),
            )
        return cleaned_data
