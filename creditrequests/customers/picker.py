"""Pick a customer from the directory in the wizard's customer step.

The picker is a text box with a `<datalist>` of the organisation's customers: the browser
offers matches as you type, without any script. The server resolves what was typed (the
exact entry, a tenant ID, a domain, or a name that matches one customer only), so it works
in any browser. The pick fills the customer name and, in the step that asks for them, the
tenant ID and domains, which stay editable. The pick itself is not an answer the rules read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from uuid import uuid4

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .models import Customer

PICK_FIELD = "directory_customer"
CUSTOMER_STEP = "customer"
FILLED_KEYS = ("tenant_id", "tenant_domains")
MAX_OFFERED = 500
# How long a list is kept at most (a change always renews it; this bounds a list kept
# over a change the cache failed to hear of).
LIST_KEPT_SECONDS = 3600
logger = logging.getLogger(__name__)


ENTRY_FIELDS = ("name", "tenant_id", "tenant_domains")  # what entry() reads


def entry(customer: Customer) -> str:
    """How a customer reads in the list: name, then what tells namesakes apart."""
    extra = customer.tenant_domains[0] if customer.tenant_domains else customer.tenant_id
    return f"{customer.name} ({extra})" if extra else customer.name


def _directory_keys(organisation_id: int) -> tuple[str, str]:
    prefix = f"customers:directory:{organisation_id}"
    return f"{prefix}:version", f"{prefix}:offered"


def offered_entries(organisation_id: int) -> tuple[str, ...]:
    """The entries the picker offers an organisation: its active customers by name,
    MAX_OFFERED at most, each as entry() writes it.

    Kept in the cache every app server shares (settings.CACHES), so showing the customer
    step costs one cache read instead of a directory query and an entry per customer.
    The list is kept with the directory version it was read at, and directory_changed()
    gives the directory a new one, so a list read before a change is never offered
    after it (on any app server). When the cache fails (Redis down), the directory is
    read from the database: the page never fails for want of a suggestion list.
    """
    version_key, offered_key = _directory_keys(organisation_id)
    try:
        found = cache.get_many([version_key, offered_key])
        version, kept = found.get(version_key), found.get(offered_key)
        if version is not None and kept is not None and kept[0] == version:
            return kept[1]
        if version is None and not cache.add(version_key, version := uuid4().hex, timeout=None):
            version = cache.get(version_key, version)  # another request gave it one meanwhile
    except Exception:  # any cache backend's error: the database still answers
        logger.warning("The customer picker's cache failed; reading the directory.", exc_info=True)
        return _read_entries(organisation_id)
    entries = _read_entries(organisation_id)
    try:
        cache.set(offered_key, (version, entries), timeout=LIST_KEPT_SECONDS)
    except Exception:  # any cache backend's error: the list is read again next time
        logger.warning("The customer picker's cache failed; reading the directory.", exc_info=True)
    return entries


def _read_entries(organisation_id: int) -> tuple[str, ...]:
    customers = Customer.objects.filter(organisation_id=organisation_id).active()
    return tuple(entry(customer) for customer in customers.only(*ENTRY_FIELDS)[:MAX_OFFERED])


def directory_changed(organisation_id: int) -> None:
    """Give an organisation's directory a new version when the change commits: every app
    server's picker lists it afresh (a list read before the commit carries the old
    version). Once per transaction and organisation: a CSV import of 500 customers in one
    transaction renews the list once. Outside a transaction, at once.
    """
    renew = _NewVersion(organisation_id)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback == renew and not callback.done
        for _savepoints, callback, *_rest in connection.run_on_commit
    ):
        return
    transaction.on_commit(renew)


@dataclass
class _NewVersion:
    """directory_changed's on-commit callback (equal for the same organisation)."""

    organisation_id: int
    done: bool = field(default=False, compare=False)

    def __call__(self) -> None:
        self.done = True
        try:
            cache.set(_directory_keys(self.organisation_id)[0], uuid4().hex, timeout=None)
        except Exception:  # any cache backend's error: the change itself is saved
            logger.warning("The customer picker's cache failed; its list may be an hour old.")


@receiver(post_init, sender=Customer, dispatch_uid="picker-directory-loaded")
def _remember_directory(sender, instance: Customer, **kwargs) -> None:
    """The directory the customer was loaded from: a save that moves the customer to
    another organisation (the admin's change form) changes that directory too.
    Read from __dict__, so that a customer loaded with .only() reads no deferred column."""
    instance._picker_organisation_id = instance.__dict__.get("organisation_id")


@receiver(post_save, sender=Customer, dispatch_uid="picker-directory-saved")
@receiver(post_delete, sender=Customer, dispatch_uid="picker-directory-deleted")
def _customer_changed(sender, instance: Customer, **kwargs) -> None:
    loaded_from = getattr(instance, "_picker_organisation_id", None)
    directory_changed(instance.organisation_id)
    if loaded_from is not None and loaded_from != instance.organisation_id:
        directory_changed(loaded_from)
    instance._picker_organisation_id = instance.organisation_id


