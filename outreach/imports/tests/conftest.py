import pytest

from outreach.imports.services import import_configure, import_start

GUESS = object()


@pytest.fixture
def start_import(recruiter):
    """Upload bytes and dry-run them: the run, previewed, with the guessed mapping unless one is given."""

    def start(data: bytes | str, *, filename="people.csv", mapping=GUESS, user=None, email_policy="skip",
              linkedin_policy="skip", likely_policy="create"):
        if isinstance(data, str):
            data = data.encode()
        run = import_start(user=user or recruiter, filename=filename, data=data)
        return import_configure(run=run, mapping=run.mapping if mapping is GUESS else mapping,
                                email_policy=email_policy, linkedin_policy=linkedin_policy,
                                likely_policy=likely_policy)

    return start


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Call a service and run what it queued after commit (the tasks run eagerly in the tests)."""

    def call(service, run):
        with django_capture_on_commit_callbacks(execute=True):
            done = service(run=run)
        run.refresh_from_db()
        return done

    return call
