"""Retention categories ("shredders" in the pretix sense), registered by the apps that own data.

Each category knows which records are due on a given day, how to describe one without
revealing content, and how to shred it: export what will go, delete or anonymise it, and
redact (never delete) the audit entries that describe it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class RetentionCategory:
    key: str
    label: str | Promise
    rule: str | Promise  # the retention rule in plain words, shown in the dry run
    due: Callable[[date], Iterable[Any]]
    describe: Callable[[Any], str]
    shred: Callable[[Any], dict[str, Any]]


_categories: dict[str, RetentionCategory] = {}


def retention_category(category: RetentionCategory) -> RetentionCategory:
    _categories[category.key] = category
    return category


def retention_categories() -> list[RetentionCategory]:
    return [_categories[key] for key in sorted(_categories)]


def get_category(key: str) -> RetentionCategory:
    return _categories[key]


# What anonymising a file must destroy beyond blanking encrypted columns (files in storage,
# e.g. client documents and their previews): key -> callable(client) -> how many went.
_erasure_hooks: dict[str, Callable[[Any], int]] = {}


def erasure_hook(key: str, destroy: Callable[[Any], int]) -> None:
    _erasure_hooks[key] = destroy


def erasure_hooks() -> list[tuple[str, Callable[[Any], int]]]:
    return sorted(_erasure_hooks.items())
