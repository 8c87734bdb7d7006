from django.core.management.base import BaseCommand, CommandError

from trama.audit.verification import verify_chain


class Command(BaseCommand):
    help = "Verify the access log's hash chain and name the first broken entry."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Access log chain broken at entry #{report.first_broken_id}: {report.reason} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Access log chain intact: {report.checked} entries."))
