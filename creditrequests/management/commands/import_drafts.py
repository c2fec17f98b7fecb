"""Read a file written by export_drafts back into the database (one transaction)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from creditrequests.backup import BackupError, import_drafts, load


class Command(BaseCommand):
    help = (
        "Import the drafts and their history from a JSON file written by export_drafts. "
        "The organisations and users it names must already exist (same name / username); "
        "if one is missing nothing is written. Drafts already in the database (same public "
        "ID) are left unchanged, so importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The JSON file export_drafts wrote.")

    def handle(self, *args, file, **options):
        try:
            with Path(file).open(encoding="utf-8") as stream:
                drafts = load(stream)
            imported, history_rows, skipped = import_drafts(drafts)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Imported {imported} drafts with {history_rows} history records; "
            f"{skipped} already present and left unchanged."
        )
