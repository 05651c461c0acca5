"""Events other apps react to, so `candidates` never has to import them.

`outreach` listens to keep each candidate's check-in schedule in step (a new
candidate gets one; a tier change moves its default cadence). Receivers run
inside the sending service's transaction, so both writes land or neither does.
"""
from django.dispatch import Signal

# Sent with candidate=..., created=bool, changed=set of field names.
candidate_saved = Signal()
# Sent when a candidate's stage moved (not when one is added): candidate=..., from_stage, to_stage,
# changed_by=User, changed_at=datetime.
stage_changed = Signal()
