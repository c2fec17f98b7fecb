"""How forms render: Django's own widget markup and our field template, through Jinja2.

Django ships every built-in widget template twice, for its template language and for
Jinja2 (django/forms/jinja2/), with the same markup. Jinja2 renders a field's widget
about 2.5 times faster (bench/profile_step.py; figures in docs/performance.md), and a
wizard page renders several. A widget template that exists only as a Django template
(the admin's, or any a form sets by `template_name` in an app's templates/ folder) is
rendered by Django's form renderer as before: nothing changes for them. Our own widget
templates live in creditrequests/jinja2/ (the customer picker's datalist).

Around each widget, the label, hint and error of a field are our field template,
creditrequests/jinja2/includes/field.html, rendered by `{{ field.as_field_group }}`
(Django's field_template_name) in every page template: a Django template included once
a field cost about twice as much (docs/performance.md). Its words are FIELD_WORDS:
makemessages reads Jinja2 templates as Django templates and would not find them there.
Page templates stay Django templates.
"""

from pathlib import Path

import jinja2
from django import forms
from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

FIELD_WORDS = {
    "optional": _("(optional)"),
    "error": _("Error:"),
    "count_left": _("You have {count} characters left."),
    "count_over": _("You have {count} characters too many."),
    "up_to": _("Up to %(limit)s characters."),
}


def environment(**options) -> jinja2.Environment:
    """The forms' Jinja2 environment: Django's options, and the field template's words."""
    options.pop("autoescape", None)  # always on, whatever the caller asks
    env = jinja2.Environment(autoescape=True, **options)
    env.globals["words"] = FIELD_WORDS
    return env


class FormsJinja2(Jinja2):
    """Django's Jinja2 form renderer with our environment."""

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(forms.__file__).parent / self.backend.app_dirname],
                "NAME": "djangoforms",
                "OPTIONS": {"environment": "creditrequests.rendering.environment"},
            }
        )


class WidgetRenderer(BaseRenderer):
    field_template_name = "includes/field.html"

    def __init__(self):
        self.jinja2 = FormsJinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
