"""Benchmark of the matching (issue #8: under 200 ms for 2,000 volunteers).

Run: ``.venv/bin/python -m lotse.volunteers.bench [--volunteers 2000] [--runs 200]``.
Builds synthetic in-memory profiles (no database, no Django), ranks them for a series of
partners and prints p50/p95 of one ranking, next to a trivial language-only filter measured in
the same run as the baseline. Pure Python: the figure is the scoring, not the database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence

from .matching import Level, TandemPartnerProfile, VolunteerProfile, rank

LANGUAGES = ["de", "en", "ar", "fa", "ps", "ku", "tr", "ru", "uk", "fr", "ti", "so", "ro", "pl"]
DISTRICTS = [f"district-{n}" for n in range(12)]
SLOTS = [
    f"{d}_{p}"
    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for p in ("am", "pm", "ev")
]
INTERESTS = [
    "sport",
    "music",
    "cooking",
    "culture",
    "nature",
    "crafts",
    "reading",
    "games",
    "family",
    "technology",
    "faith",
    "jobs",
]
GENDERS = ["female", "male", "diverse"]


def _languages(rng: random.Random, *, german: Level) -> dict[str, Level]:
    spoken = {"de": german}
    for code in rng.sample(LANGUAGES[1:], rng.randint(0, 3)):
        spoken[code] = Level(rng.randint(1, 4))
    return spoken


def volunteers(count: int, seed: int = 8) -> list[VolunteerProfile]:
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, repeatable on purpose
    return [
        VolunteerProfile(
            id=n,
            languages=_languages(rng, german=Level.NATIVE if rng.random() < 0.7 else Level.FLUENT),
            districts=frozenset(rng.sample(DISTRICTS, rng.randint(1, 5))),
            slots=frozenset(rng.sample(SLOTS, rng.randint(2, 8))),
            interests=frozenset(rng.sample(INTERESTS, rng.randint(1, 4))),
            gender=rng.choice(GENDERS),
            partner_gender=rng.choice(["", "", "", "female", "male"]),
            bilingual_contact=rng.random() < 0.3,
            free_places=rng.choice([0, 1, 1, 1, 2]),
        )
        for n in range(count)
    ]


def partners(count: int, seed: int = 9) -> list[TandemPartnerProfile]:
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, repeatable on purpose
    return [
        TandemPartnerProfile(
            languages=_languages(rng, german=Level(rng.randint(0, 2))),
            district=rng.choice(DISTRICTS),
            slots=frozenset(rng.sample(SLOTS, rng.randint(1, 6))),
            interests=frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
            gender=rng.choice(GENDERS),
            volunteer_gender=rng.choice(["", "", "female"]),
            wants_bilingual_contact=rng.random() < 0.4,
        )
        for _ in range(count)
    ]


def language_filter(partner: TandemPartnerProfile, pool: Sequence[VolunteerProfile]) -> list[int]:
    """The baseline: who shares any language with the partner, no scoring, no order."""
    wanted = partner.languages.keys()
    return [v.id for v in pool if v.free_places > 0 and any(c in v.languages for c in wanted)]


def _timings(
    task: Callable[[TandemPartnerProfile], object], series: Sequence[TandemPartnerProfile]
) -> list[float]:
    times = []
    for partner in series:
        start = time.perf_counter()
        task(partner)
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(count: int = 2000, runs: int = 200) -> dict[str, float]:
    pool = volunteers(count)
    series = partners(runs)
    _timings(lambda p: rank(p, pool, limit=10), series[:5])  # warm-up
    ranked = _timings(lambda p: rank(p, pool, limit=10), series)
    baseline = _timings(lambda p: language_filter(p, pool), series)
    return {
        "volunteers": count,
        "runs": runs,
        "p50_ms": statistics.median(ranked),
        "p95_ms": percentile(ranked, 0.95),
        "max_ms": max(ranked),
        "baseline_p50_ms": statistics.median(baseline),
        "baseline_p95_ms": percentile(baseline, 0.95),
        "ratio_p50": statistics.median(ranked) / statistics.median(baseline),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    r = measure(args.volunteers, args.runs)
    print(f"Ranking {r['volunteers']:.0f} volunteers for each of {r['runs']:.0f} partners:")
    print(
        f"  rank (score all, top 10)   p50 {r['p50_ms']:7.2f} ms   "
        f"p95 {r['p95_ms']:7.2f} ms   max {r['max_ms']:7.2f} ms"
    )
    print(
        f"  baseline (language filter) p50 {r['baseline_p50_ms']:7.2f} ms   "
        f"p95 {r['baseline_p95_ms']:7.2f} ms"
    )
    print(f"  ratio rank/baseline (p50)  {r['ratio_p50']:.1f}x")
    print("  budget 200 ms (p95): " + ("OK" if r["p95_ms"] < 200 else "TOO SLOW"))


if __name__ == "__main__":
    main()
