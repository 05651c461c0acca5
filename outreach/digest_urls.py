"""Routes for digests, the recruiter's digest settings and the health check."""
urlpatterns: list = []
