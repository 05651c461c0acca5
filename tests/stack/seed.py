"""Run inside the stack (manage.py shell < seed.py): a team whose daily digests are due now.

STACK_RECRUITERS recruiters (stack-r000, ...), each owning STACK_CANDIDATES candidates whose
check-ins are overdue, and STACK_READERS newsletter readers in Stackton with a segment of them;
prints one JSON line: username -> candidate ids, and "segment" -> the segment's id.
"""
import datetime as dt
import json
import os

from django.contrib.auth import get_user_model
from django.utils import timezone

from candidates.choices import Role
from candidates.services import candidate_create, recruiter_create
from outreach.models import CheckInSchedule
from outreach.segments.models import Segment

now = timezone.now()
team = {}
for n in range(int(os.environ["STACK_RECRUITERS"])):
    name = f"stack-r{n:03d}"
    member = recruiter_create(username=name, email=f"{name}@example.com", password=os.environ["STACK_PASSWORD"],
                              first_name="Stack", last_name=f"R{n:03d}", role=Role.RECRUITER, timezone_name="UTC")
    member.profile.digest_hour, member.profile.digest_weekdays = now.hour, list(range(7))
    member.profile.save()
    ids = [candidate_create(owner=member, full_name=f"Cand {n:03d}-{c:02d}",
                            email=f"cand-{n:03d}-{c:02d}@example.com").pk
           for c in range(int(os.environ["STACK_CANDIDATES"]))]
    CheckInSchedule.objects.filter(candidate_id__in=ids).update(next_due_at=now - dt.timedelta(days=3))
    team[name] = ids
first = get_user_model().objects.get(username="stack-r000")
for n in range(int(os.environ["STACK_READERS"])):
    candidate_create(owner=first, full_name=f"Reader {n:04d}", email=f"reader-{n:04d}@example.com", location="Stackton")
team["segment"] = Segment.objects.create(name="Stackton readers", owner=first, location="Stackton").pk
print(json.dumps(team))
