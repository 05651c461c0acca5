"""Timeline sources for what `candidates` records: stage changes, interviews, feedback, career moves."""
from collections.abc import Iterator

from .models import Candidate, CareerUpdate, Interview, StageChange
from .timeline import TimelineEntry, date_to_datetime, newest_related


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def stage_change_entries(candidate: Candidate, limit: int) -> Iterator[TimelineEntry]:
    changes = StageChange.objects.filter(candidate=candidate).select_related("changed_by")[:limit]
    for change in changes:
        if change.from_stage:
            title = f"Stage: {change.get_from_stage_display()} → {change.get_to_stage_display()}"
        else:
            title = f"Added as {change.get_to_stage_display()}"
        yield TimelineEntry(at=change.changed_at, kind="stage", title=title, actor=_name(change.changed_by), obj=change)


def interview_entries(candidate: Candidate, limit: int) -> Iterator[TimelineEntry]:
    interviews = newest_related(
        candidate, "interviews", Interview.objects.filter(candidate=candidate).with_scorecards(), limit
    )
    for interview in interviews:
        yield TimelineEntry(
            at=date_to_datetime(interview.occurred_on),
            kind="interview",
            title=f"{interview.get_stage_display()} interview: {interview.role_title}",
            body=f"Outcome: {interview.get_outcome_display()}",
            actor=interview.interviewers,
            obj=interview,
        )
        for feedback in interview.feedback.all():
            # "Scorecard by Alice Morgan: Yes, average 4.0 of 5"; the author is named in the title,
            # so not again below it.
            by = f" by {_name(feedback.author)}" if feedback.author else ""
            yield TimelineEntry(
                at=feedback.created_at,
                kind="feedback",
                title=f"Scorecard{by}: {feedback.get_recommendation_display()}, "
                      f"average {feedback.average_rating} of 5",
                body=feedback.strengths,
                obj=feedback,
            )
            if feedback.shared_at:
                yield TimelineEntry(
                    at=feedback.shared_at,
                    kind="feedback_shared",
                    title=f"Feedback shared by {feedback.get_shared_via_display().lower()}",
                    body=feedback.candidate_note,
                    obj=feedback,
                )


def career_entries(candidate: Candidate, limit: int) -> Iterator[TimelineEntry]:
    updates = CareerUpdate.objects.filter(candidate=candidate).select_related("recorded_by")
    updates = newest_related(candidate, "career_updates", updates, limit)
    for update in updates:
        yield TimelineEntry(
            at=date_to_datetime(update.started_on) if update.started_on else update.recorded_at,
            kind="career",
            title=f"Career: {update.title} at {update.company}",
            body=update.note,
            actor=_name(update.recorded_by),
            obj=update,
        )
