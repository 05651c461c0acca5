"""`Authorization: Bearer nt_…`: the token's hash is looked up; the key itself is never stored."""
import datetime as dt

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, token_hash

# last_used_at is written at most this often per token, not on every request.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the token as 'Authorization: Bearer <token>'.")
        token = (ApiToken.objects.select_related("user").filter(key_hash=token_hash(header[1]),
                                                                revoked_at__isnull=True).first())
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid or was revoked.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
