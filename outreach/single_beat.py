"""Exactly one beat: a PostgreSQL advisory lock decides which beat process publishes the periodic jobs.

Beat is the clock, so a second beat started by mistake (a worker run with -B beside the
`celery beat` service, a unit enabled on two hosts) would publish every job twice. Every beat
runs this scheduler; each tick it asks for a session-level advisory lock on a connection of
its own. The one holding it ticks as usual; any other stands by, publishes nothing, and says
so in its log and on the admin's scheduler page ("beat-standby", with its host and process),
checking again every STANDBY_RECHECK_S seconds, so it takes over within seconds when the
leader stops. The lock lives with the leader's connection: if PostgreSQL restarts, both
reconnect and whichever asks first leads.

Without PostgreSQL (SQLite on a laptop, one `celery worker -B`) there is nothing to share a
lock through and the one beat always leads.
"""
import contextlib
import datetime as dt
import logging
import os
import socket

from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from .models import SchedulerHeartbeat

logger = logging.getLogger(__name__)

# Any fixed bigint; PostgreSQL scopes advisory locks to the database, so installs sharing a
# server do not contend.
LOCK_KEY = 0x6E75727475726562  # "nurtureb"
STANDBY_RECHECK_S = 15.0
SEEN_EVERY = dt.timedelta(minutes=1)
LEADER, STANDBY = "beat-leader", "beat-standby"


def beat_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class BeatLock:
    """The advisory lock, held on a dedicated connection for as long as this process leads."""

    def __init__(self, alias: str = "default"):
        self.alias = alias
        self._connection = None
        self._held = False

    def held(self) -> bool:
        """True while this process holds the lock (taking it if free); False if another does or the DB is down."""
        wrapper = connections[self.alias]
        if wrapper.vendor != "postgresql":
            return True
        try:
            if self._connection is None:
                self._connection = wrapper.get_new_connection(wrapper.get_connection_params())
                self._connection.autocommit = True
                self._held = False
            with self._connection.cursor() as cursor:
                if self._held:
                    cursor.execute("SELECT 1")  # the connection is alive, so the lock is still ours
                else:
                    cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                    self._held = bool(cursor.fetchone()[0])
        except Exception:  # noqa: BLE001 - the driver's own errors: a lost connection loses the lock
            logger.warning("beat lock: database unreachable; publishing nothing until it is back")
            self.release()
            return False
        return self._held

    def release(self) -> None:
        if self._connection is not None:
            if self._held:
                # Unlock before closing: the server frees a closed session's locks only once its
                # backend has exited, so a standby asking at once could still find it taken.
                with contextlib.suppress(Exception), self._connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
            with contextlib.suppress(Exception):  # closing a broken connection may fail too
                self._connection.close()
        self._connection, self._held = None, False


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's database scheduler, ticking only in the beat that holds the lock."""

    def __init__(self, *args, **kwargs):
        self.lock = BeatLock()
        self._seen = {}  # role -> when this process last recorded itself in that role
        self._was_leader = None
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        leader = self.lock.held()
        if leader != self._was_leader:
            if leader:
                logger.info("beat %s holds the schedule lock and publishes the periodic jobs", beat_holder())
            else:
                logger.warning("beat %s: another beat holds the schedule lock; standing by, publishing nothing",
                               beat_holder())
            self._was_leader = leader
        self._record_seen(LEADER if leader else STANDBY)
        if not leader:
            return STANDBY_RECHECK_S
        return super().tick(*args, **kwargs)

    def close(self):
        self.lock.release()
        super().close()

    def _record_seen(self, role: str) -> None:
        now = timezone.now()
        if role in self._seen and now - self._seen[role] < SEEN_EVERY:
            return
        try:
            SchedulerHeartbeat.objects.update_or_create(name=role, defaults={"beat_at": now, "holder": beat_holder()})
            self._seen[role] = now
        except DatabaseError:
            close_old_connections()  # PostgreSQL restarting: try again on a later tick
