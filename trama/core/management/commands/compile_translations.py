"""Compile every Italian catalogue (.po → .mo) with Babel, so a fresh machine needs no GNU
gettext. Fails on a catalogue with fuzzy or missing translations only with --strict."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the .po catalogues of the project into .mo files (pure Python, Babel)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="fail on untranslated or fuzzy messages"
        )

    def handle(self, *args, strict: bool = False, **options):
        root = Path(settings.BASE_DIR)
        catalogues = sorted(p for p in root.glob("trama/*/locale/*/LC_MESSAGES/*.po")) + sorted(
            p for p in root.glob("locale/*/LC_MESSAGES/*.po")
        )
        problems = []
        for po_path in catalogues:
            with po_path.open("rb") as handle:
                catalogue = read_po(handle)
            for message in catalogue:
                if not message.id:
                    continue
                if (
                    message.fuzzy
                    or not message.string
                    or (isinstance(message.string, tuple) and not all(message.string))
                ):
                    problems.append(f"{po_path.relative_to(root)}: {message.id!r}")
            with po_path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalogue, use_fuzzy=False)
        self.stdout.write(f"Compiled {len(catalogues)} catalogues.")
        if problems:
            listing = "\n".join(problems[:50])
            if strict:
                raise CommandError(f"{len(problems)} messages untranslated or fuzzy:\n{listing}")
            self.stderr.write(
                f"{len(problems)} messages untranslated or fuzzy (use --strict to fail)."
            )
