"""Fictitious demo enterprises (演示数据), planned in plain Python from one random.Random.

Planning is separate from writing so tests can check it without a database and the build
can bulk-insert everything at once. Sizes are log-normal with a few boosted anchors
(链主), so tiers follow a power law: a couple of 百亿 and listed firms, more 高新技术 and
四上 (revenue ≥ 2,000 万元), a few 专精特新.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field

from chainchief.demo import names as N
from chainchief.demo.indicators import Profile
from chainchief.enterprises.validators import USCI_ALPHABET, make_credit_code

ABOVE_SCALE_REVENUE = 2000.0  # 万元 a year: the statistical threshold of 规上/四上
BILLION_REVENUE = 1_000_000.0  # 万元 a year: 百亿企业
ANCHOR_DATE = datetime.date(2021, 3, 23)  # the review meeting that named the chains


@dataclass(frozen=True)
class SegmentInfo:
    id: int
    name: str
    stage: str
    terms: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class ChainInfo:
    code: str
    parks: tuple[str, ...]  # host park names
    segments: tuple[SegmentInfo, ...]
    profile: dict  # city.yaml chain_profiles entry


@dataclass
class EnterprisePlan:
    chain_codes: list[str]
    segment_ids: list[int]
    products: list[str]
    segments: list[SegmentInfo]
    district_code: str
    park_name: str | None
    profile: Profile
    established_on: datetime.date
    name: str = ""
    credit_code: str = ""
    business_scope: str = ""
    tiers: list[tuple[str, datetime.date, str | None]] = field(default_factory=list)
    contacts: list[tuple[str, str, str]] = field(default_factory=list)
    liaison: bool = False

    @property
    def main_products(self) -> str:
        return "、".join(self.products)

    def has_tier(self, tier: str) -> bool:
        return any(t == tier for t, _, _ in self.tiers)


THIN_SHARE = 0.25  # of a chain's segments, those the city barely has (弱链, 缺链 candidates)
THIN_FACTOR = 0.04  # how much less often a maker sits in a thin segment


def _thin_segments(rng: random.Random, chains: list[ChainInfo]) -> set[int]:
    """A city never fills every segment evenly: a quarter of each chain's segments with
    terms get only the odd maker, so the demo shows weak and missing links."""
    thin: set[int] = set()
    for chain in chains:
        pool = [s for s in chain.segments if s.terms]
        thin.update(s.id for s in rng.sample(pool, max(1, round(len(pool) * THIN_SHARE))))
    return thin


def _pick_segments(
    rng: random.Random, chain: ChainInfo, k: int, thin: set[int] = frozenset()
) -> list[SegmentInfo]:
    pool = [s for s in chain.segments if s.terms]
    weights = [
        s.weight * (1.6 if s.stage == "midstream" else 1.0) * (THIN_FACTOR if s.id in thin else 1)
        for s in pool
    ]
    chosen: list[SegmentInfo] = []
    for _ in range(k * 3):
        seg = rng.choices(pool, weights)[0]
        if seg not in chosen:
            chosen.append(seg)
        if len(chosen) == k:
            break
    return chosen


def _products(rng: random.Random, segments: list[SegmentInfo]) -> list[str]:
    out: list[str] = []
    for seg in segments:
        for term in rng.sample(seg.terms, min(len(seg.terms), rng.randint(1, 3))):
            if term not in out:
                out.append(term)
    out = out[:5]
    if rng.random() < 0.3:
        out.append(rng.choice(N.GENERIC_PRODUCTS))
    return out


def _place(
    rng: random.Random, chain: ChainInfo, parks: dict[str, str], districts: list[str]
) -> tuple[str, str | None]:
    """(district code, park name): most makers sit in a host park of their chain."""
    if chain.parks and rng.random() < 0.7:
        park = rng.choice(chain.parks)
        return parks[park], park
    district = rng.choice(districts)
    local = sorted(p for p, d in parks.items() if d == district)
    if local and rng.random() < 0.5:
        return district, rng.choice(local)
    return district, None


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return end
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def plan_enterprises(
    rng: random.Random,
    *,
    count: int,
    chains: list[ChainInfo],
    parks: dict[str, str],
    districts: list[str],
    today: datetime.date,
) -> list[EnterprisePlan]:
    """`count` enterprises with chains, segments, products, places, sizes and tiers."""
    by_code = {c.code: c for c in chains}
    shares = [c.profile["share"] for c in chains]
    plans: list[EnterprisePlan] = []
    thin = _thin_segments(rng, chains)
    for _ in range(count):
        chain = rng.choices(chains, shares)[0]
        codes = [chain.code]
        segs = _pick_segments(rng, chain, rng.choice([1, 1, 2, 2, 3]), thin)
        products = _products(rng, segs)
        related = [c for c in chain.profile.get("related", []) if c in by_code]
        if related and rng.random() < 0.22:
            # A maker joins a related chain only where it makes one of that segment's
            # products (a copper smelter supplies 导体材料, never 开关设备).
            second = by_code[rng.choice(related)]
            fits = [s for s in second.segments if set(s.terms) & set(products)]
            if fits:
                codes.append(second.code)
                segs.append(rng.choice(fits))
        district, park = _place(rng, chain, parks, districts)
        median = chain.profile["median"]
        profile = Profile(
            annual_output=median * math.exp(rng.gauss(0.0, 1.15)),
            growth=min(0.6, max(-0.25, rng.gauss(chain.profile["growth"], 0.10))),
            revenue_ratio=rng.uniform(0.86, 1.04),
            tax_rate=rng.uniform(0.015, 0.055),
            output_per_employee=rng.uniform(60, 180),
        )
        established = _date_between(
            rng, datetime.date(1992, 1, 1), today - datetime.timedelta(days=200)
        )
        plans.append(
            EnterprisePlan(
                chain_codes=codes,
                segments=segs,
                segment_ids=[s.id for s in segs],
                products=products,
                district_code=district,
                park_name=park,
                profile=profile,
                established_on=established,
            )
        )
    _assign_tiers(rng, plans, chains, today)
    used_names: set[str] = set()
    used_codes: set[str] = set()
    for plan in plans:
        plan.name = _name(rng, plan, used_names)
        plan.credit_code = _credit_code(rng, plan, used_codes)
        plan.business_scope = _scope(rng, plan)
        plan.contacts = [
            _contact(rng, title) for title in rng.sample(N.CONTACT_TITLES, rng.randint(1, 2))
        ]
        plan.liaison = plan.has_tier("anchor") or plan.has_tier("listed") or rng.random() < 0.15
    return plans


def _boost(plan: EnterprisePlan, annual_output: float, established: datetime.date) -> None:
    p = plan.profile
    plan.profile = Profile(
        annual_output, p.growth, p.revenue_ratio, p.tax_rate, p.output_per_employee * 1.5
    )
    plan.established_on = min(plan.established_on, established)


def _revenue(plan: EnterprisePlan) -> float:
    return plan.profile.annual_output * plan.profile.revenue_ratio


def _assign_tiers(
    rng: random.Random, plans: list[EnterprisePlan], chains: list[ChainInfo], today: datetime.date
) -> None:
    """Anchors first (boosted in size), then the tiers that follow from size and chain."""
    for chain in chains:
        members = [p for p in plans if p.chain_codes[0] == chain.code and not p.has_tier("anchor")]
        # The anchor makes the chain's core product (its heaviest segment), not a part.
        top = max((s.weight for s in chain.segments if s.terms), default=0)
        core = {s.id for s in chain.segments if s.terms and s.weight == top}
        members.sort(key=lambda p: (not core & set(p.segment_ids), -p.profile.annual_output))
        n_anchors = 2 if chain.profile["share"] >= 150 else 1
        for i, plan in enumerate(members[:n_anchors]):
            if chain.profile.get("billion") and i == 0:
                size = rng.uniform(1.1, 1.6) * BILLION_REVENUE
            else:
                size = chain.profile["median"] * rng.uniform(35, 90)
            _boost(
                plan,
                max(plan.profile.annual_output, size),
                _date_between(rng, datetime.date(1990, 1, 1), datetime.date(2008, 12, 31)),
            )
            plan.tiers.append(
                (
                    "anchor",
                    _date_between(rng, ANCHOR_DATE, ANCHOR_DATE.replace(year=2023)),
                    chain.code,
                )
            )
    ranked = sorted(plans, key=lambda p: -p.profile.annual_output)
    high_tech = {c.code: c.profile["high_tech"] for c in chains}
    for rank, plan in enumerate(ranked):
        start = plan.established_on + datetime.timedelta(days=365)
        revenue = _revenue(plan)
        if revenue >= BILLION_REVENUE:
            plan.tiers.append(
                (
                    "billion",
                    _date_between(rng, datetime.date(2021, 1, 1), datetime.date(2024, 12, 31)),
                    None,
                )
            )
        if (plan.has_tier("anchor") and rng.random() < 0.5) or (rank < 40 and rng.random() < 0.08):
            plan.tiers.append(
                (
                    "listed",
                    _date_between(
                        rng,
                        max(start, datetime.date(2008, 1, 1)),
                        today.replace(year=today.year - 1),
                    ),
                    None,
                )
            )
        above = revenue >= ABOVE_SCALE_REVENUE
        if above:
            plan.tiers.append(
                (
                    "above_scale",
                    _date_between(rng, max(start, datetime.date(2011, 1, 1)), today),
                    None,
                )
            )
        if rng.random() < min(0.9, high_tech[plan.chain_codes[0]] * (1.5 if above else 0.5)):
            plan.tiers.append(
                (
                    "high_tech",
                    _date_between(rng, max(start, today.replace(year=today.year - 3)), today),
                    None,
                )
            )
        if (
            above
            and not plan.has_tier("anchor")
            and rng.random() < (0.12 if plan.has_tier("high_tech") else 0.03)
        ):
            plan.tiers.append(
                (
                    "little_giant",
                    _date_between(rng, max(start, datetime.date(2019, 6, 1)), today),
                    None,
                )
            )


def _trade_name(rng: random.Random) -> str:
    while True:
        word = rng.choice(N.FIRST) + rng.choice(N.SECOND)
        if word[0] != word[1] and word not in N.AVOID:
            return word


def _industry_words(plan: EnterprisePlan) -> list[str]:
    """Words the name may carry: the chain's neutral words, the chain's words that fit the
    enterprise's first segment (电缆 for 电线电缆), and, for a one-segment maker, its own
    short product names. Never a trade of another segment (no 稀贵金属 in 铜材加工)."""
    chain = plan.chain_codes[0]
    first = plan.segments[0] if plan.segments else None
    words = list(N.NEUTRAL_WORDS[chain])
    if first is not None:
        labels = [first.name, *first.terms]
        words += [
            w
            for w in N.INDUSTRY_WORDS[chain]
            if w not in words and any(w in label or label in w for label in labels)
        ]
        if len(plan.segments) == 1:
            words += [
                t
                for t in first.terms
                if t in plan.products and 2 <= len(t) <= 4 and t not in N.GENERIC_PRODUCTS
            ]
    return words


def _name(rng: random.Random, plan: EnterprisePlan, used: set[str]) -> str:
    big = plan.has_tier("anchor") or plan.has_tier("listed")
    for attempt in range(50):
        prefix = N.NAME_PREFIX[plan.district_code]
        if big and rng.random() < 0.5:
            prefix = "湖南"
        elif prefix == "衡阳" and rng.random() < 0.5:
            prefix = "衡阳市"
        industry = rng.choice(_industry_words(plan))
        form = N.LISTED_FORM if plan.has_tier("listed") else rng.choice(N.ORG_FORMS)
        if form.startswith("科技") and ("科技" in industry or "技术" in industry):
            form = "有限公司"
        name = f"{prefix}{_trade_name(rng)}{industry}{form}"
        if attempt > 20:
            name = f"{prefix}{_trade_name(rng)}{_trade_name(rng)[0]}{industry}{form}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("演示企业名称重复过多")


def _credit_code(rng: random.Random, plan: EnterprisePlan, used: set[str]) -> str:
    """18 characters: 9 1, the district code, the 9-character organisation code, check."""
    letters = USCI_ALPHABET
    while True:
        if plan.established_on.year >= 2015:  # codes issued since 2015 start with MA
            org = "MA" + "".join(rng.choice(letters) for _ in range(7))
        else:
            org = "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice("0123456789X")
        code = make_credit_code(f"91{plan.district_code}{org}")
        if code not in used:
            used.add(code)
            return code


def _scope(rng: random.Random, plan: EnterprisePlan) -> str:
    products = [p for p in plan.products if p not in N.GENERIC_PRODUCTS] or plan.products
    text = f"一般项目：{'、'.join(products)}的{rng.choice(N.SCOPE_VERBS)}"
    for tail in rng.sample(N.SCOPE_TAILS, len(N.SCOPE_TAILS)):
        if len(text) + len(tail) + len(N.SCOPE_NOTE) > 140:
            break
        text += f"；{tail}"
        if len(text) + len(N.SCOPE_NOTE) >= 90:
            break
    return text + N.SCOPE_NOTE


def _contact(rng: random.Random, title: str) -> tuple[str, str, str]:
    name = rng.choice(N.SURNAMES) + rng.choice(N.GIVEN)
    # Masked mobile numbers, as exported reports show them: never a reachable number.
    phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}****{rng.randint(0, 9999):04d}"
    return name, title, phone
