from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Outgoing webhooks: signed JSON posts to the team's own endpoints when something happens."""

    name = "outreach.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from candidates.signals import stage_changed
        from outreach.mail.signals import candidate_replied
        from outreach.touch_signals import touch_point_logged

        from . import receivers

        touch_point_logged.connect(receivers.on_touch_point, dispatch_uid="webhooks.on_touch_point")
        stage_changed.connect(receivers.on_stage_change, dispatch_uid="webhooks.on_stage_change")
        candidate_replied.connect(receivers.on_reply, dispatch_uid="webhooks.on_reply")
