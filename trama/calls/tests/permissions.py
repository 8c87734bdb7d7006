"""The calls app's rows of the permission matrix, one module per area."""

from trama.calls.tests import (
    permissions_call,
    permissions_codesign,
    permissions_evaluation,
    permissions_proposal,
)

CASES = [
    *permissions_call.CASES,
    *permissions_proposal.CASES,
    *permissions_evaluation.CASES,
    *permissions_codesign.CASES,
]
