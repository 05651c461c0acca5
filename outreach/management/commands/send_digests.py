from django.core.management.base import BaseCommand

from outreach.digests.sending import digest_send
from outreach.models import Digest, DigestStatus


class Command(BaseCommand):
    help = (
        "Send pending digests from this process, without a worker (handy on a laptop). "
        "Safe next to a running worker: each digest is claimed before it is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these digests.")

    def handle(self, *args, ids: list[int], **options):
        pending = Digest.objects.filter(status=DigestStatus.PENDING).order_by("pk")
        if ids:
            pending = pending.filter(pk__in=ids)
        sent = 0
        for digest_id in pending.values_list("pk", flat=True):
            if digest_send(digest_id=digest_id):
                sent += 1
                self.stdout.write(f"Sent digest {digest_id}.")
        self.stdout.write(f"{sent} digest(s) sent.")
