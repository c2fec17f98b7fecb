"""Forms of the customer directory: one customer, the CSV import, the search box."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from creditrequests.wizard.forms import DomainListField, GuidField, LongTextField, TextField

from .models import Customer


class CustomerForm(forms.Form):
    name = TextField(label=_("Customer name"), help_text=_("As it appears in Partner Center."))
    tenant_id = GuidField(
        label=_("Tenant ID"),
        required=False,
        help_text=_("Partner Center's “Microsoft ID”: a GUID."),
        invalid_message=_(
            "Enter the tenant ID as a GUID: 32 letters and digits in groups 8-4-4-4-12, "
            "like 2f1e6c1a-7d3b-4b7e-9a51-0c3f8e6d2b14."
        ),
    )
    tenant_domains = DomainListField(
        label=_("Tenant domains"),
        required=False,
        help_text=_("One a line, like contoso.com."),
    )
    notes = LongTextField(label=_("Notes"), required=False)

    def __init__(self, *args, organisation, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance = instance

    def clean_tenant_id(self):
        tenant_id = self.cleaned_data["tenant_id"]
        if tenant_id:
            others = Customer.objects.filter(organisation=self.organisation, tenant_id=tenant_id)
            if self.instance is not None:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise ValidationError(
                    _("Another customer in your directory has this tenant ID."),
                    code="duplicate_tenant",
                )
        return tenant_id


class CustomerImportForm(forms.Form):
    file = forms.FileField(
        label=_("Customer list (CSV)"),
        help_text=_(
            "Partner Center: Customers → Export customers. The columns “Microsoft ID”, "
            "“Company name” and “Primary domain name” are read; other columns are ignored."
        ),
        error_messages={
            "required": _("Choose the CSV file to import."),
            "empty": _("The file is empty."),
        },
    )


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search customers"), required=False, max_length=100)
