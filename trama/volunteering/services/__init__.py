"""Mi affido a te's writes, one module per entity (volunteers, elders, matching runs,
pairings)."""

from trama.volunteering.services.agreements import agreement_pdf, agreement_save, review_record
from trama.volunteering.services.elders import elder_profile_create, elder_profile_update
from trama.volunteering.services.matching import matching_run
from trama.volunteering.services.pairings import (
    pairing_activate,
    pairing_choose,
    pairing_end,
    pairing_introduce,
    pairing_pause,
)
from trama.volunteering.services.visits import (
    visit_log,
    visits_overdue_alert_send,
    volunteer_account,
    weekly_digest_send,
)
from trama.volunteering.services.volunteers import (
    MAX_CAPACITY,
    document_add,
    volunteer_apply,
    volunteer_approve,
    volunteer_make_available,
    volunteer_mark_paired,
    volunteer_mark_trained,
    volunteer_pause,
    volunteer_record_interview,
    volunteer_reject,
    volunteer_schedule_interview,
    volunteer_withdraw,
)

__all__ = [
    "agreement_pdf",
    "agreement_save",
    "review_record",
    "visit_log",
    "visits_overdue_alert_send",
    "volunteer_account",
    "weekly_digest_send",
    "MAX_CAPACITY",
    "document_add",
    "elder_profile_create",
    "elder_profile_update",
    "matching_run",
    "pairing_activate",
    "pairing_choose",
    "pairing_end",
    "pairing_introduce",
    "pairing_pause",
    "volunteer_apply",
    "volunteer_approve",
    "volunteer_make_available",
    "volunteer_mark_paired",
    "volunteer_mark_trained",
    "volunteer_pause",
    "volunteer_record_interview",
    "volunteer_reject",
    "volunteer_schedule_interview",
    "volunteer_withdraw",
]
