"""What stops a sequence, heard from the email channel and the candidates app (never imported by them)."""
from outreach.mail.choices import Topic

from .choices import STOP_STAGES, StopReason
from .stops import candidate_sequences_stop


def stop_on_reply(sender, *, candidate, inbound, email=None, **kwargs) -> None:
    candidate_sequences_stop(candidate_id=candidate.pk, reason=StopReason.REPLIED,
                             detail=(inbound.subject or "")[:300], now=inbound.received_at)


def stop_on_bounce(sender, *, candidate, email=None, hard: bool = True, **kwargs) -> None:
    candidate_sequences_stop(candidate_id=candidate.pk, reason=StopReason.BOUNCED,
                             detail="Hard bounce" if hard else "Soft bounce")


def stop_on_unsubscribe(sender, *, candidate, topic: str = "", **kwargs) -> None:
    # Sequence steps are job emails: leaving that topic, or all email, ends them at once.
    if topic in ("", Topic.JOBS):
        candidate_sequences_stop(candidate_id=candidate.pk, reason=StopReason.UNSUBSCRIBED,
                                 detail="From all email" if not topic else "From job openings")


def stop_on_stage(sender, *, candidate, created: bool, changed: set[str], **kwargs) -> None:
    if created:
        return
    if "do_not_contact" in changed and candidate.do_not_contact:
        candidate_sequences_stop(candidate_id=candidate.pk, reason=StopReason.DO_NOT_CONTACT)
    elif "stage" in changed and candidate.stage in STOP_STAGES:
        candidate_sequences_stop(candidate_id=candidate.pk, reason=StopReason.STAGE,
                                 detail=f"Now {candidate.get_stage_display().lower()}")
