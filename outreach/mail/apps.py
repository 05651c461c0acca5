from django.apps import AppConfig


class MailConfig(AppConfig):
    """Every email a candidate receives goes through this app: consent, unsubscribe, bounces, contact pressure."""

    name = "outreach.mail"
    label = "mail"
    verbose_name = "Candidate email"

    def ready(self) -> None:
        from anymail.signals import inbound, tracking

        from nurture.metrics import register_metrics_source

        from . import reapproach
        from .inbound_webhook import inbound_event_received
        from .metrics import email_metrics
        from .webhooks import tracking_event_received

        # Delivery, bounce and complaint events from the mail provider's webhooks (django-anymail).
        tracking.connect(tracking_event_received, dispatch_uid="mail.tracking_event_received")
        register_metrics_source(email_metrics)
        # Replies a provider posts to us (the inbound webhook); IMAP replies come through imap.py.
        inbound.connect(inbound_event_received, dispatch_uid="mail.inbound_event_received")
        # "Open to opportunities from" reached: a re-approach signal (outreach.signals).
        reapproach.register()
