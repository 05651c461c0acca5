"""A real Dovecot IMAP server on 127.0.0.1, from a config of its own in a temporary folder.

Debian's dovecot-imapd, started as a separate master process for the test run: plain IMAP on
a free loopback port, one static password for any user, a maildir per user owned by the
`dovecot` system user (imap-login refuses to run as root, and mail processes run as that uid).
Without dovecot installed the fixture skips with the reason, except with CI=true (fails).
"""
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from imap_tools import MailBoxUnencrypted

from .smtp_server import free_port

PASSWORD = "imap-test-secret"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
"""


def dovecot_problem() -> str:
    """Why a Dovecot cannot be started here, or "" when it can."""
    if not shutil.which("dovecot") or not shutil.which("doveadm"):
        return "Dovecot is not installed (apt-get install dovecot-imapd): the IMAP tests need it"
    try:
        pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError:
        return "The dovecot and dovenull system users are missing: reinstall dovecot-core"
    return ""


class DovecotServer:
    """with DovecotServer() as imap: a live IMAP server at imap.host:imap.port until the block ends."""

    def __init__(self):
        self.host = "127.0.0.1"
        self.port = free_port()
        self.user = "replies"
        self.password = PASSWORD
        self.root = Path(tempfile.mkdtemp(prefix="nurture-dovecot-"))
        self.config = self.root / "dovecot.conf"

    def __enter__(self) -> "DovecotServer":
        account = pwd.getpwnam("dovecot")
        self.root.chmod(0o755)
        for name in ("mail", "home", "state", "run"):
            (self.root / name).mkdir()
        for name in ("mail", "home"):
            shutil.chown(self.root / name, account.pw_uid, account.pw_gid)
        self.config.write_text(CONFIG.format(root=self.root, port=self.port, uid=account.pw_uid,
                                             gid=account.pw_gid, password=self.password))
        # The daemon keeps stdout and stderr open: both go to a file, so the run never waits on a pipe.
        with open(self.root / "startup.log", "wb") as startup:
            started = subprocess.run(["dovecot", "-c", str(self.config)], stdin=subprocess.DEVNULL,
                                     stdout=startup, stderr=startup, timeout=30, check=False)
        if started.returncode:
            problem = (self.root / "startup.log").read_text()[-2000:]
            shutil.rmtree(self.root, ignore_errors=True)
            raise RuntimeError(f"Dovecot would not start: {problem}")
        deadline = time.monotonic() + 15
        while True:
            try:
                with self.mailbox():
                    break
            except Exception:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"Dovecot did not start: {self.log()}") from None
                time.sleep(0.2)
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run(["doveadm", "-c", str(self.config), "stop"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30, check=False)
        for _ in range(50):
            if not (self.root / "run" / "master.pid").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def mailbox(self, folder: str = "INBOX"):
        return MailBoxUnencrypted(self.host, self.port, timeout=10).login(self.user, self.password,
                                                                          initial_folder=folder)

    def deliver(self, *raw_messages: bytes, folder: str = "INBOX") -> None:
        """Put messages into the mailbox over IMAP APPEND, as a mail server's delivery would."""
        with self.mailbox() as box:
            for raw in raw_messages:
                box.append(raw, folder)

    def count(self, folder: str) -> int:
        with self.mailbox() as box:
            if not box.folder.exists(folder):
                return 0
            box.folder.set(folder)
            return len(box.uids())

    def django_settings(self) -> dict:
        return {"MAIL_IMAP_HOST": self.host, "MAIL_IMAP_PORT": self.port, "MAIL_IMAP_SSL": False,
                "MAIL_IMAP_USER": self.user, "MAIL_IMAP_PASSWORD": self.password, "MAIL_IMAP_FOLDER": "INBOX",
                "MAIL_IMAP_PROCESSED_FOLDER": "Processed"}
