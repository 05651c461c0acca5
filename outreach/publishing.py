"""Handing committed rows to the broker: marked enqueued only once the broker took them.

Every message sent to a person starts as a committed row (a digest, an email) and a task
published after commit. Two rules make an outage cheap and short:
- a row counts as enqueued only when the publish succeeded, so the sweep knows at once
  which rows the broker never saw (enqueued_at is NULL) instead of waiting for a timeout;
- the first refused publish stops the run: with the broker down every further publish
  would spend its retry policy (about a second) and log a traceback, minutes for a team.
  One warning line is logged and the sweep, every few minutes, sends the rest.
"""
import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class AfterCommitPublisher:
    """Publishes `task.delay(pk)` for rows of `model` after the current transaction commits.

    One publisher per run (a queueing job, a sweep): once the broker has refused one
    message, the rest of that run publishes nothing.
    """

    def __init__(self, *, task, model, label: str):
        self.task = task
        self.model = model
        self.label = label
        self.broker_down = False
        self.accepted: list[int] = []

    def publish_after_commit(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if ids:
            # robust: a failure here must never undo or abort the caller's committed work.
            transaction.on_commit(partial(self._publish, ids), robust=True)

    def _publish(self, ids: list[int]) -> None:
        accepted = []
        for position, pk in enumerate(ids):
            if self.broker_down:
                break
            try:
                self.task.delay(pk)
            except Exception as exc:  # kombu's OperationalError, or whatever the transport raises
                self.broker_down = True
                logger.warning("Broker unreachable (%s): %d %s(s) of this run left for the sweep",
                               exc, len(ids) - position, self.label)
                break
            accepted.append(pk)
        if accepted:
            self.model.objects.filter(pk__in=accepted).update(enqueued_at=timezone.now())
            self.accepted += accepted
