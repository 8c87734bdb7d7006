"""Facts about the consortium that the public pages show and no model holds, from its own
page (see ../shared/seed): the Area Coesione contact, fax and tax identifiers. The offices
themselves are hubs in the database (territory)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    address: str


AREA_COESIONE = Contact(
    name="Dott. Carlo Anselmi", phone="0119501417", address="Via Nuova Collegiata, 5 – 10098 Rivoli"
)
FAX = "+39 0119501425"
FISCAL_CODE = "95546580010"
VAT_NUMBER = "07477280015"
