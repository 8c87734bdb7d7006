"""Stable codes of the food stock's domain errors (decision 0026)."""

from enum import StrEnum


class FoodErrors(StrEnum):
    HUB_OUT_OF_SCOPE = "hub_out_of_scope"  # not one of the hubs where the operator works
    # Donors and donations.
    BAD_DONOR_KIND = "bad_donor_kind"
    ALREADY_A_DONOR = "already_a_donor"
    INACTIVE_DONOR = "inactive_donor"
    NOT_A_GROCERY = "not_a_grocery"  # donations are received only at a social grocery
    TRANSPORT_DOCUMENT_REQUIRED = "transport_document_required"
    RECEIVED_IN_FUTURE = "received_in_future"
    NO_LOTS = "no_lots"
    OVER_CAPACITY = "over_capacity"  # the hub has no room left for this storage type
    # Lots.
    BAD_CATEGORY = "bad_category"
    BAD_STORAGE = "bad_storage"
    BAD_DATE_KIND = "bad_date_kind"  # neither use-by nor best-before
    NO_WEIGHT = "no_weight"  # no weight above zero, nor pieces and their unit weight
    PAST_USE_BY = "past_use_by"  # neither accepted nor given out (L. 166/2016)
    NOT_BEST_BEFORE = "not_best_before"  # only a best-before lot is checked
    BEST_BEFORE_UNCHECKED = "best_before_unchecked"  # past best-before with no check since
    # Movements.
    BAD_MOVEMENT = "bad_movement"
    QUANTITY_NOT_POSITIVE = "quantity_not_positive"
    REASON_REQUIRED = "reason_required"
    NOT_ENOUGH_STOCK = "not_enough_stock"
