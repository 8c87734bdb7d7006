import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum import luhn

from trama.core.text import normalize_for_search
from trama.organizations.models import LegalForm, Organization, OrganizationKind


def valid_numeric_fiscal_code(seed: int) -> str:
    """An 11-digit codice fiscale with a correct check digit (demo and tests only)."""
    body = f"9{seed % 10**6:06d}001"  # 9: non-commercial entity; 001: Torino's tax office code
    return body + luhn.calc_check_digit(body)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Associazione Esempio {n}")
    search_name = factory.LazyAttribute(lambda o: normalize_for_search(o.name))
    kind = OrganizationKind.ETS
    legal_form = LegalForm.SOCIAL_PROMOTION
    fiscal_code = factory.Sequence(lambda n: valid_numeric_fiscal_code(n + 1000))


def csv_upload(text: str, name: str = "organizzazioni.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
