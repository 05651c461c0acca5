"""Real Chromium, driven by Playwright, against the app on pytest-django's live server.

Without a Chromium the journeys skip with the reason on a laptop, and fail in
CI (CI=true), where a missing browser means the journeys silently stopped running.
"""
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements.txt)"
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    if not AXE_SOURCE.exists():
        return "axe-core is not installed (npm ci)"
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # made from the test (fixtures, assertions) are still plain synchronous code.
    # Set for the browser tests only, so nothing else runs with the guard off.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    # One browser per test: while Playwright's loop is up, Django takes the whole thread
    # for async code, so it must be gone before the database is flushed after the test.
    missing = _missing()
    if missing:
        if IN_CI:
            pytest.fail(f"Browser journeys cannot run in CI: {missing}", pytrace=False)
        pytest.skip(f"Browser journeys skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserProblems:
    """What the page told the console: CSP violations and script errors fail the journey."""

    CSP = re.compile(r"content security policy", re.I)

    FAILED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of (\d+)")

    def __init__(self):
        self.messages: list[str] = []
        self.expected_statuses: set[int] = set()

    def expect_error_page(self, status: int) -> None:
        """The journey opens an error page on purpose: the browser logs its status, which is fine."""
        self.expected_statuses.add(status)

    def on_console(self, message) -> None:
        failed = self.FAILED_LOAD.match(message.text)
        if failed and int(failed[1]) in self.expected_statuses:
            return
        if message.type == "error" or self.CSP.search(message.text):
            self.messages.append(f"console {message.type}: {message.text}")

    def on_page_error(self, error) -> None:
        self.messages.append(f"page error: {error}")


@pytest.fixture
def page(browser, live_server, request):
    # bypass_csp stays off: the journeys run under the real policy, and axe goes
    # in through evaluate(), which the page's CSP does not govern.
    # Reduced motion turns off Bootstrap's colour transitions, so a button a journey has just
    # left is at rest when axe measures its contrast, not half-way back from its hover colour.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = BrowserProblems()
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    page.screenshots = Screenshots(page, request.node.name)
    page.problems = problems
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # What the browser showed when the journey went wrong, for whoever reads the CI log.
        page.screenshot(path=page.screenshots.folder / "failure.png", full_page=True)
    context.close()
    assert not problems.messages, "The browser reported problems:\n" + "\n".join(problems.messages)


class Screenshots:
    """Saves a picture of each page a journey visits, and checks it with axe-core."""

    def __init__(self, page, test_name: str):
        self.page = page
        self.folder = SCREENSHOTS / re.sub(r"[^\w-]+", "_", test_name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.axe_report: list[str] = []

    def take(self, name: str) -> None:
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=True)
        check_accessibility(self.page, name)


def check_accessibility(page, name: str) -> None:
    """Fail on serious or critical WCAG violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text())
    results = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    details = [
        f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:5]}" for v in bad
    ]
    assert not bad, f"axe found accessibility problems on '{name}' ({page.url}):\n" + "\n".join(details)
    page.axe_passes = getattr(page, "axe_passes", 0) + len(results["passes"])


@pytest.fixture
def smtp(settings, live_server):
    """A local SMTP server the app sends to; the emails' links point at the server the browser talks to."""
    from outreach.mail.sending import _drop_connection
    from outreach.mail.tests.smtp_server import SmtpSink

    settings.SITE_URL = live_server.url
    with SmtpSink() as sink:
        for name, value in sink.django_settings().items():
            setattr(settings, name, value)
        yield sink
    _drop_connection()


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
