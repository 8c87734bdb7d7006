"""Panels of the back-office home page contributed by the apps above the core.

The core cannot import them (it is level 0): each app registers a provider in its
`AppConfig.ready()`, a callable that receives the user and returns a `Panel` (a template and
its context) or None when it has nothing for that user."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


PanelProvider = Callable[[object], Panel | None]
_providers: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> PanelProvider:
    """Add a provider once (ready() may run more than once in tests); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user) -> list[Panel]:
    panels = [panel for provider in _providers if (panel := provider(user)) is not None]
    return sorted(panels, key=lambda panel: panel.order)
