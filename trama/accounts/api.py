from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from trama.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the request then acts as the token's user."""

    security_scheme_name = "TokenAuth"  # one scheme in the document, required or optional

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """Public endpoints: a token is welcome (wider scope) but not required."""

    allows_anonymous = True  # documented as optional (see trama.core.api.TramaOpenAPISchema)

    def __call__(self, request: HttpRequest):
        if not request.headers.get(self.header):
            return True  # anonymous
        return super().__call__(request)  # a wrong token is refused, not ignored


token_auth = TokenAuth()
optional_token_auth = OptionalTokenAuth()

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    roles: list[str]


@router.get("/me", response=MeOut, auth=token_auth, summary="The token's user and roles")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name(),
        "roles": user.active_role_names(),
    }
