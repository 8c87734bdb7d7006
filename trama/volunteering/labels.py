"""The words the pages use for the matching algorithm's criteria and exclusions (the
algorithm in `trama/matching` speaks codes and knows no language)."""

from django.utils.translation import gettext_lazy as _

from trama.matching import Criterion, Exclusion

CRITERION_LABELS = {
    Criterion.AVAILABILITY: _("Common availability"),
    Criterion.DISTANCE: _("Closeness of homes"),
    Criterion.LANGUAGES: _("Shared languages"),
    Criterion.INTERESTS: _("Shared interests"),
    Criterion.NEEDS: _("Needs the volunteer can meet"),
    Criterion.WAITING: _("Time waited"),
}
EXCLUSION_LABELS = {
    Exclusion.FORBIDDEN: _("pair forbidden by the supervisor"),
    Exclusion.NOT_TRAINED: _("no volunteer has completed the training"),
    Exclusion.TRAINING_EXPIRED: _("the volunteers' training has expired"),
    Exclusion.NO_SHARED_SLOT: _("no volunteer is free at the same times"),
    Exclusion.TOO_FAR: _("no volunteer lives close enough"),
    Exclusion.GENDER: _("the gender preferences do not meet"),
    Exclusion.PETS: _("the volunteers do not accept pets"),
    Exclusion.SMOKING: _("smoking is not accepted on one side"),
    Exclusion.CAPACITY: _("every suitable volunteer is already taken"),
    Exclusion.ALREADY_LOCKED: _("already in a locked pair"),
    Exclusion.NO_CANDIDATE: _("no volunteer available"),
}
