"""The server functions, installed (CREATE OR REPLACE) on every `db init` and `db upgrade`.

Public functions (callable by the three group roles; each checks its caller):
learner  start_attempt, answer, finish_attempt, save_profile, mark_read, save_position
admin    add_admin, remove_admin, revoke_certificate, lift_hold, grant_right, withdraw_right,
         add_channel, set_channel_contact, request_manual_certificate
issuer   register_issuer_key, retire_issuer_key, store_certificate, refuse_attempt,
         store_manual_certificate, refuse_manual_request
anyone   now_iso, casefold, instr, plan_ids, whoami
Helpers whose names start with '_' are callable only by the owner (and so by the functions).
"""

from __future__ import annotations

from somekoulutus.store.postgres.admin_sql import ADMIN
from somekoulutus.store.postgres.exam_sql import DEFINITIONS_OF, HELPERS, LEARNER
from somekoulutus.store.postgres.issuer_sql import ISSUER

_PARTS = [HELPERS, DEFINITIONS_OF, LEARNER, ADMIN, ISSUER]


def install_sql() -> str:
    """One script that (re)creates every server function."""
    return "\n".join(_PARTS)
