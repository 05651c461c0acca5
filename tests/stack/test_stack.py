"""The whole stack under faults, driven over HTTP as people use it (tests/stack/stack.py starts it).

One run, phases in order, each with what must hold:
- a digest run for the whole team with one Celery worker SIGKILLed in the middle: every
  recruiter gets their digest; duplicates (at most the documented at-least-once window) are
  counted and printed, the target is 0;
- a newsletter to 2,000 candidates, written and started over HTTP, with the other worker
  SIGKILLed in the middle of the send: every reader gets it once (the same window, counted);
- PostgreSQL restarted while the workers run: they reconnect and carry on (emails composed
  after the restart go out); a page asked for while it restarts is a 503 "back in a moment";
- an event created and three candidates invited over HTTP; two answer Going through the signed
  link in their invitation email, as strangers with no login;
- a second beat started by mistake: it stands by, and no periodic job runs twice in a minute;
- Redis stopped for 60 s while recruiters log touch points and write emails: no 5xx, every
  touch point saved, every email queued meanwhile goes out after (the sweeps).
At the end it prints the table: load applied, faults injected, messages expected / delivered /
duplicated, touch points expected / saved, 5xx count.

Needs PostgreSQL's server binaries and redis-server; without them the test is skipped with the
reason, except with CI=true, where that is a failure.
"""
import collections
import datetime as dt
import json
import re
import threading
import time

import pytest

from outreach.mail.tests.smtp_server import SmtpSink
from outreach.tests.workers import require

from .stack import ROOT, Browser, Stack, missing

pytestmark = pytest.mark.stack
RECRUITERS = 60
CANDIDATES_EACH = 2
READERS = 2_000
PASSWORD = "stack-pass-12345"
# A digest the killed worker had taken but not started is swept after 12 minutes (digests/services.py
# SWEEP_AFTER), plus the sweep's 2-minute beat, with room for a busy machine.
RECOVERY_S = 16 * 60
OUTAGE_S = 60


class Tally:
    """Every HTTP answer the people in the test got, by phase."""

    def __init__(self):
        self.statuses = collections.Counter()
        self.server_errors = []
        self.lock = threading.Lock()

    def record(self, phase: str, response) -> None:
        with self.lock:
            self.statuses[(phase, response.status_code)] += 1
            if response.status_code >= 500:
                self.server_errors.append((phase, response.request.method, response.url, response.status_code))


def _wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(1)
    return predicate()


def _recipients(sink, address_pattern: str) -> collections.Counter:
    """How many messages each matching address received (more than one: a duplicate)."""
    wanted = re.compile(address_pattern)
    return collections.Counter(address for item in list(sink.recorder.accepted) for address in item["rcpt_tos"]
                               if wanted.fullmatch(address))


def _touch(browser, tally, phase: str, candidate_id: int, n: int) -> None:
    response = browser.post(f"/candidates/{candidate_id}/touch-points/new/",
                            {"kind": "phone_call", "direction": "outbound", "summary": f"stack {phase} touch {n}"})
    tally.record(phase, response)


def _email(browser, tally, phase: str, candidate_id: int, n: int) -> None:
    response = browser.post(f"/mail/candidates/{candidate_id}/write/",
                            {"subject": f"Stack {phase} note {n}", "body": "Hello {{ first_name }}, a quick hello."})
    tally.record(phase, response)


@pytest.fixture
def stack():
    problem = missing()
    if problem:
        require(f"{problem}: the stack test starts its own servers")
    with SmtpSink() as sink, Stack(smtp_port=sink.port) as running:
        running.sink = sink
        yield running


