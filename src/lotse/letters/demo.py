"""Demo: the demo centre gets the shipped letter templates (German, Arabic, Turkish, Ukrainian)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lotse.common.registry import demo_step

from .services import install_defaults

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext


@demo_step("letters", order=65)
def demo_letters(context: DemoContext) -> dict[str, int]:
    return {"letter_templates_installed": install_defaults(context.centre)}
