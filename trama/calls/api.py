"""The calls API: calls and their public documents (anonymous reads), proposals for the
lead's members, one router per area."""

from ninja import Router

from trama.calls import api_call, api_codesign, api_evaluation, api_proposal

router = Router()
router.add_router("", api_call.router)
router.add_router("", api_proposal.router)
router.add_router("", api_evaluation.router)
router.add_router("", api_codesign.router)
