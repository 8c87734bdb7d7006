"""Screening instruments as data, and their scoring: plain Python, no Django, no app.

Two instruments:

- **TFI**, the Tilburg Frailty Indicator, part B (15 self-reported items in three domains:
  physical 0-8, psychological 0-4, social 0-3; total 0-15, frail at 5 or more). Item wording
  and scoring follow Gobbens R.J.J., van Assen M.A.L.M., Luijkx K.G., Wijnen-Sponselee M.T.,
  Schols J.M.G.A., "The Tilburg Frailty Indicator: psychometric properties", Journal of the
  American Medical Directors Association 11(5), 2010, 344-355.
- **UCLA-3**, the three-item loneliness scale (each item 1 hardly ever, 2 some of the time,
  3 often; total 3-9). Item wording and scoring follow Hughes M.E., Waite L.J., Hawkley L.C.,
  Cacioppo J.T., "A short scale for measuring loneliness in large surveys", Research on
  Aging 26(6), 2004, 655-672. Hughes et al. publish no cut-off, so the score is reported
  without a flag.

The texts are English; the app translates them through its catalogue. Answers are a mapping
item code -> option code; `score` refuses a missing item, an unknown item or an option the
item does not have (`ScoringError`), unless asked for a partial score.
"""

from trama.screening.instruments import INSTRUMENTS, TFI, UCLA3, Domain, Instrument, Item, Option
from trama.screening.scoring import Result, ScoringError, score

__all__ = [
    "INSTRUMENTS",
    "TFI",
    "UCLA3",
    "Domain",
    "Instrument",
    "Item",
    "Option",
    "Result",
    "ScoringError",
    "score",
]
