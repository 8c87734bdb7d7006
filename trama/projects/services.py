"""Writes to the project portfolio. Only the coordinator (Area Coesione) and the administrator
write; each function is one transaction and leaves one entry in the access log."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError, StaleObjectError
from trama.eligibility.rules import KIND_BY_TYPE, Rule, rule_to_dict
from trama.organizations.models import Organization
from trama.projects.capabilities import EDIT_PORTFOLIO
from trama.projects.errors import ProjectErrors
from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectEligibility,
    ProjectPartner,
    Service,
    TargetGroup,
)
from trama.territory.models import Hub, Municipality

SCALAR_FIELDS = (
    "slug",
    "name",
    "parent",
    "summary",
    "summary_en",
    "description",
    "description_en",
    "eligibility",
    "eligibility_en",
    "status",
    "start_date",
    "end_date",
    "website",
    "contact",
    "is_public",
    "position",
)


def _require_editor(actor: User | None) -> None:
    EDIT_PORTFOLIO.require(actor)


def _check_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - set(SCALAR_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields: {sorted(unknown)}")


def _validate(project: Project) -> None:
    errors: dict[str, list[str]] = {}
    if project.start_date and project.end_date and project.end_date < project.start_date:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    parent = project.parent
    if parent is not None:
        if project.pk and parent.pk == project.pk:
            errors.setdefault("parent", []).append(_("A project cannot be part of itself."))
        elif parent.parent_id is not None:
            errors.setdefault("parent", []).append(
                _("Choose a main project: a sub-project cannot have sub-projects of its own.")
            )
        elif project.pk and project.children.exists():
            errors.setdefault("parent", []).append(
                _("This project has sub-projects of its own, so it cannot become a sub-project.")
            )
    if project.slug and Project.objects.filter(slug=project.slug).exclude(pk=project.pk).exists():
        errors.setdefault("slug", []).append(_("Another project already uses this short address."))
    try:
        project.full_clean(
            exclude=["version", *errors], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save_project(project: Project) -> None:
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError as exc:  # a concurrent save took the same short address
        raise DomainError(
            _("Another project already uses this short address."),
            field="slug",
            code=ProjectErrors.SLUG_TAKEN,
        ) from exc


def _set_relations(
    project: Project,
    *,
    target_groups: Iterable[TargetGroup] | None,
    municipalities: Iterable[Municipality] | None,
    hubs: Iterable[Hub] | None,
) -> list[str]:
    changed = []
    for name, values in (
        ("target_groups", target_groups),
        ("municipalities", municipalities),
        ("hubs", hubs),
    ):
        if values is None:
            continue
        manager = getattr(project, name)
        before = set(manager.values_list("pk", flat=True))
        manager.set(values)
        if before != set(manager.values_list("pk", flat=True)):
            changed.append(name)
    return changed


@transaction.atomic
def project_create(
    *,
    actor: User,
    target_groups: Iterable[TargetGroup] = (),
    municipalities: Iterable[Municipality] = (),
    hubs: Iterable[Hub] = (),
    **fields,
) -> Project:
    """Add a project to the portfolio. `fields` are the model's own (see SCALAR_FIELDS)."""
    _require_editor(actor)
    _check_fields(fields)
    project = Project(**fields)
    _validate(project)
    _save_project(project)
    _set_relations(project, target_groups=target_groups, municipalities=municipalities, hubs=hubs)
    access_log_append(actor=actor, action=Action.CREATE, obj=project)
    return project


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    version: int,
    target_groups: Iterable[TargetGroup] | None = None,
    municipalities: Iterable[Municipality] | None = None,
    hubs: Iterable[Hub] | None = None,
    **changes,
) -> Project:
    """Change a project. `version` is the one the editor opened: if someone saved in between,
    nothing is written and StaleObjectError says so."""
    _require_editor(actor)
    _check_fields(changes)
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.version != version:
        raise StaleObjectError(
            _(
                "Someone else saved this project while you were editing it. Reload the page and apply your changes again."
            )
        )
    before = {name: getattr(current, name) for name in changes}
    for name, value in changes.items():
        setattr(current, name, value)
    _validate(current)
    current.version = F("version") + 1
    _save_project(current)
    current.refresh_from_db()
    changed = sorted(name for name in changes if before[name] != getattr(current, name))
    changed += _set_relations(
        current, target_groups=target_groups, municipalities=municipalities, hubs=hubs
    )
    access_log_append(
        actor=actor, action=Action.UPDATE, obj=current, details={"fields": sorted(changed)}
    )
    return current


