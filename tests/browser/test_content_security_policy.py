"""The journeys run under the real Content-Security-Policy; this proves it bites and that they would notice."""
import pytest

pytestmark = pytest.mark.browser

INJECT_INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.appendChild(script);
    return window.injected === true;
}"""


def test_an_injected_inline_script_is_blocked_and_reported(page):
    page.goto("/accounts/login/")
    ran = page.evaluate(INJECT_INLINE_SCRIPT)
    page.wait_for_timeout(200)  # the violation report reaches the console asynchronously
    assert ran is False
    assert any("Content Security Policy" in message for message in page.problems.messages)
    page.problems.messages.clear()  # expected here; any other journey fails on it
