"""Quick fixes, hovers and code lenses: the answers to requests about a place in a document."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from vocheck.lsp.server import VocheckServer

F = TypeVar("F", bound=Callable[..., Any])


def register_features(server: VocheckServer, feature: Callable[..., Callable[[F], F]]) -> None:
    """Register the request handlers on ``server``."""
