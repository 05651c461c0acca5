"""The signature on every webhook: Standard Webhooks (https://www.standardwebhooks.com/).

    webhook-id:        evt_…   (the event's id; the same on every retry, to deduplicate on)
    webhook-timestamp: 1767225600   (Unix seconds when this attempt was signed)
    webhook-signature: v1,<base64 of HMAC-SHA256(key, f"{id}.{timestamp}.{body}")>

The key is the base64 after "whsec_" in the endpoint's secret. The reference library does the
signing, so any Standard Webhooks verifier (or the snippet in docs/webhooks.md) accepts it.
"""
import datetime as dt

from standardwebhooks import Webhook


def signed_headers(*, secret: str, message_id: str, body: str, at: dt.datetime) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id=message_id, timestamp=at, data=body),
    }
