from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from trama.accounts.api import optional_token_auth
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId, Text
from trama.territory import selectors

router = Router(tags=["territory"])


class MunicipalityOut(Schema):
    id: int
    istat_code: str
    cadastral_code: str
    name: str
    province: str
    region: str
    population: int | None


class HubOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    postcode: str
    municipality_id: int
    municipality_name: str
    opening_hours: str
    phone: str
    email: str

    @staticmethod
    def resolve_municipality_name(obj) -> str:
        return obj.municipality.name


@router.get("/municipalities", response=list[MunicipalityOut], auth=optional_token_auth)
def municipality_list(request):
    return selectors.municipality_list(user=request.user)


@router.get("/hubs", response=list[HubOut], auth=optional_token_auth)
@paginate(BoundedLimitOffsetPagination)
def hub_list(request, kind: Text = "", municipality_id: DatabaseId | None = None):
    return selectors.hub_list(user=request.user, kind=kind, municipality_id=municipality_id)


@router.get("/hubs/{hub_id}", response=HubOut, auth=optional_token_auth)
def hub_detail(request, hub_id: DatabaseId):
    return get_object_or_404(selectors.hub_list(user=request.user), pk=hub_id)
