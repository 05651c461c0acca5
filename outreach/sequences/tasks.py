"""The sequences' jobs: the beat tick and the worker that writes step emails (three lines each)."""
from celery import shared_task

from .advance import enrolments_advance
from .writing import step_emails_write


@shared_task(name="sequences.write_step_emails")
def write_step_emails() -> int:
    """Write every pending step email, a batch at a time (idempotent: a run is settled once)."""
    total = 0
    while written := step_emails_write():
        total += written
    return total


@shared_task(name="sequences.advance_enrolments")
def advance_enrolments() -> int:
    moved = enrolments_advance().moved
    write_step_emails.delay()  # also picks up what a lost earlier publish left pending
    return moved
