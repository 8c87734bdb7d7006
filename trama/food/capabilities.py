"""What Solidarietà Alimentare lets each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

READ_STOCK = capability(
    "food.read_stock",
    "reads the stock of the points of their scope",
    (Role.COORDINATOR, Role.SUPERVISOR, Role.OPERATOR),
)
MOVE_STOCK = capability(
    "food.move_stock",
    "receives donations and moves stock",
    (Role.COORDINATOR, Role.OPERATOR),
)
