"""The items of each instrument, their answer options and the points each option gives."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    points: int


@dataclass(frozen=True)
class Domain:
    code: str
    label: str


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    options: tuple[Option, ...]
    domain: str = ""
    note: str = ""  # a clarification read out with the question

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def min_points(self) -> int:
        return min(o.points for o in self.options)

    @property
    def max_points(self) -> int:
        return max(o.points for o in self.options)


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    items: tuple[Item, ...]
    domains: tuple[Domain, ...] = ()
    # A total at or above `threshold` is flagged; None: the score is reported without a flag.
    threshold: int | None = None
    threshold_label: str = ""

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    @property
    def minimum(self) -> int:
        return sum(i.min_points for i in self.items)

    @property
    def maximum(self) -> int:
        return sum(i.max_points for i in self.items)

    def is_flagged(self, total: int) -> bool:
        return self.threshold is not None and total >= self.threshold


def _yes_no(*, yes: int, no: int) -> tuple[Option, ...]:
    return (Option("yes", "Yes", yes), Option("no", "No", no))


def _yes_sometimes_no(*, sometimes: int) -> tuple[Option, ...]:
    return (
        Option("yes", "Yes", 1),
        Option("sometimes", "Sometimes", sometimes),
        Option("no", "No", 0),
    )


# TFI part B. Scoring (Gobbens et al. 2010): "no" scores 1 on the items asking about a
# resource (feeling healthy, coping, support) and "yes" on those asking about a problem;
# for memory only "yes" scores, for feeling down, nervous and missing people "sometimes"
# scores like "yes".
_PROBLEM = _yes_no(yes=1, no=0)
_RESOURCE = _yes_no(yes=0, no=1)

TFI = Instrument(
    code="tfi",
    name="Tilburg Frailty Indicator",
    domains=(
        Domain("physical", "Physical"),
        Domain("psychological", "Psychological"),
        Domain("social", "Social"),
    ),
    threshold=5,
    threshold_label="Frail",
    items=(
        Item("physically_healthy", "Do you feel physically healthy?", _RESOURCE, "physical"),
        Item(
            "weight_loss",
            "Have you lost a lot of weight recently without wishing to do so?",
            _PROBLEM,
            "physical",
            note="A lot is: 6 kg or more during the last six months, "
            "or 3 kg or more during the last month.",
        ),
        Item(
            "walking",
            "In your daily life, do you experience problems due to difficulty in walking?",
            _PROBLEM,
            "physical",
        ),
        Item(
            "balance",
            "In your daily life, do you experience problems due to difficulty maintaining "
            "your balance?",
            _PROBLEM,
            "physical",
        ),
        Item(
            "hearing",
            "In your daily life, do you experience problems due to poor hearing?",
            _PROBLEM,
            "physical",
        ),
        Item(
            "vision",
            "In your daily life, do you experience problems due to poor vision?",
            _PROBLEM,
            "physical",
        ),
        Item(
            "hand_strength",
            "In your daily life, do you experience problems due to lack of strength in your hands?",
            _PROBLEM,
            "physical",
        ),
        Item(
            "tiredness",
            "In your daily life, do you experience problems due to physical tiredness?",
            _PROBLEM,
            "physical",
        ),
        Item(
            "memory",
            "Do you have problems with your memory?",
            _yes_sometimes_no(sometimes=0),
            "psychological",
        ),
        Item(
            "feeling_down",
            "Have you felt down during the last month?",
            _yes_sometimes_no(sometimes=1),
            "psychological",
        ),
        Item(
            "nervous",
            "Have you felt nervous or anxious during the last month?",
            _yes_sometimes_no(sometimes=1),
            "psychological",
        ),
        Item(
            "coping",
            "Are you able to cope with problems well?",
            _RESOURCE,
            "psychological",
        ),
        Item("lives_alone", "Do you live alone?", _PROBLEM, "social"),
        Item(
            "misses_people",
            "Do you sometimes miss having people around you?",
            _yes_sometimes_no(sometimes=1),
            "social",
        ),
        Item(
            "support",
            "Do you receive enough support from other people?",
            _RESOURCE,
            "social",
        ),
    ),
)

_HOW_OFTEN = (
    Option("hardly_ever", "Hardly ever", 1),
    Option("some_of_the_time", "Some of the time", 2),
    Option("often", "Often", 3),
)

UCLA3 = Instrument(
    code="ucla3",
    name="UCLA loneliness scale (3 items)",
    items=(
        Item("companionship", "How often do you feel that you lack companionship?", _HOW_OFTEN),
        Item("left_out", "How often do you feel left out?", _HOW_OFTEN),
        Item("isolated", "How often do you feel isolated from others?", _HOW_OFTEN),
    ),
)

INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in (TFI, UCLA3)}
