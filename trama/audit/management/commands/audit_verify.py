from django.core.management.base import BaseCommand, CommandError

from trama.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Seal the entries still waiting, then verify the access log: its keyed hash chain "
        "against its head, every entry's MAC, and that no entry waited longer than "
        "TRAMA_AUDIT_SEAL_BOUND_SECONDS to be sealed; name the first broken or missing entry. "
        "Needs the same TRAMA_AUDIT_KEY that wrote it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help="check the log as it stands, writing nothing (a read-only copy)",
        )

    def handle(self, *args, **options):
        report = verify_chain(seal_first=not options["no_seal"])
        if not report.ok:
            if report.first_broken_seq:
                where = f" at entry #{report.first_broken_seq}"
            elif report.entry_id:
                where = f" at the entry with id {report.entry_id}"
            else:
                where = ""
            raise CommandError(
                f"Access log chain broken{where}: {report.reason} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Access log chain intact: {report.checked} entries."))
