"""Creating and revoking personal API tokens. Keyword-only, one transaction each."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import PREFIX_LENGTH, ApiToken, token_hash, token_new_key

User = get_user_model()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """The token and its key; the key is never stored and cannot be shown again."""
    key = token_new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[: PREFIX_LENGTH + 3], key_hash=token_hash(key))
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