class DatalistInput(forms.TextInput):
    """A text box with a `<datalist>` of the customers offered.

    `entries` (a callable giving the entries) is called only when the widget is
    rendered: a POST that validates and redirects never reads a list it does not show.
    """

    template_name = "customers/datalist_input.html"

    def __init__(self, *args, entries=tuple, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-list"
        context["widget"]["attrs"]["list"] = list_id
        context["list_id"] = list_id
        context["entries"] = self.entries()
        return context


class CustomerPickerMixin:
    """Adds the directory picker to a step form that has a `customer_name` field."""

    def add_picker(self, organisation_id: int | None) -> None:
        """`organisation_id`: whose directory to offer and resolve picks in (None: nobody's)."""
        self.organisation_id = organisation_id
        entries = (lambda: offered_entries(organisation_id)) if organisation_id else tuple
        self.fields[PICK_FIELD] = forms.CharField(
            label=_("Pick from your customers"),
            required=False,
            max_length=300,
            help_text=_(
                "Type part of the name, tenant ID or domain and choose the customer: the "
                "tenant ID and domains are filled in for you. Leave it empty for a customer "
                "who is not in your directory."
            ),
            widget=DatalistInput(
                entries=entries,
                attrs={"autocomplete": "off", "spellcheck": "false"},
            ),
        )
        self.order_fields([PICK_FIELD, *[name for name in self.fields if name != PICK_FIELD]])
        self.picked: Customer | None = None
        self._name_from_pick()

    @cached_property
    def customers(self):
        """The directory's active customers, a pick is resolved in (built when one is)."""
        if not self.organisation_id:
            return Customer.objects.none()
        return Customer.objects.filter(organisation_id=self.organisation_id).active()

    def _name_from_pick(self) -> None:
        """A pick with the name left empty: the name is the customer's (still required)."""
        if not self.is_bound:
            return
        typed = " ".join(str(self.data.get(self.add_prefix(PICK_FIELD), "")).split())
        name_key = self.add_prefix("customer_name")
        if not typed or str(self.data.get(name_key, "")).strip():
            return
        try:
            customer = resolve(self.customers, typed)
        except ValidationError:
            return  # the picker's own error says why
        data = self.data.copy()
        data[name_key] = customer.name
        self.data = data

    def clean_directory_customer(self):
        typed = " ".join((self.cleaned_data.get(PICK_FIELD) or "").split())
        if not typed:
            return ""
        self.picked = resolve(self.customers, typed)
        return entry(self.picked)


def resolve(customers, typed: str) -> Customer:
    """The one customer the typed text names; ValidationError when none or several do."""
    by_entry = [c for c in customers.search(typed.split(" (")[0]) if entry(c) == typed]
    if len(by_entry) == 1:
        return by_entry[0]
    matches = list(customers.search(typed)[:6])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValidationError(
            _(
                "No customer in your directory matches “%(typed)s”. Check the spelling, or "
                "leave this empty and type the customer's name below."
            ),
            code="no_match",
            params={"typed": typed[:100]},
        )
    raise ValidationError(
        _("“%(typed)s” matches several customers: %(names)s. Type more of the name."),
        code="several_matches",
        params={"typed": typed[:100], "names": "; ".join(entry(c) for c in matches[:5])},
    )


def picked_customer(wizard) -> Customer | None:
    """The customer picked on the customer step so far (None when none or not resolvable)."""
    data = wizard.storage.get_step_data(CUSTOMER_STEP) or {}
    typed = data.get(f"{CUSTOMER_STEP}-{PICK_FIELD}")
    if not typed:
        return None
    customers = Customer.objects.visible_to(wizard.request.user).active()
    try:
        return resolve(customers, " ".join(str(typed).split()))
    except ValidationError:
        return None


def initial_from_pick(wizard, step: str, form_class) -> dict:
    """Initial tenant ID and domains for a step that asks for them, from the picked customer."""
    wanted = [key for key in FILLED_KEYS if key in form_class.base_fields]
    if not wanted or step == CUSTOMER_STEP:
        return {}
    customer = picked_customer(wizard)
    if customer is None:
        return {}
    values = {"tenant_id": customer.tenant_id, "tenant_domains": "\n".join(customer.tenant_domains)}
    return {key: values[key] for key in wanted if values[key]}


def apply_pick_to_later_steps(wizard, form) -> None:
    """A new pick replaces the tenant ID and domains already stored on later steps.

    Called before the customer step's new data is stored: the same pick posted again
    leaves the tenant ID and domains as the person may have corrected them.
    """
    customer = getattr(form, "picked", None)
    if customer is None:
        return
    before = wizard.storage.get_step_data(CUSTOMER_STEP) or {}
    if before.get(f"{CUSTOMER_STEP}-{PICK_FIELD}") == entry(customer):
        return
    values = {"tenant_id": customer.tenant_id, "tenant_domains": "\n".join(customer.tenant_domains)}
    replaced = []
    for step, form_class in wizard.get_form_list().items():  # this request's steps only
        data = wizard.storage.get_step_data(step)
        if step == CUSTOMER_STEP or data is None:
            continue
        keys = [key for key in FILLED_KEYS if key in form_class.base_fields and values[key]]
        if not keys:
            continue
        data = data.copy()
        prefix = wizard.get_form_prefix(step)
        for key in keys:
            old = data.get(f"{prefix}-{key}")
            old = old[0] if isinstance(old, list) and old else old
            if old and str(old).split() != values[key].split():
                replaced.append(str(form_class.base_fields[key].label))
            data[f"{prefix}-{key}"] = values[key]
        wizard.storage.set_step_data(step, data)
    if replaced:
        messages.info(
            wizard.request,
            _("%(customer)s from your customer directory replaced these answers: %(answers)s.")
            % {"customer": customer.name, "answers": ", ".join(dict.fromkeys(replaced))},
        )
