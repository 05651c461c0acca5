"""Run inside the stack (manage.py shell < seed.py): a team whose daily digests are due now.

STACK_RECRUITERS recruiters (stack-r000, ...), each owning STACK_CANDIDATES candidates whose
check-ins are overdue; prints one JSON line: username -> candidate ids.
"""
import datetime as dt
import json
import os

from django.utils import timezone

from candidates.choices import Role
from candidates.services import candidate_create, recruiter_create
from outreach.models import CheckInSchedule

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
print(json.dumps(team))
