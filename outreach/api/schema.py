"""How the OpenAPI schema describes the token authentication (drf-spectacular extension)."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

_ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_FIELD_ERRORS = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
_ERRORS = {
    "400": "A filter, page size or cursor that cannot be read.",
    "401": "No token, or one that is not valid or was revoked.",
    "403": "The token's owner has no role that may read this.",
    "429": "Too many requests with this token; wait and try again.",
}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "outreach.api.authentication.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token from Settings."}


class ApiSchema(AutoSchema):
    """Every operation also documents the errors it can answer with, all `{"detail": ...}`."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(_ERRORS)
        if not self._is_list_view():
            errors["404"] = "No such record."
        for code, description in errors.items():
            # A 400 names the fields it refused ({"cursor": ["Invalid cursor"]}); the others say "detail".
            schema = _FIELD_ERRORS if code == "400" else _ERROR
            responses.setdefault(code, {"description": description,
                                        "content": {"application/json": {"schema": schema}}})
        return responses

