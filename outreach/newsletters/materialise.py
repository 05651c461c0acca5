"""An issue's recipients, made once when it starts sending: one INSERT ... SELECT, no Python loop.

Every candidate the segment matches at that moment gets one OutboundEmail row (unique per
issue and candidate, so running it twice adds nobody twice): queued when they may be
written to, or already "suppressed" with the reason (unsubscribed, bounced, over the contact
cap ...) so the issue's log says who was left out and why. The rules are the segment
audience's (outreach/segments/audience.py over mail's annotate_mail_block), read straight
from its SQL. The content is left empty: it is rendered at send time (sending.py).
"""
import datetime as dt

from django.conf import settings
from django.db import connection

from outreach.mail.choices import MailKind
from outreach.segments.audience import segment_audience

_PREFERENCES_SQL = """
INSERT INTO mail_emailpreferences (candidate_id, link_key, unsubscribed_topics, frequency, lawful_basis,
                                   consent_source, updated_at)
SELECT m.id, md5(random()::text || m.id::text || clock_timestamp()::text), '[]'::jsonb, 'any', '', '', %s
FROM ({matching}) AS m
WHERE NOT EXISTS (SELECT 1 FROM mail_emailpreferences p WHERE p.candidate_id = m.id)
ON CONFLICT DO NOTHING
"""

_RECIPIENTS_SQL = """
INSERT INTO mail_outboundemail (kind, topic, candidate_id, sender_id, batch_key, to_email, to_name, subject,
    body_text, body_html, includes_privacy_notice, status, suppressed_reason, message_id, provider_message_id,
    attempts, last_error, last_event, created_at, enqueued_at, finished_at)
SELECT %s, %s, a.id, %s, %s, a.email, left(a.full_name, 200), %s, '', '',
    a.notice_at IS NULL AND a.block = '',
    CASE WHEN a.block = '' THEN 'queued' ELSE 'suppressed' END, a.block,
    '<' || md5(random()::text || a.id::text || clock_timestamp()::text) || '.nl@' || %s || '>', '',
    0, '', '', %s, %s, CASE WHEN a.block = '' THEN NULL ELSE %s END
FROM ({audience}) AS a (id, email, full_name, block, notice_at)
ON CONFLICT DO NOTHING
"""


def recipients_materialise(*, newsletter, now: dt.datetime) -> int:
    """Create the issue's recipient rows; returns how many were added (0 on a second run)."""
    matching_sql, matching_params = newsletter.segment.matching(now=now).values("id").query.sql_with_params()
    audience = segment_audience(segment=newsletter.segment, kind=MailKind.NEWSLETTER, topic=newsletter.topic,
                                now=now)
    columns = audience.annotated.values_list("id", "email", "full_name", "mail_block",
                                             "email_preferences__privacy_notice_sent_at")
    audience_sql, audience_params = columns.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        # Everyone needs preferences (their signed links carry its random key): made in SQL too.
        cursor.execute(_PREFERENCES_SQL.format(matching=matching_sql), [now, *matching_params])
        cursor.execute(_RECIPIENTS_SQL.format(audience=audience_sql), [
            MailKind.NEWSLETTER, newsletter.topic, newsletter.author_id, newsletter.batch_key,
            newsletter.subject[:300], settings.MAIL_MESSAGE_ID_DOMAIN, now, now, now, *audience_params,
        ])
        return cursor.rowcount
