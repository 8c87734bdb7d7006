import factory

from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
    Service,
    TargetGroup,
)


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"gruppo-{n}")
    label = factory.Sequence(lambda n: f"Gruppo {n}")
    label_en = factory.Sequence(lambda n: f"Group {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"progetto-{n}")
    name = factory.Sequence(lambda n: f"Progetto {n}")
    summary = "Sintesi del progetto."
    summary_en = "Summary of the project."
    description = "Descrizione del progetto."
    description_en = "Description of the project."
    eligibility = "Persone over 65."
    eligibility_en = "People over 65."
    status = ProjectStatus.ACTIVE
    is_public = True


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organization = factory.SubFactory("trama.organizations.tests.factories.OrganizationFactory")
    role = PartnerRole.PARTNER


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Bando {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Servizio {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
