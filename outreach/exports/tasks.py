from celery import shared_task

from .building import candidate_export_build


# A million-row spreadsheet takes minutes: longer limits than the default ten.
@shared_task(name="exports.build_candidate_export", soft_time_limit=25 * 60, time_limit=30 * 60)
def build_candidate_export(export_id: int) -> bool:
    return candidate_export_build(export_id=export_id)
