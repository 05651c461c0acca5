"""What every provider webhook of ours does before anymail reads the payload.

Off without ANYMAIL_WEBHOOK_SECRET (404 rather than accept posts from anyone), a size cap
(413), and a payload that is not the provider's shape answered 400 with a reason, never a 500.
A wrong or missing secret still raises: Django answers 400 and logs it as a security event.
"""
from anymail.exceptions import AnymailConfigurationError, AnymailError, AnymailWebhookValidationFailure
from django.http import Http404, HttpResponse

NOT_THE_SHAPE = (ValueError, TypeError, KeyError, AttributeError, AnymailError, AnymailConfigurationError)


class WebhookGuardMixin:
    """Put before the anymail view class; set max_bytes and what the payload should be."""

    max_bytes: int
    payload_name: str  # "a Postmark tracking event"
    warn_if_no_basic_auth = False

    def post(self, request, *args, **kwargs):
        if not self.basic_auth:
            raise Http404("Webhooks are off: ANYMAIL_WEBHOOK_SECRET is not set.")
        try:
            too_large = int(request.META.get("CONTENT_LENGTH") or 0) > self.max_bytes
        except ValueError:
            too_large = True
        if too_large:
            return HttpResponse("Too large.", status=413, content_type="text/plain")
        try:
            return super().post(request, *args, **kwargs)
        except AnymailWebhookValidationFailure:
            raise
        except NOT_THE_SHAPE as exc:
            return HttpResponse(f"Not {self.payload_name}: {type(exc).__name__}.", status=400,
                                content_type="text/plain")
