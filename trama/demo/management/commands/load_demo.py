from django.core.management.base import BaseCommand

from trama.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo data (projects of the seed page, organisations, hubs, one user per role)."

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Demo logins (password for all: {DEMO_PASSWORD}):"
            )
        )
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role} — {login.scope}")