def test_the_stack_survives_its_faults(stack, capsys):
    sink, tally, faults, load = stack.sink, Tally(), [], []
    team = json.loads(stack.manage("shell", stdin=(ROOT / "tests/stack/seed.py").read_text(),
                                   env={"STACK_RECRUITERS": str(RECRUITERS), "STACK_CANDIDATES": str(CANDIDATES_EACH),
                                        "STACK_READERS": str(READERS), "STACK_PASSWORD": PASSWORD})
                      .strip().splitlines()[-1])
    segment = team.pop("segment")
    people = {name: stack.browser(name, PASSWORD) for name in list(team)[:3]}
    load.append(f"{RECRUITERS} recruiters, {RECRUITERS * CANDIDATES_EACH + READERS} candidates; "
                "3 signed in over HTTP")

    # 1. The whole team's digests, with a worker SIGKILLed mid-run (and restarted, as systemd would).
    queued = int(re.search(r"Queued (\d+) digest", stack.manage("queue_digests")).group(1))
    load.append(f"{queued} daily digests queued")
    _wait_until(lambda: sink.count >= 10, 60)
    delivered_at_kill = sink.count
    stack.kill("worker1")
    faults.append(f"SIGKILL worker1 after {delivered_at_kill} of {queued} digests")
    time.sleep(2)
    stack.start_worker(1)

    # 1b. A newsletter to the readers, written and sent over HTTP, with the other worker SIGKILLed mid-send.
    writer = people["stack-r000"]
    created = writer.post("/newsletters/new/", {"subject": "Stack news for {{ first_name }}", "preheader": "",
                                                "topic": "newsletter", "segment": segment,
                                                "body": "Hi {{ first_name }},\n\nNews from the **team**."})
    tally.record("newsletter", created)
    issue = created.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    tally.record("newsletter", writer.post(f"/newsletters/{issue}/schedule/", {"now": "on"}))
    _wait_until(lambda: sum(_recipients(sink, r"reader-\d+@example\.com").values()) >= 200, 120)
    delivered_at_kill = sum(_recipients(sink, r"reader-\d+@example\.com").values())
    stack.kill("worker2")
    faults.append(f"SIGKILL worker2 after {delivered_at_kill} newsletter copies")
    time.sleep(2)
    stack.start_worker(2)
    load.append(f"a newsletter to the {READERS:,} readers' segment")

    # 1c. An event: invited over HTTP, two invitees answer from the link in their email (no login).
    starts = (dt.datetime.now() + dt.timedelta(days=14)).replace(hour=18, minute=0)
    event = writer.post("/events/new/", {
        "kind": "happy_hour", "title": "Stack happy hour", "description": "Drinks.", "event_timezone": "Europe/London",
        "starts": f"{starts:%Y-%m-%dT%H:%M}", "ends": f"{starts + dt.timedelta(hours=3):%Y-%m-%dT%H:%M}",
        "address": "The Crown, London", "capacity": "", "deadline": ""})
    tally.record("event", event)
    event_id = event.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    invitees = team["stack-r001"][:CANDIDATES_EACH] + team["stack-r002"][:1]
    tally.record("event", writer.post(f"/events/{event_id}/invite/pick/",
                                      {"candidates": ",".join(map(str, invitees)), "note": "Come along!"}))
    load.append("an event with 3 invitees")

    # 2. A second beat by mistake, while the digests recover.
    stack.start_beat("beat2")
    standby = _wait_until(lambda: stack.count("SELECT count(*) FROM outreach_schedulerheartbeat "
                                              "WHERE name = 'beat-standby'") == 1, 90)
    faults.append("second beat started")
    metrics = people["stack-r000"].get("/metrics").text

    # 3. PostgreSQL restarted while the workers run; people keep working through it.
    first, ids = "stack-r000", team["stack-r000"]
    during = threading.Event()

    def keep_reading():
        while not during.is_set():
            try:
                tally.record("postgres restart", people[first].get("/"))
            except Exception:  # noqa: BLE001 - a refused connection is counted below, not a crash
                tally.statuses[("postgres restart", "no answer")] += 1
            time.sleep(0.2)

    reader = threading.Thread(target=keep_reading)
    reader.start()
    stack.postgres.restart()
    faults.append("PostgreSQL restarted (fast shutdown)")
    time.sleep(3)
    during.set()
    reader.join()
    for n in range(5):
        _email(people[first], tally, "after restart", ids[n % len(ids)], n)
    load.append("5 personal emails after the restart")

    # 4. Redis down for 60 s while recruiters log touch points and write emails.
    stack.redis.stop()
    faults.append(f"Redis stopped for {OUTAGE_S} s")
    outage_touches = outage_emails = 0
    ends = time.monotonic() + OUTAGE_S
    while time.monotonic() < ends:
        for name, browser in people.items():
            _touch(browser, tally, "redis down", team[name][outage_touches % CANDIDATES_EACH], outage_touches)
            outage_touches += 1
            if outage_emails < 9:
                _email(browser, tally, "redis down", team[name][0], outage_emails)
                outage_emails += 1
        time.sleep(1)
    stack.redis.start()
    load.append(f"{outage_touches} touch points and {outage_emails} emails while Redis was down")

    # Everything arrives: digests recovered from the kill, emails queued during the faults.
    def digests_in():
        return _recipients(sink, r"stack-r\d+@example\.com")

    all_digests = _wait_until(lambda: len(digests_in()) >= queued, RECOVERY_S)
    emails_expected = 5 + outage_emails
    rsvp_links = _wait_for_rsvp_links(sink, ["cand-001-00@example.com", "cand-001-01@example.com"])
    for link in rsvp_links:
        stranger = Browser(stack.base)
        tally.record("rsvp", stranger.get(link))
        tally.record("rsvp", stranger.post(link, {"answer": "going"}))
    going = stack.count(f"SELECT count(*) FROM events_invitation WHERE event_id = {event_id} AND answer = 'going'")

    readers = stack.count(f"SELECT count(*) FROM mail_outboundemail WHERE batch_key = 'newsletter:{issue}' "
                          "AND status <> 'suppressed'")
    all_copies = _wait_until(lambda: len(_recipients(sink, r"reader-\d+@example\.com")) >= readers, RECOVERY_S)
    copies = _recipients(sink, r"reader-\d+@example\.com")

    def emails_in():  # the personal notes, not the event invitations the same candidates got
        return collections.Counter(item["rcpt_tos"][0] for item, message in
                                   zip(list(sink.recorder.accepted), sink.messages(), strict=False)
                                   if str(message["Subject"]).startswith("Stack ")
                                   and item["rcpt_tos"][0].startswith("cand-"))

    all_emails = _wait_until(lambda: sum(emails_in().values()) >= emails_expected, RECOVERY_S)
    digests, emails = digests_in(), emails_in()
    touches_saved = stack.count("SELECT count(*) FROM outreach_touchpoint WHERE summary LIKE 'stack redis down%'")
    minute_runs = _runs_per_minute(stack, "mail.sweep_emails")

    table = [
        ("load applied", "; ".join(load)),
        ("faults injected", "; ".join(faults)),
        ("digests expected / delivered / duplicated",
         f"{queued} / {len(digests)} / {sum(n - 1 for n in digests.values())}"),
        ("newsletter copies expected / delivered / duplicated",
         f"{readers} / {len(copies)} / {sum(n - 1 for n in copies.values())}"),
        ("emails expected / delivered", f"{emails_expected} / {sum(emails.values())}"),
        ("RSVPs sent / recorded as Going", f"{len(rsvp_links)} / {going}"),
        ("touch points expected / saved", f"{outage_touches} / {touches_saved}"),
        ("5xx answers", str(len(tally.server_errors))),
        ("answers by phase", ", ".join(f"{phase} {status}: {n}" for (phase, status), n in sorted(
            tally.statuses.items(), key=str))),
        ("busiest minute of the every-minute email sweep", f"{max(minute_runs.values(), default=0)} run(s)"),
    ]
    with capsys.disabled():
        print("\n\nStack test\n" + "\n".join(f"  {label:<45} {value}" for label, value in table) + "\n")

    assert standby, "the second beat never reported standing by"
    assert "nurture_beat_standby 1.0" in metrics
    assert all_digests and set(digests) == {f"{name}@example.com" for name in _digest_recipients(stack)}
    assert all_emails and sum(emails.values()) == emails_expected
    assert readers == READERS and all_copies, f"{len(copies)} of {readers} readers got the newsletter"
    assert sum(n - 1 for n in copies.values()) <= 4  # at most one per SMTP connection the killed worker held
    assert touches_saved == outage_touches
    assert len(rsvp_links) == 2 and going == 2
    # Redis down: no 5xx at all. PostgreSQL restarting: at most the clear 503 "back in a moment".
    assert not [error for error in tally.server_errors if error[0] != "postgres restart"], tally.server_errors
    assert not [error for error in tally.server_errors if error[3] != 503], tally.server_errors
    assert max(minute_runs.values(), default=0) <= 1, minute_runs
    # At-least-once: a worker killed between SMTP accepting and the row being marked may repeat one.
    assert sum(n - 1 for n in digests.values()) <= 1


def _wait_for_rsvp_links(sink, addresses: list[str]) -> list[str]:
    """The signed RSVP path in each invitee's invitation email (its text part)."""
    found = {}

    def look():
        for item, message in zip(list(sink.recorder.accepted), sink.messages(), strict=False):
            to = item["rcpt_tos"][0]
            if to in addresses and to not in found and "happy hour" in str(message["Subject"]).lower():
                text = message.get_body(preferencelist=("plain",)).get_content()
                match = re.search(r"https?://[^/\s]+(/e/[^/\s?]+/)", text)
                if match:
                    found[to] = match.group(1)
        return len(found) == len(addresses)

    _wait_until(look, 180)
    return [found[address] for address in addresses if address in found]


def _digest_recipients(stack) -> list[str]:
    rows = stack.postgres.sql("SELECT u.username FROM outreach_digest d JOIN auth_user u ON u.id = d.recipient_id",
                              database="nurture")
    return rows.split()


def _runs_per_minute(stack, task: str) -> collections.Counter:
    runs = collections.Counter()
    for name in ("worker1", "worker2"):
        for line in stack.task_lines(name):
            if line.get("task") == task:
                runs[line["time"][:16]] += 1
    return runs
