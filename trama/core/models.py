"""The kit's own tables."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Completed")
    FAILED = "failed", _("Failed: nothing imported")


class ImportBatch(models.Model):
    """A confirmed import too large to run during the request (decision 0017): its rows wait
    here for the task worker, which records its progress and outcome for the status page.
    Any app's import can use it, told apart by `kind`."""

    kind = models.CharField(_("kind"), max_length=50)
    source = models.CharField(_("file"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    # {"rows": [...], "line_numbers": [...], "labels": {...}}: cleared once done, so the
    # personal data a file may hold (e-mail addresses, phones) do not stay here.
    payload = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    message = models.TextField(_("outcome"), blank=True)
    # [[line, column as the user wrote it, message], ...]
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.kind} {self.source} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