@transaction.atomic
def project_partner_add(
    *, actor: User, project: Project, organization: Organization, role: str, note: str = ""
) -> ProjectPartner:
    """Name an organisation as a partner of the project, with its role."""
    _require_editor(actor)
    if role not in PartnerRole.values:
        raise DomainError(
            _("Choose a role from the list."), field="role", code=ProjectErrors.BAD_ROLE
        )
    existing = ProjectPartner.objects.filter(project=project)
    if existing.filter(organization=organization, role=role).exists():
        raise DomainError(
            _("This organisation already has this role in the project."),
            field="organization",
            code=ProjectErrors.ALREADY_A_PARTNER,
        )
    if role == PartnerRole.LEAD and existing.filter(role=PartnerRole.LEAD).exists():
        raise DomainError(
            _("The project already has a lead partner: remove it first."),
            field="role",
            code=ProjectErrors.LEAD_EXISTS,
        )
    try:
        with transaction.atomic():
            partner = ProjectPartner.objects.create(
                project=project, organization=organization, role=role, note=note.strip()
            )
    except IntegrityError as exc:  # someone added the same partner or a lead at the same time
        raise DomainError(
            _("The partners of the project changed meanwhile: reload the page."),
            code=ProjectErrors.PARTNERS_CHANGED,
        ) from exc
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=partner,
        details={"project": project.pk, "role": role},
    )
    return partner


@transaction.atomic
def project_partner_remove(*, actor: User, partner: ProjectPartner) -> None:
    _require_editor(actor)
    details = {
        "project": partner.project_id,
        "organization": partner.organization_id,
        "role": partner.role,
    }
    access_log_append(actor=actor, action=Action.DELETE, obj=partner, details=details)
    partner.delete()


@transaction.atomic
def funding_source_add(
    *,
    actor: User,
    project: Project,
    name: str,
    funder: Organization | None = None,
    amount: Decimal | None = None,
) -> FundingSource:
    """Record a call or programme that funds the project (amount in euro, optional)."""
    _require_editor(actor)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the name of the call or programme.")]
    if amount is not None and amount < 0:
        errors["amount"] = [_("The amount cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    source = FundingSource.objects.create(
        project=project, name=name.strip(), funder=funder, amount=amount
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=source,
        details={"project": project.pk, "amount": str(amount) if amount is not None else None},
    )
    return source


@transaction.atomic
def funding_source_remove(*, actor: User, funding_source: FundingSource) -> None:
    _require_editor(actor)
    access_log_append(
        actor=actor,
        action=Action.DELETE,
        obj=funding_source,
        details={"project": funding_source.project_id},
    )
    funding_source.delete()


@transaction.atomic
def service_add(
    *,
    actor: User,
    project: Project,
    name: str,
    name_en: str = "",
    description: str = "",
    nomenclature_code: str = "",
    position: int = 0,
) -> Service:
    """Add a service the project offers; `nomenclature_code` only when a national code fits."""
    _require_editor(actor)
    service = Service(
        project=project,
        name=name.strip(),
        name_en=name_en.strip(),
        description=description.strip(),
        nomenclature_code=nomenclature_code.strip().upper(),
        position=position,
    )
    if not service.name:
        raise DomainError(
            _("Give the name of the service."),
            field="name",
            code=ProjectErrors.SERVICE_NAME_REQUIRED,
        )
    service.full_clean(exclude=["project"])
    service.save()
    access_log_append(
        actor=actor, action=Action.CREATE, obj=service, details={"project": project.pk}
    )
    return service


@transaction.atomic
def service_remove(*, actor: User, service: Service) -> None:
    _require_editor(actor)
    access_log_append(
        actor=actor, action=Action.DELETE, obj=service, details={"project": service.project_id}
    )
    service.delete()


# Access rules (eligibility) ------------------------------------------------------------


@transaction.atomic
def project_eligibility_set(
    *, actor: User, project: Project, rule: Rule | None
) -> ProjectEligibility | None:
    """Store the project's access rules (an engine `Rule`, already valid by construction), or
    remove them with `rule=None`. Audited with the rule as stored."""
    _require_editor(actor)
    if rule is None:
        deleted, _rows = ProjectEligibility.objects.filter(project=project).delete()
        if deleted:
            access_log_append(
                actor=actor,
                action=Action.DELETE,
                obj=project,
                details={"eligibility": None},
            )
        return None
    if not isinstance(rule, tuple(KIND_BY_TYPE)):
        raise TypeError("rule must be a trama.eligibility rule")
    data = rule_to_dict(rule)
    stored, created = ProjectEligibility.objects.update_or_create(
        project=project, defaults={"rule": data}
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=project,
        details={"eligibility": data},
    )
    return stored
