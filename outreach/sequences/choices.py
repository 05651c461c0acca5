"""The vocabulary of sequences: step kinds, tasks, enrolment states and why an enrolment stopped."""
from django.db import models

from candidates.choices import Stage


class StepKind(models.TextChoices):
    EMAIL = "email", "Email"
    WAIT = "wait", "Wait"
    TASK = "task", "Task"


class TaskKind(models.TextChoices):
    CALL = "call", "Call them"
    SOCIAL = "social", "Engage on social"
    NOTE = "note", "Send a personal note"
    EVENT = "event", "Invite to an event"


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    STOPPED = "stopped", "Stopped"
    FINISHED = "finished", "Finished"


class StopReason(models.TextChoices):
    REPLIED = "replied", "Replied"
    BOUNCED = "bounced", "Email bounced"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    STAGE = "stage", "Stage changed"
    DO_NOT_CONTACT = "do_not_contact", "Marked do not contact"
    MARKED_REPLIED = "marked_replied", "Marked as replied"
    MANUAL = "manual", "Stopped by hand"
    LAST_STEP = "last_step", "Last step done"


# A candidate moving to one of these has answered in the way that matters: the sequence stops.
STOP_STAGES = {Stage.RE_ENGAGED, Stage.INTERVIEWING, Stage.REHIRED, Stage.NOT_INTERESTED, Stage.DO_NOT_CONTACT}


class RunStatus(models.TextChoices):
    """One step's run for one enrolment. Emails: pending -> queued (or skipped). Tasks: open -> done / skipped."""

    PENDING = "pending", "Waiting to be written"
    QUEUED = "queued", "Email on its way"
    OPEN = "open", "To do"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class Refusal(models.TextChoices):
    """Why a candidate was not enrolled, shown beside their name."""

    NO_EMAIL = "no_email", "No email address"
    ACTIVE = "active", "Already in an active sequence"
    BEEN_IN = "been_in", "Already went through this sequence"
    OTHER_OWNER = "other_owner", "Owned by another recruiter"
