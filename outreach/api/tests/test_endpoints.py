"""Each endpoint: who may read it, what it returns, cursor pages, filters, ETags."""
import pytest
from django.contrib.auth import get_user_model

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.services import touch_point_log

pytestmark = pytest.mark.django_db
ENDPOINTS = ["candidates", "touch-points", "interviews", "scorecards", "schedules", "career-updates"]


@pytest.fixture
def pool(recruiter, other_recruiter):
    ada = CandidateFactory(owner=recruiter, full_name="Ada Lovelace", tier=Tier.TOP)
    CandidateFactory(owner=other_recruiter, full_name="Bob Warm", tier=Tier.WARM)
    FeedbackFactory(interview=InterviewFactory(candidate=ada), author=recruiter)
    from django.utils import timezone
    touch_point_log(candidate=ada, kind="email", occurred_at=timezone.now(), author=recruiter, summary="Hi")
    return ada


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_role_reads_every_endpoint_and_a_login_without_a_role_cannot(endpoint, pool, recruiter, manager,
                                                                            admin_user, token_client):
    for user in (recruiter, manager, admin_user):
        assert token_client(user).get(f"/api/v1/{endpoint}/").status_code == 200
    nobody = get_user_model().objects.create_user(username="nora", password="pw-nora-12345")
    assert token_client(nobody).get(f"/api/v1/{endpoint}/").status_code == 403


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_api_only_reads(endpoint, pool, recruiter, token_client):
    assert token_client(recruiter).post(f"/api/v1/{endpoint}/", {}).status_code in (403, 405)


def test_candidates_filter_like_the_list_and_page_by_cursor(pool, recruiter, token_client):
    client = token_client(recruiter)
    assert [c["full_name"] for c in client.get("/api/v1/candidates/?tier=1").json()["results"]] == ["Ada Lovelace"]
    assert [c["full_name"] for c in client.get("/api/v1/candidates/?owner=mine").json()["results"]] == [
        "Ada Lovelace"]
    first = client.get("/api/v1/candidates/?page_size=1").json()
    second = client.get(first["next"]).json()
    assert [len(first["results"]), len(second["results"])] == [1, 1]
    assert first["results"][0]["id"] < second["results"][0]["id"] and second["next"] is None


def test_a_candidate_has_an_etag_and_an_unchanged_one_is_a_304(pool, recruiter, token_client):
    client = token_client(recruiter)
    response = client.get(f"/api/v1/candidates/{pool.pk}/")
    assert response.json()["owner"] == "rita"
    etag = response["ETag"]
    assert client.get(f"/api/v1/candidates/{pool.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    pool.save()
    assert client.get(f"/api/v1/candidates/{pool.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_interviews_carry_their_scorecards_and_filter_by_candidate(pool, recruiter, token_client,
                                                                   django_assert_max_num_queries):
    client = token_client(recruiter)
    with django_assert_max_num_queries(6):
        interviews = client.get(f"/api/v1/interviews/?candidate={pool.pk}").json()["results"]
    assert len(interviews) == 1 and len(interviews[0]["scorecards"]) == 1
    assert client.get(f"/api/v1/schedules/{pool.pk}/").json()["tier"] == 1


def test_the_schema_and_docs_are_served_by_the_app(recruiter_client):
    schema = recruiter_client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/candidates/" in schema.content
    docs = recruiter_client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs and "cdn" not in docs.lower()


def test_a_candidate_carries_skill_tags_and_what_would_bring_them_back(pool, recruiter, token_client):
    from candidates.services import candidate_update, career_update_record
    candidate_update(candidate=pool, changed_by=recruiter, skills=["Python", "Machine Learning"],
                     expected_pay_currency="GBP", expected_pay=150_000, open_to_remote=True)
    update = career_update_record(candidate=pool, company="Acme", title="CTO", recorded_by=recruiter)
    client = token_client(recruiter)
    body = client.get(f"/api/v1/candidates/{pool.pk}/").json()
    assert body["skills"] == ["Python", "Machine Learning"]
    assert (body["expected_pay_currency"], body["expected_pay"], body["open_to_remote"], body["follow_up_on"]) == (
        "GBP", 150_000, True, None)
    career = client.get(f"/api/v1/career-updates/?candidate={pool.pk}").json()["results"]
    assert [(c["company"], c["employer"]) for c in career] == [("Acme", update.employer_id)]
    schema = client.get("/api/schema/?format=json").json()
    skills = schema["components"]["schemas"]["Candidate"]["properties"]["skills"]
    assert skills["type"] == "array" and skills["items"]["type"] == "string"
