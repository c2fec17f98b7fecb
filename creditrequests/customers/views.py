"""The customer directory's pages: list and search, add, edit, archive, import a CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .csv_import import CsvRefused, import_customers
from .forms import CustomerForm, CustomerImportForm, CustomerSearchForm
from .models import Customer

PAGE_SIZE = 50


def _organisation(request):
    if request.user.organisation_id is None:
        raise PermissionDenied
    return request.user.organisation


def _customer(request, pk) -> Customer:
    return get_object_or_404(Customer.objects.visible_to(request.user), pk=pk)


@login_required
def customer_list(request):
    _organisation(request)
    search = CustomerSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    archived = request.GET.get("archived") == "1"
    customers = Customer.objects.visible_to(request.user).search(query)
    customers = customers.filter(archived_at__isnull=not archived)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "customers/list.html",
        {"search": search, "query": query, "page": page, "archived": archived},
    )


@login_required
def customer_add(request):
    organisation = _organisation(request)
    form = CustomerForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        Customer.objects.create(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("Customer added."))
        return redirect("customers:list")
    return render(request, "customers/form.html", {"form": form, "customer": None})


@login_required
def customer_edit(request, pk):
    customer = _customer(request, pk)
    initial = {
        "name": customer.name,
        "tenant_id": customer.tenant_id,
        "tenant_domains": "\n".join(customer.tenant_domains),
        "notes": customer.notes,
    }
    form = CustomerForm(
        request.POST or None,
        initial=initial,
        organisation=customer.organisation,
        instance=customer,
    )
    if request.method == "POST" and form.is_valid():
        for name, value in form.cleaned_data.items():
            setattr(customer, name, value)
        customer.save()
        messages.success(request, _("Customer saved."))
        return redirect("customers:list")
    return render(request, "customers/form.html", {"form": form, "customer": customer})


@login_required
@require_POST
def customer_archive(request, pk):
    customer = _customer(request, pk)
    if customer.archived_at is None:
        customer.archived_at = timezone.now()
        messages.success(
            request,
            _("%(name)s is archived: no longer offered in the wizard.") % {"name": customer.name},
        )
    else:
        customer.archived_at = None
        messages.success(request, _("%(name)s is back in the directory.") % {"name": customer.name})
    customer.save(update_fields=["archived_at", "updated_at", "domains_text"])
    return redirect("customers:list")


@login_required
def customer_import(request):
    organisation = _organisation(request)
    form = CustomerImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_customers(organisation, form.cleaned_data["file"].read())
        except CsvRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            if not report.problems:
                messages.success(
                    request,
                    _("Imported: %(created)d new customers, %(updated)d updated.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect("customers:list")
    return render(request, "customers/import.html", {"form": form, "report": report})
