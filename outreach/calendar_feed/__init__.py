"""A recruiter's own calendar: due check-ins and the events they host, behind a secret link."""
