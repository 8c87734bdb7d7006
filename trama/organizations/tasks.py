"""The organisations' background work, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from trama.organizations import services


@task()
def organization_import_run(batch_id: int) -> str:
    """Run a large confirmed import (decision 0017); the batch's final status."""
    return services.organization_import_batch_run(batch_id=batch_id).status
