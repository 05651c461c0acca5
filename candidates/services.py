"""Every write about candidates and their history. Keyword-only, one transaction each.

Each checks the dates it is given against the window (candidates.dates) before writing
anything, so a caller that skipped the forms gets a ValidationError, never a stored year 1.
"""
import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .choices import Role, Stage
from .dates import HAPPENED, PLANNED
from .models import (
    Candidate,
    CareerUpdate,
    Company,
    Feedback,
    Interview,
    RecruiterProfile,
    StageChange,
    company_key,
    skill_tags,
    split_skills,
)
from .roles import GROUP_NAMES
from .signals import candidate_saved, stage_changed

User = get_user_model()


@transaction.atomic
def recruiter_create(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    role: str = Role.RECRUITER,
    timezone_name: str = "UTC",
    digest_hour: int = 8,
) -> User:
    """A team member with a login, a profile and exactly one role group."""
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    RecruiterProfile.objects.create(user=user, timezone=timezone_name, digest_hour=digest_hour)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


def _tidy_skills(fields: dict) -> dict:
    # Tags are stored clean whoever passes them (a form, an import, a merge): trimmed, each once.
    # Typed text ("Python, Django") is split as the form splits it.
    if "skills" in fields:
        value = fields["skills"]
        fields["skills"] = split_skills(value) if isinstance(value, str) else skill_tags(value or [])
    return fields


@transaction.atomic
def candidate_create(*, owner: User, created_by: User | None = None, **fields) -> Candidate:
    _tidy_skills(fields)
    HAPPENED.require(got_away_on=fields.get("got_away_on"))
    PLANNED.require(follow_up_on=fields.get("follow_up_on"))
    candidate = Candidate.objects.create(owner=owner, **fields)
    StageChange.objects.create(
        candidate=candidate, from_stage="", to_stage=candidate.stage, changed_by=created_by or owner,
        changed_at=timezone.now(),
    )
    candidate_saved.send(sender=Candidate, candidate=candidate, created=True, changed=set(fields) | {"owner"})
    return candidate


@transaction.atomic
def candidate_update(*, candidate: Candidate, changed_by: User, **fields) -> set[str]:
    """Apply the changed fields only; a stage change is recorded for the timeline and funnel."""
    _tidy_skills(fields)
    HAPPENED.require(got_away_on=fields.get("got_away_on"))
    # Lock the row so two recruiters editing at once do not interleave stage history.
    current = Candidate.objects.select_for_update().get(pk=candidate.pk)
    changed = {name for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return changed
    # A follow-up date is a plan when it is set; one that has since passed may stay as it is.
    if "follow_up_on" in changed:
        PLANNED.require(follow_up_on=fields["follow_up_on"])
    for name in changed:
        setattr(candidate, name, fields[name])
    candidate.save(update_fields=[*changed, "updated_at"])
    if "stage" in changed:
        change = StageChange.objects.create(
            candidate=candidate, from_stage=current.stage, to_stage=candidate.stage,
            changed_by=changed_by, changed_at=timezone.now(),
        )
        stage_changed.send(sender=Candidate, candidate=candidate, from_stage=change.from_stage,
                           to_stage=change.to_stage, changed_by=changed_by, changed_at=change.changed_at)
    candidate_saved.send(sender=Candidate, candidate=candidate, created=False, changed=changed)
    return changed


def candidate_stage_change(*, candidate: Candidate, to_stage: Stage, changed_by: User) -> None:
    candidate_update(candidate=candidate, changed_by=changed_by, stage=to_stage)


def company_resolve(*, name: str) -> Company | None:
    """The company record for a typed name, made on first use: "ACME  corp" finds "Acme Corp".

    Safe when two people record the same new company at once: the unique key refuses the
    second insert, which then reads the first one's row. None for a blank name.
    """
    key = company_key(name)
    if not key:
        return None
    company = Company.objects.filter(key=key).first()
    if company:
        return company
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives the refused insert
            return Company.objects.create(name=" ".join(name.split()))
    except IntegrityError:
        return Company.objects.get(key=key)


@transaction.atomic
def career_update_record(
    *,
    candidate: Candidate,
    company: str,
    title: str,
    recorded_by: User,
    started_on: dt.date | None = None,
    note: str = "",
) -> CareerUpdate:
    """Record a career move; the candidate's current role follows the most recent one."""
    HAPPENED.require(started_on=started_on)
    update = CareerUpdate.objects.create(
        candidate=candidate, company=company, employer=company_resolve(name=company), title=title,
        started_on=started_on, note=note, recorded_by=recorded_by, recorded_at=timezone.now(),
    )
    latest = candidate.career_updates.order_by(F("started_on").desc(nulls_first=True), "-recorded_at", "-id").first()
    if (candidate.current_company, candidate.current_title) != (latest.company, latest.title):
        candidate.current_company, candidate.current_title = latest.company, latest.title
        candidate.save(update_fields=["current_company", "current_title", "updated_at"])
    return update


@transaction.atomic
def interview_log(
    *,
    candidate: Candidate,
    logged_by: User,
    role_title: str,
    occurred_on: dt.date,
    stage: str,
    outcome: str,
    interviewers: str = "",
    feedback: dict | None = None,
) -> Interview:
    """A past interview, optionally with its scorecard, saved together or not at all."""
    HAPPENED.require(occurred_on=occurred_on)
    interview = Interview.objects.create(
        candidate=candidate, logged_by=logged_by, role_title=role_title, occurred_on=occurred_on,
        stage=stage, outcome=outcome, interviewers=interviewers,
    )
    if feedback:
        feedback_add(interview=interview, author=logged_by, **feedback)
    return interview


def feedback_add(*, interview: Interview, author: User, **scorecard) -> Feedback:
    return Feedback.objects.create(interview=interview, author=author, **scorecard)
