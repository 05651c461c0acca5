import pytest
from rest_framework.test import APIClient

from outreach.api.services import api_token_create


@pytest.fixture
def token_client():
    """An API client signed in with a fresh personal token of `user`."""

    def make(user) -> APIClient:
        _, key = api_token_create(user=user, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make
