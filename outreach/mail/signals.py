"""What the email channel announces, so features (sequences) react without mail importing them.

Each is sent inside the transaction that recorded it; receivers write in that same transaction.
"""
from django.dispatch import Signal

# A candidate answered (not an auto-reply): candidate=..., inbound=InboundEmail, email=OutboundEmail | None.
candidate_replied = Signal()
# A message to the candidate bounced: candidate=..., email=OutboundEmail | None, hard=bool.
email_bounced = Signal()
# The candidate unsubscribed from all email or from a topic: candidate=..., topic="" (everything) or a Topic.
candidate_unsubscribed = Signal()
