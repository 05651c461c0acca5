"""schemathesis against the live schema, with a token: no server errors, every response as documented.

It runs the real CLI against pytest-django's live server, with few examples per operation so
the whole run stays under a minute; its summary is printed in the test log.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.api.services import api_token_create

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLES = 15


def _cli() -> str:
    found = Path(sys.executable).with_name("schemathesis")
    return str(found) if found.exists() else shutil.which("schemathesis") or "schemathesis"


def test_the_api_answers_every_generated_request_without_a_server_error_and_as_documented(live_server, recruiter,
                                                                                          tmp_path):
    candidate = CandidateFactory(owner=recruiter)
    FeedbackFactory(interview=InterviewFactory(candidate=candidate), author=recruiter)
    _, key = api_token_create(user=recruiter, name="schemathesis")
    completed = subprocess.run(  # noqa: S603 - the installed CLI, fixed arguments, the local live server
        [_cli(), "run", f"{live_server.url}/api/schema/", "--header", f"Authorization: Bearer {key}",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
         "response_headers_conformance,response_schema_conformance",
         "--max-examples", str(EXAMPLES), "--generation-deterministic", "--request-timeout", "20",
         # A NUL in a query string is refused by the site's middleware before any view (an HTML 400).
         "--generation-allow-x00", "false",
         "--no-color"],
        # In a folder of its own: the CLI keeps an example cache in its working directory.
        capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path,
    )
    Path("var").mkdir(exist_ok=True)
    Path("var/schemathesis.txt").write_text(completed.stdout)
    print(completed.stdout[-3000:])  # the summary, for whoever reads the log
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]
