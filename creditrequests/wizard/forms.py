"""Building blocks of the wizard's step forms.

Every field name is a `rules.CreditRequest` field name, so a step's cleaned data
turns into the `rules` CLI input format (`draft.answers`) without a mapping table.
Format rules (GUID, outage ID, domains, amount, currency) are `rules.validators`;
this module only turns their errors into messages a billing person understands.
"""

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from creditrequests import text as text_rule
from creditrequests.evaluation import current_rule_set, request_date
from rules import validators as rule_validators

SHORT_TEXT = 200
LONG_TEXT = 2000

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

IN_ENGLISH = _("In English, for Microsoft's support.")

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def today() -> date:
    """The date the wizard measures deadlines from (the site's time zone)."""
    return request_date()


class TextField(forms.CharField):
    """A single-line text answer: a length limit and the site's one text rule.

    Control, bidi-override and zero-width characters are refused (creditrequests.text).
    Emoji, right-to-left text and text that looks like HTML or SQL are ordinary
    text: accepted, stored as typed, and escaped when shown.
    """

    multiline = False
    # A visible character count under the field (creditrequests/jinja2/includes/field.html, app.js).
    show_count = True

    def __init__(self, *, max_length: int = SHORT_TEXT, english: bool = False, **kwargs):
        # An answer pasted into the Details text: Microsoft's support reads English.
        self.english = english
        if english:
            hint = kwargs.get("help_text")
            kwargs["help_text"] = format_lazy("{} {}", hint, IN_ENGLISH) if hint else IN_ENGLISH
        if self.multiline and "widget" not in kwargs:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 5})
        super().__init__(max_length=max_length, **kwargs)
        # Our control-character check covers NUL with a clearer message.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.error_messages["max_length"] = _(
            "Shorten this answer to %(limit_value)d characters or fewer (it has %(show_value)d)."
        )

    def widget_attrs(self, widget):
        # No maxlength attribute: a browser silently cuts a longer paste at the limit.
        # The limit is shown by the counter and refused with a message on submit.
        attrs = super().widget_attrs(widget)
        if attrs.pop("maxlength", None) is not None:
            attrs["data-max-length"] = str(self.max_length)
        return attrs

    def validate(self, value):
        super().validate(value)
        kind = value and text_rule.refused_kind(value, multiline=self.multiline)
        if kind:
            raise ValidationError(text_rule.MESSAGES[kind], code=f"{kind}_characters")

    def to_python(self, value):
        value = super().to_python(value)
        if self.multiline and value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class LongTextField(TextField):
    """A multi-line text answer: newlines and tabs allowed."""

    multiline = True

    def __init__(self, *, max_length: int = LONG_TEXT, english: bool = True, **kwargs):
        super().__init__(max_length=max_length, english=english, **kwargs)


