from django.apps import AppConfig


class SequencesConfig(AppConfig):
    """Nurture sequences: a few personal-looking steps, sent as the recruiter, that stop when the candidate answers."""

    name = "outreach.sequences"
    label = "sequences"
    verbose_name = "Sequences"

    def ready(self) -> None:
        from candidates.signals import candidate_saved
        from candidates.timeline import register_timeline_source
        from outreach.checkin_sections import register_checkin_section
        from outreach.digests.registry import register_digest_section
        from outreach.mail.signals import candidate_replied, candidate_unsubscribed, email_bounced

        from . import checkins, history, receivers

        candidate_replied.connect(receivers.stop_on_reply, dispatch_uid="sequences.stop_on_reply")
        email_bounced.connect(receivers.stop_on_bounce, dispatch_uid="sequences.stop_on_bounce")
        candidate_unsubscribed.connect(receivers.stop_on_unsubscribe, dispatch_uid="sequences.stop_on_unsubscribe")
        candidate_saved.connect(receivers.stop_on_stage, dispatch_uid="sequences.stop_on_stage")
        register_timeline_source(history.enrolment_entries)
        register_checkin_section("sequence_tasks", checkins.task_rows, title="Sequence tasks",
                                 template="sequences/_checkin_tasks.html", order=10)
        register_checkin_section("replies", checkins.reply_rows, title="Replies",
                                 template="sequences/_checkin_replies.html", order=5)
        register_digest_section("sequence_tasks", checkins.digest_task_rows, title="Sequence tasks",
                                summary=checkins.task_summary)
        register_digest_section("replies", checkins.digest_reply_rows, title="Replies",
                                summary=checkins.reply_summary)
