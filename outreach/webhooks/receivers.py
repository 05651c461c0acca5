"""Turns what the core, candidates and the email channel announce into webhook events.

Each runs inside the transaction of the change (the signals' contract), so the event and its
deliveries commit with it or not at all.
"""
from .models import EventType
from .payloads import reply_data, stage_change_data, touch_point_data
from .services import webhook_event_record


def on_touch_point(sender, *, touch_point, **kwargs) -> None:
    webhook_event_record(type=EventType.TOUCH_POINT_LOGGED, data=touch_point_data(touch_point))


def on_stage_change(sender, *, candidate, from_stage: str, to_stage: str, changed_at, **kwargs) -> None:
    webhook_event_record(type=EventType.STAGE_CHANGED, data=stage_change_data(
        candidate=candidate, from_stage=from_stage, to_stage=to_stage, changed_at=changed_at))


def on_reply(sender, *, candidate, inbound, email=None, **kwargs) -> None:
    webhook_event_record(type=EventType.CANDIDATE_REPLIED, data=reply_data(candidate=candidate, inbound=inbound,
                                                                           email=email))
