"""Routes for the manager dashboard."""
urlpatterns: list = []
