"""Write every draft and its history to a JSON file (or stdout), for import_drafts."""

from pathlib import Path

from django.core.management.base import BaseCommand

from creditrequests.backup import export_drafts


class _Raw:
    """The command's stdout, without the newline Django adds after every write."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = (
        "Export every credit request draft with its full history (who, when, what changed) "
        "as JSON, independent of the database engine. Organisations and users are named by "
        "name and username; restore with `manage.py import_drafts FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (created or replaced) instead of standard output.",
        )

    def handle(self, *args, output=None, **options):
        if output:
            path = Path(output)
            partial = path.with_name(path.name + ".partial")
            with partial.open("w", encoding="utf-8") as out:
                count = export_drafts(out)
            partial.replace(path)  # never leave half a backup under the real name
            self.stderr.write(f"Exported {count} drafts to {path}.")
        else:
            count = export_drafts(_Raw(self.stdout))
            self.stderr.write(f"Exported {count} drafts.")
