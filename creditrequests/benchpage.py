"""A bare form page for `bench/wizard_bench.py` to compare the wizard's steps against.

The same size as the wizard's customer step (two text fields, the same base template,
the same field include, sign-in required, CSRF) without the wizard: no formtools, no
draft, no rules. A valid POST keeps the answers in the session and redirects (PRG).
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "bench_bare_form"


class BareForm(forms.Form):
    customer_name = forms.CharField(
        label=_("Customer name"),
        max_length=200,
        help_text=_("As it appears in Partner Center, like Contoso Ltd."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    partner_reference = forms.CharField(
        label=_("Your reference"),
        max_length=100,
        required=False,
        help_text=_("Your own case or ticket number, if you have one."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


@login_required
def bare_form(request):
    if request.method == "POST":
        form = BareForm(request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = form.cleaned_data
            return redirect(request.path)
    else:
        form = BareForm(initial=request.session.get(SESSION_KEY))
    return render(request, "bench/bare_form.html", {"form": form})
