"""The calls app's pages, one module per area: the call itself and its Q&A, proposals and
the ETS portal, the evaluation, the co-design table and the agreement."""

from trama.calls.urls import call, codesign, evaluation, proposal

app_name = "calls"
urlpatterns = [
    *call.urlpatterns,
    *proposal.urlpatterns,
    *evaluation.urlpatterns,
    *codesign.urlpatterns,
]