class RuleCheckedField(TextField):
    """A text answer whose format a `rules.validators` function checks and normalises.

    Subclasses name the validator and the message a billing person reads when the
    rules refuse the value; an empty answer is left to `required`.
    """

    invalid_message = ""
    show_count = False
    # The rules' validator: returns the canonical form or raises InvalidValue.
    normalise: Callable[[str], object]

    def __init__(self, *, max_length: int, invalid_message=None, attrs=None, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        if invalid_message is not None:
            self.invalid_message = invalid_message
        self.widget.attrs.update({"spellcheck": "false", "autocomplete": "off", **(attrs or {})})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return self.empty_value
        try:
            return self.normalise(value)
        except rule_validators.InvalidValue as error:
            raise ValidationError(self.invalid_message, code=error.code) from None


class GuidField(RuleCheckedField):
    """A GUID such as a tenant or subscription ID."""

    normalise = staticmethod(rule_validators.normalise_guid)

    def __init__(self, *, invalid_message, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(invalid_message=invalid_message, **kwargs)


class OutageIdField(RuleCheckedField):
    invalid_message = _(
        "Enter the outage incident ID from the Service Health dashboard: "
        "two letters followed by digits, like EX25194."
    )

    def normalise(self, value):
        # Either form Service Health shows; the incident step checks a tracking ID is Azure's.
        return rule_validators.normalise_any_outage_id(value, azure=True)

    def __init__(self, **kwargs):
        super().__init__(max_length=32, **kwargs)


def domain_of_pasted(item: str) -> str:
    """The domain in a pasted web address or email address; anything else unchanged.

    "https://www.fabrikam.fi/contact" -> "fabrikam.fi", "it@contoso.com" -> "contoso.com":
    a "www." host is the web server of the domain the tenant owns.
    """
    host = item
    if "://" in item or "/" in item:
        host = urlsplit(item if "://" in item else f"//{item}").hostname or item
    elif "@" in item:
        host = item.rsplit("@", 1)[1]
    if host != item and host.lower().startswith("www."):
        host = host[4:]
    return host


class DomainListField(LongTextField):
    """The customer's tenant domains, one a line (commas work too)."""

    show_count = False

    def __init__(self, **kwargs):
        super().__init__(max_length=LONG_TEXT, english=False, **kwargs)
        self.widget.attrs.update({"rows": 3, "spellcheck": "false"})

    def clean(self, value):
        value = super().clean(value)
        # (as typed, kept) for each pasted URL or email address cut down to its domain
        self.shortened = []
        if not value:
            return []
        domains = []
        for item in re.split(r"[\s,;]+", value):
            if not item:
                continue
            pasted, item = item, domain_of_pasted(item)
            try:
                domain = rule_validators.normalise_tenant_domain(item, current_rule_set())
            except rule_validators.InvalidValue as error:
                raise ValidationError(
                    _(
                        "“%(value)s” is not a domain of the customer's tenant. Enter the "
                        "tenant's own domains, one a line, like contoso.com or "
                        "contoso.onmicrosoft.com (not a personal email service)."
                    ),
                    code=error.code,
                    params={"value": item[:100]},
                ) from None
            if item != pasted:
                self.shortened.append((pasted[:100], domain))
            if domain not in domains:
                domains.append(domain)
        if len(domains) > 50:
            raise ValidationError(_("Enter at most 50 domains."), code="too_many")
        return domains


class AmountField(RuleCheckedField):
    """An amount of money as a Decimal (never a float)."""

    invalid_message = _(
        "Enter the amount as a number greater than 0 with at most two decimals, like 125.50."
    )

    def __init__(self, **kwargs):
        super().__init__(max_length=32, attrs={"inputmode": "decimal"}, **kwargs)
        self.empty_value = None

    def normalise(self, value):
        text = value.replace(" ", "").replace("\u00a0", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # a decimal comma, as typed in Sweden
        return rule_validators.parse_amount(text)


class CurrencyField(RuleCheckedField):
    invalid_message = _("Enter the currency as a three-letter code, like EUR, SEK or USD.")
    normalise = staticmethod(rule_validators.normalise_currency)

    def __init__(self, **kwargs):
        super().__init__(max_length=16, attrs={"size": "4"}, **kwargs)


DATE_HINT = _("Year-month-day, like 2026-03-01.")


class PastDateField(forms.DateField):
    """A calendar date that has already happened (today counts).

    A text box in year-month-day, the same in every language: the browser's date picker
    followed the browser's locale (mm/dd/yyyy in an en-US browser, even in Swedish).
    31/12/2026 and 31.12.2026 are understood too (day first, never month first).
    """

    widget = forms.DateInput(
        attrs={"autocomplete": "off", "spellcheck": "false", "size": "12"}, format="%Y-%m-%d"
    )

    def __init__(self, *, future_message, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"])
        hint = kwargs.get("help_text")
        kwargs["help_text"] = format_lazy("{} {}", hint, DATE_HINT) if hint else DATE_HINT
        super().__init__(**kwargs)
        self.future_message = future_message
        self.error_messages["invalid"] = _("Enter a real date as year-month-day, like 2026-03-01.")

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 64:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value and rule_validators.check_not_future(value, today(), "date") is not None:
            raise ValidationError(self.future_message, code="date_in_future")


class CountField(forms.IntegerField):
    """A whole number of things (users), zero or more."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=10_000_000, **kwargs)
        self.error_messages["invalid"] = _("Enter a whole number, like 0 or 25.")
        self.error_messages["min_value"] = _("Enter 0 or more.")
        self.error_messages["max_value"] = _("Enter a number below 10,000,000.")

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 32:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class RadioSelect(forms.RadioSelect):
    """Radios whose field id is the first radio's, so the error summary links to it.

    Keeps Django's class name: creditrequests/jinja2/includes/field.html picks the fieldset
    layout by `widget_type` ("radioselect").
    """

    def id_for_label(self, id_, index=None):
        if index is None:
            index = "0"
        return super().id_for_label(id_, index)


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as radios; cleaned to True, False or None."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=RadioSelect,
            **kwargs,
        )


def radio_choice(choices, *, required_message, **kwargs) -> forms.ChoiceField:
    field = forms.ChoiceField(choices=choices, widget=RadioSelect, **kwargs)
    field.error_messages["required"] = required_message
    field.error_messages["invalid_choice"] = required_message
    return field


class StepForm(forms.Form):
    """One wizard step. Subclasses set `title` (the page heading) and their fields."""

    title = ""
    lead = ""

    def notices(self) -> list[str]:
        """What the form changed in a valid answer, to tell the person (a URL cut to a domain)."""
        notices = []
        for field in self.fields.values():
            for typed, kept in getattr(field, "shortened", ()):
                notices.append(
                    gettext("“%(typed)s” was kept as the domain “%(kept)s”.")
                    % {"typed": typed, "kept": kept}
                )
        return notices

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for field in self.fields.values():
            if field.error_messages.get("required") == default:
                field.error_messages["required"] = self.required_message(field)

    @staticmethod
    def required_message(field) -> str:
        label = str(field.label or "").rstrip("?").strip()
        if isinstance(field.widget, forms.RadioSelect):
            return gettext("Select an answer for “%(label)s”.") % {"label": label}
        return gettext("Fill in “%(label)s”: it is needed for the request.") % {"label": label}

    def to_answers(self, cleaned_data: dict) -> dict:
        """The cleaned values in the `rules` CLI input format; empty answers left out."""
        answers = {}
        for name in self.fields:
            value = cleaned_data.get(name)
            if value is None or value in ("", [], ()):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = format(value, "f")
            elif isinstance(value, tuple | list):
                value = list(value)
            answers[name] = value
        return answers

    @classmethod
    def data_from_answers(cls, answers: dict, prefix: str) -> dict:
        """Form data (as a browser would post it) rebuilt from saved answers."""
        data = {}
        for name in cls.base_fields:
            value = answers.get(name)
            if value is None:
                continue
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, list | tuple):
                value = "\n".join(str(item) for item in value)
            data[f"{prefix}-{name}"] = [str(value)]
        return data

    @classmethod
    def answer_keys(cls) -> tuple[str, ...]:
        return tuple(cls.base_fields)

    def display_values(self, cleaned_data: dict) -> list[dict]:
        """One row per answer for the 'Check your answers' page (dates stay dates)."""
        rows = []
        for name, field in self.fields.items():
            if not question_applies(field, cleaned_data):
                continue
            value = cleaned_data.get(name)
            row = {
                "anchor": self[name].id_for_label,
                "label": field.label,
                "date": None,
                "text": "",
            }
            if value is None or value in ("", [], ()):
                row["text"] = "–"
            elif isinstance(field, forms.ChoiceField):
                row["text"] = str(dict(field.choices).get(_choice_key(value), value))
            elif isinstance(value, list | tuple):
                row["text"] = "\n".join(str(item) for item in value)
            elif isinstance(value, date):
                row["date"] = value
            else:
                row["text"] = str(value)
            rows.append(row)
        return rows


def question_applies(field, cleaned_data: dict) -> bool:
    """False for a conditional question (field.shown_when) whose condition is not met."""
    condition = getattr(field, "shown_when", None)
    return condition is None or cleaned_data.get(condition[0]) == condition[1]


def _choice_key(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
