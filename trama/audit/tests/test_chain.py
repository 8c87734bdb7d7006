import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from trama.audit.chain import HASHED_FIELDS, entry_hash, entry_mac
from trama.audit.models import AccessLogEntry, Action
from trama.audit.services import access_log_append
from trama.audit.tests.tampering import append_sealed, triggers_off
from trama.audit.verification import verify_chain

# The tests below read the chain columns, filled by the sealer: `append_sealed` seals first.
_append = append_sealed


@pytest.mark.django_db
def test_entries_chain_to_their_predecessor():
    first, second, third = _append(3)
    assert first.previous_hash == "0" * 64
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    report = verify_chain()
    assert report.ok and report.checked == 3


@pytest.mark.django_db
def test_entry_records_actor_role_purpose_and_address(world, client):
    client.force_login(world.users.coordinator)
    entry = access_log_append(
        actor=world.users.coordinator,
        action=Action.READ,
        obj=world.org_own,
        purpose="verifica requisiti",
    )
    assert entry.actor_id == world.users.coordinator.pk
    assert entry.actor_label == "coordinator_user"
    assert entry.role == "coordinator"
    assert entry.object_type == "organizations.organization"
    assert entry.object_id == str(world.org_own.pk)
    assert entry.purpose == "verifica requisiti"


@pytest.mark.django_db
def test_the_request_address_is_recorded(world, client):
    client.force_login(world.users.admin)
    client.post("/accounts/token/", {"name": "script"}, REMOTE_ADDR="10.1.2.3")
    entry = AccessLogEntry.objects.filter(object_type="accounts.apitoken").latest("id")
    assert entry.client_address == "10.1.2.3"


def _tamper(entry_id: int, **changes) -> None:
    """Change a row behind the application's back, as an attacker with database access would
    (the append-only triggers are switched off for the duration, as such an attacker could)."""
    with triggers_off(), connection.cursor() as cursor:
        for column, value in changes.items():
            cursor.execute(
                f"UPDATE audit_accesslogentry SET {column} = %s WHERE id = %s", [value, entry_id]
            )


@pytest.mark.django_db
def test_verify_names_the_first_tampered_entry():
    entries = _append(5)
    _tamper(entries[2].pk, purpose="altered")
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_seq == entries[2].chain_position == 3
    assert report.checked == 2
    with pytest.raises(CommandError, match="entry #3"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_verify_detects_a_rehashed_entry_through_its_successor():
    """Altering an entry and recomputing its own hash and MAC (even with the key) still breaks
    the link to the next one."""
    entries = _append(3)
    fields = {name: getattr(entries[1], name) for name in HASHED_FIELDS}
    fields["purpose"] = "altered"
    rehashed = entry_hash(entries[1].previous_hash, entries[1].chain_position, fields)
    remaced = entry_mac(entries[1].nonce, fields)
    _tamper(entries[1].pk, purpose="altered", entry_hash=rehashed, entry_mac=remaced)
    assert verify_chain().first_broken_seq == entries[2].chain_position


@pytest.mark.django_db
def test_audit_verify_command_reports_an_intact_chain(capsys):
    _append(4)
    call_command("audit_verify")
    assert "4 entries" in capsys.readouterr().out


@pytest.mark.django_db
def test_database_refuses_updates():
    (entry,) = _append(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="changed")
    entry.refresh_from_db()
    assert entry.purpose == ""
