from django.core.management.base import BaseCommand

from trama.demo.loader import DEMO_PASSWORD, demo_login_lines, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (projects of the seed page, organisations, hubs, users) and print "
        "the demo logins grouped by role."
    )

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Demo logins (password for all: {DEMO_PASSWORD}):"
            )
        )
        for line in demo_login_lines(logins):
            self.stdout.write(f"  {line}" if line else "")
