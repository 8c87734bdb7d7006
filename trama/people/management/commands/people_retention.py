"""Anonymise the people inactive for the retention period (the scheduler runs the same
service every month through `trama.people.tasks.retention_run`)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trama.core.errors import DomainError
from trama.people import privacy


class Command(BaseCommand):
    help = "Anonymise the people with no activity for the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help=f"Years without activity (default TRAMA_RETENTION_YEARS, now {settings.TRAMA_RETENTION_YEARS}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the people who would be anonymised; change nothing.",
        )

    def handle(self, *args, years=None, dry_run=False, **options):
        try:
            if dry_run:
                count = len(privacy.retention_candidates(years=years))
                self.stdout.write(f"{count} people would be anonymised (dry run: nothing changed).")
                return
            count = privacy.retention_anonymise_inactive(years=years)
        except DomainError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} people anonymised."))
