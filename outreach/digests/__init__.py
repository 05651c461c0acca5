"""Digests: the recruiter's daily and the manager's weekly email, queued once, sent once, swept when stuck."""
