"""makemessages that also finds the policy engine's plural templates.

rules/ marks its sentences with no-op markers so that it never imports Django: `gettext_noop`
(which Django's makemessages already knows) and `ngettext_noop(singular, plural, count)`, added
here as an xgettext keyword.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=ngettext_noop:1,2"]
