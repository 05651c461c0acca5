"""What the check-in core announces, so nested apps (webhooks) react without the core importing them.

Sent inside the transaction that wrote the change; a receiver's writes land with it or not at all.
"""
from django.dispatch import Signal

# A touch point was logged one at a time (touch_point_log; bulk timeline entries are not announced):
# touch_point=TouchPoint.
touch_point_logged = Signal()
