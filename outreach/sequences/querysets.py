"""Reads over many enrolments and step runs."""
import datetime as dt

from django.db import models


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def due(self, now: dt.datetime):
        """Active enrolments whose next step time has come: the partial index enrolment_due."""
        return self.filter(status="active", next_step_at__lte=now)


class StepRunQuerySet(models.QuerySet):
    def open_tasks_for(self, user):
        return self.filter(status="open", assignee=user, kind="task")
