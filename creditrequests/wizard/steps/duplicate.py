"""Duplicate order: the original and the new subscription."""

from django.utils.translation import gettext_lazy as _

from creditrequests.wizard.forms import GuidField, LongTextField, PastDateField, StepForm
from rules.model import Commerce


class DuplicateOrderForm(StepForm):
    title = _("The duplicate order")
    lead = _(
        "Tell us about both subscriptions. The request must reach Microsoft within 120 days "
        "of the new subscription's purchase."
    )

    original_subscription_id = GuidField(
        label=_("Original subscription ID"),
        invalid_message=_(
            "Enter the original subscription ID as a GUID: 32 letters and digits in groups "
            "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    original_tenant_id = GuidField(
        label=_("Original tenant ID"),
        help_text=_("The tenant that holds the original subscription."),
        invalid_message=_(
            "Enter the original tenant ID as a GUID: 32 letters and digits in groups "
            "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    new_subscription_id = GuidField(
        label=_("New subscription ID"),
        invalid_message=_(
            "Enter the new subscription ID as a GUID: 32 letters and digits in groups "
            "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    tenant_id = GuidField(
        label=_("New tenant ID"),
        help_text=_("The tenant that holds the new subscription (the same as above if unchanged)."),
        invalid_message=_(
            "Enter the new tenant ID as a GUID: 32 letters and digits in groups "
            "8-4-4-4-12, like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    new_subscription_purchase_date = PastDateField(
        label=_("Purchase date of the new subscription"),
        future_message=_(
            "The purchase date of the new subscription cannot be in the future. Enter the day "
            "it was bought."
        ),
    )
    description = LongTextField(
        label=_("Why was it duplicated?"),
        help_text=_(
            "For example: the customer moved to a new tenant and the old one kept billing."
        ),
    )

    def clean(self):
        """Two subscriptions, each with its own ID; a subscription ID is never a tenant ID.

        The two tenant IDs may be the same (the customer kept its tenant).
        """
        cleaned_data = super().clean()
        original = cleaned_data.get("original_subscription_id")
        new = cleaned_data.get("new_subscription_id")
        if original and new and original == new:
            self.add_error(
                "new_subscription_id",
                _(
                    "The new subscription ID is the same as the original one. A duplicate "
                    "order has two subscriptions: enter the ID of the new one."
                ),
            )
        tenants = {cleaned_data.get("original_tenant_id"), cleaned_data.get("tenant_id")} - {None}
        for name in ("original_subscription_id", "new_subscription_id"):
            if cleaned_data.get(name) in tenants and name not in self.errors:
                self.add_error(
                    name,
                    _(
                        "This is the same GUID as a tenant ID. Enter the subscription's own ID, "
                        "from the subscription's page in Partner Center."
                    ),
                )
        return cleaned_data

    def __init__(self, *args, commerce=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commerce == Commerce.NEW_COMMERCE:
            # The new subscription's window counts from the event on the previous step.
            self.lead = _(
                "Tell us about both subscriptions. A new commerce duplicate is cancelled in "
                "Partner Center while its window is open."
            )
            del self.fields["new_subscription_purchase_date"]
