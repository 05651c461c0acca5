"""The `data` of each event: ids, links and the fields that say what happened, no more.

A receiver that needs more of the candidate (name, email) reads it through the REST API with a
token of its own, so the people data leaving in webhooks stays minimal and access stays
revocable. Field names are the API's; new fields may be added, none renamed or removed.
"""
from django.conf import settings
from django.urls import reverse


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def candidate_ref(candidate_id: int) -> dict:
    return {
        "id": candidate_id,
        "url": _absolute(reverse("candidates:detail", args=[candidate_id])),
        "api_url": _absolute(f"/api/v1/candidates/{candidate_id}/"),
    }


def touch_point_data(touch_point) -> dict:
    # The summary is a recruiter's free-text note about a person: left out on purpose.
    return {
        "candidate": candidate_ref(touch_point.candidate_id),
        "touch_point": {"id": touch_point.pk, "kind": touch_point.kind, "direction": touch_point.direction,
                        "occurred_at": touch_point.occurred_at.isoformat()},
    }


def stage_change_data(*, candidate, from_stage: str, to_stage: str, changed_at) -> dict:
    return {"candidate": candidate_ref(candidate.pk), "from_stage": from_stage, "to_stage": to_stage,
            "changed_at": changed_at.isoformat()}


def reply_data(*, candidate, inbound, email) -> dict:
    # Not the reply's text or sender: that the candidate answered, when, and to which message.
    return {"candidate": candidate_ref(candidate.pk), "replied_at": inbound.received_at.isoformat(),
            "in_reply_to_email_id": email.pk if email is not None else None}


def ping_data(endpoint) -> dict:
    return {"endpoint_id": endpoint.pk, "message": "A test ping from Nurture: your endpoint is reachable."}
