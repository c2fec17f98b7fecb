"""How form widgets are rendered: Django's own widget markup, through Jinja2 where it can.

Django ships every built-in widget template twice, for its template language and for
Jinja2 (django/forms/jinja2/), with the same markup. Jinja2 renders a field's widget
about 2.5 times faster (bench/profile_step.py; figures in docs/performance.md), and a
wizard page renders several. A widget template that exists only as a Django template
(the admin's, or any a form sets by `template_name` in an app's templates/ folder) is
rendered by Django's form renderer as before: nothing changes for them. Our own widget
templates live in creditrequests/jinja2/ (the customer picker's datalist): rendered by
Django's renderer, the picker alone cost 0.6 ms of a 5 ms customer step (make profile).

Page templates, and templates/includes/field.html around each widget, stay Django
templates: only `{{ field }}` (the input itself) goes through here.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(BaseRenderer):
    def __init__(self):
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
