from django.core.management.base import BaseCommand, CommandError

from trama.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log's keyed hash chain against its head; name the first broken or "
        "missing entry by its sequence number. Needs the same TRAMA_AUDIT_KEY that wrote it."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            where = f" at entry #{report.first_broken_seq}" if report.first_broken_seq else ""
            raise CommandError(
                f"Access log chain broken{where}: {report.reason} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Access log chain intact: {report.checked} entries."))
