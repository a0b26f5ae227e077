"""Building the demo city (演示数据) in one transaction, deterministically from a seed.

Same seed, enterprise count, month count and "today" give the same city. Everything goes
through the public services of its app, the ones the pages use (places, accounts, the chain
file upload, the enterprise library's bulk service, projects, casework, pools, audit,
evaluation), so the demo can hold no row a user could not have written. The change log is
paused meanwhile and gets one summary entry, not one per row.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from chainchief.accounts import services as accounts
from chainchief.accounts.changelog import paused as changelog_paused
from chainchief.accounts.models import ChangeLog, Role, User
from chainchief.chains import services as chains_services
from chainchief.chains.models import Chain, Segment
from chainchief.demo import data
from chainchief.demo.enterprises import ChainInfo, EnterprisePlan, SegmentInfo, plan_enterprises
from chainchief.demo.indicators import month_window, series
from chainchief.demo.projects import build_demo_projects
from chainchief.demo.users import SYSTEM, save_demo_user
from chainchief.enterprises.models import Enterprise
from chainchief.enterprises.services import create_enterprises
from chainchief.places import services as places
from chainchief.places.models import Department, District, Park

DEMO_NOTE = "演示数据（虚构企业）"


@dataclass
class DemoSummary:
    city: str
    seed: int
    districts: int = 0
    parks: int = 0
    departments: int = 0
    users: int = 0
    chains: int = 0
    segments: int = 0
    enterprises: int = 0
    indicators: int = 0
    contacts: int = 0
    tiers: dict[str, int] = field(default_factory=dict)
    first_month: datetime.date | None = None
    last_month: datetime.date | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        out = dict(self.__dict__)
        out["first_month"] = str(self.first_month or "")
        out["last_month"] = str(self.last_month or "")
        out["seconds"] = round(self.seconds, 1)
        return out


def _places(summary: DemoSummary) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    city = data.city_data()
    districts = {
        code: places.save_district(code=code, name=name, by=SYSTEM)
        for code, name in city["districts"]
    }
    district_ids = {code: d.pk for code, d in districts.items()}
    parks = [
        places.save_park(
            name=name, district=districts[code], kind=kind, description=f"{text}（演示数据）",
            by=SYSTEM,
        )
        for name, code, kind, text in city["parks"]
    ]  # fmt: skip
    summary.districts, summary.parks = len(districts), len(parks)
    park_district = {name: code for name, code, _, _ in city["parks"]}
    return district_ids, {p.name: p.pk for p in parks}, park_district


def _departments(summary: DemoSummary) -> dict[str, Department]:
    city = data.city_data()
    rows = [(name, short, Department.Kind.DEPARTMENT) for name, short in city["departments"]]
    rows += [(f"{name}人民政府", name, Department.Kind.DISTRICT) for _, name in city["districts"]]
    existing = set(Department.objects.values_list("name", flat=True))
    for i, (name, short, kind) in enumerate(rows):
        if name not in existing:
            places.save_department(name=name, short_name=short, kind=kind, sort=i, by=SYSTEM)
    summary.departments = len(rows)
    by_short = {d.short_name: d for d in Department.objects.all() if d.short_name}
    return by_short


def _users(summary: DemoSummary, departments: dict[str, Department]) -> dict[str, User]:
    """One user per role, plus a chief and a deputy director for every chain."""
    city = data.city_data()
    specs = [(u, Role(r), n, t, departments.get(d)) for u, r, n, t, d in city["users"]]
    for code in data.chain_codes():
        (chief, chief_title), (deputy, deputy_title) = city["chain_people"][code]
        specs.append((f"chief_{code.lower()}", Role.CHAIN_CHIEF, chief, chief_title, None))
        specs.append((f"deputy_{code.lower()}", Role.DEPUTY_DIRECTOR, deputy, deputy_title, None))
    users = {}
    for username, role, full_name, title, department in specs:
        users[username] = save_demo_user(
            username,
            values={"role": role, "full_name": full_name, "title": title, "department": department},
        )
    summary.users = len(users)
    return users


def _chains(summary: DemoSummary) -> list[Chain]:
    """The chain files through the upload's service, in layout order: each file's `layout`
    creates its cluster (产业集群) on first use, so the clusters come in the layout's order."""
    chains = []
    for code in data.chain_codes():
        text = data.chain_file(code).read_text(encoding="utf-8")
        result = chains_services.load_chain_file(text=text, by=SYSTEM)
        if result.warnings:  # an authoring mistake in a demo file, not a user error
            raise RuntimeError(f"演示产业链 {code}：{'；'.join(result.warnings)}")
        chain = chains_services.save_chain(
            by=SYSTEM, chain=result.chain, version=result.chain.version, sort=len(chains)
        )
        chains.append(chain)
    summary.chains = len(chains)
    summary.segments = Segment.objects.filter(chain__in=chains).count()
    return chains


def _chain_infos(chains: list[Chain]) -> list[ChainInfo]:
    profiles = data.city_data()["chain_profiles"]
    infos = []
    for chain in chains:
        segments = tuple(
            SegmentInfo(s.pk, s.name, s.stage, tuple(s.terms or []), float(s.weight))
            for s in chain.segments.order_by("sort", "id")
        )
        parks = tuple(chain.host_parks.order_by("name").values_list("name", flat=True))
        infos.append(ChainInfo(chain.code, parks, segments, profiles[chain.code]))
    return infos


def _write_enterprises(
    plans: list[EnterprisePlan],
    *,
    seed: int,
    months: list[datetime.date],
    chain_ids: dict[str, int],
    district_ids: dict[str, int],
    park_ids: dict[str, int],
    liaison_ids: dict[str, int],
    summary: DemoSummary,
    progress: Callable[[str], None],
) -> list[Enterprise]:
    # Through the library's bulk service: the same rules as the edit form, in bulk.
    chains = {c.pk: c for c in Chain.objects.filter(pk__in=chain_ids.values())}
    segments = Segment.objects.in_bulk()
    districts = District.objects.in_bulk(district_ids.values())
    parks = Park.objects.in_bulk(park_ids.values())
    liaisons = User.objects.in_bulk(liaison_ids.values())

    def row(i: int, p: EnterprisePlan) -> dict:
        # One stream per enterprise: its figures do not depend on the others or on the count.
        rng = random.Random(seed * 1_000_003 + i)
        park_id = park_ids.get(p.park_name or "")
        return {
            "name": p.name,
            "credit_code": p.credit_code,
            "district": districts[district_ids[p.district_code]],
            "park": parks[park_id] if park_id else None,
            "main_products": p.main_products,
            "business_scope": p.business_scope,
            "established_on": p.established_on,
            "note": DEMO_NOTE,
            "liaison_official": liaisons[liaison_ids[p.chain_codes[0]]] if p.liaison else None,
            "chains": [chains[chain_ids[c]] for c in p.chain_codes],
            "segments": [segments[s] for s in p.segment_ids],
            "tiers": [
                {"tier": t, "gained_on": d, "chain": chains.get(chain_ids.get(c or ""))}
                for t, d, c in p.tiers
            ],
            "contacts": [{"name": n, "title": t, "phone": ph} for n, t, ph in p.contacts],
            "indicators": [
                {"month": r.month, "output_value": r.output_value, "revenue": r.revenue,
                 "tax": r.tax, "employees": r.employees}
                for r in series(rng, p.profile, months, p.established_on)
            ],
        }  # fmt: skip

    rows = [row(i, p) for i, p in enumerate(plans)]
    made = create_enterprises(by=None, rows=rows)
    contacts = [c for r in rows for c in r["contacts"]]
    tiers = [t["tier"] for r in rows for t in r["tiers"]]
    summary.indicators += sum(len(r["indicators"]) for r in rows)
    progress(f"企业 {len(made)} 家（梯队 {len(tiers)} 条，联系人 {len(contacts)} 人，含月度指标）")
    rows = made
    summary.enterprises, summary.contacts = len(rows), len(contacts)
    summary.tiers = dict(sorted(Counter(tiers).items()))
    return rows


def build_demo_city(
    *,
    seed: int = 2026,
    enterprises: int = 1500,
    months: int = 24,
    today: datetime.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Build the demo city into an empty database (see `reset_city_data`); all or nothing."""
    started = time.monotonic()
    say = progress or (lambda message: None)
    today = today or timezone.localdate()
    rng = random.Random(seed)
    city_spec = data.city_data()["city"]
    summary = DemoSummary(city=city_spec["name"], seed=seed)
    window = month_window(today, months)
    if window:
        summary.first_month, summary.last_month = window[0], window[-1]
    with changelog_paused(), transaction.atomic():
        city = places.save_city(
            name=city_spec["name"], code=city_spec["code"], layout_name=city_spec["layout_name"],
            is_demo=True, by=SYSTEM,
        )  # fmt: skip
        district_ids, park_ids, park_district = _places(summary)
        departments = _departments(summary)
        users = _users(summary, departments)
        say(
            f"县市区 {summary.districts} 个，园区 {summary.parks} 个，部门 {summary.departments} 个，"
            f"用户 {summary.users} 个"
        )
        chains = _chains(summary)
        say(f"产业链 {summary.chains} 条，环节 {summary.segments} 个")
        infos = _chain_infos(chains)
        plans = plan_enterprises(
            rng,
            count=enterprises,
            chains=infos,
            parks=park_district,
            districts=[c for c, _ in data.city_data()["districts"]],
            today=today,
        )
        liaison_ids = {c.code: users[f"deputy_{c.code.lower()}"].pk for c in chains}
        rows = _write_enterprises(
            plans,
            seed=seed,
            months=window,
            chain_ids={c.code: c.pk for c in chains},
            district_ids=district_ids,
            park_ids=park_ids,
            liaison_ids=liaison_ids,
            summary=summary,
            progress=say,
        )
        _link_contact_user(users["contact"], rows, plans)
        # The bulk writes above bypass the indicator summary's signals: rebuild it once.
        from chainchief.enterprises.summary import rebuild_output_summary

        rebuild_output_summary()
        # A separate stream, so adding projects leaves the enterprises of a seed unchanged.
        projects = build_demo_projects(
            random.Random(seed + 1), chains=chains, users=users, today=today
        )
        say(f"项目 {projects} 个（招商引资、在建重大、技改、数字化）")
        # Later modules add their demo data here, each from its own random stream:
        # demo:casework
        from chainchief.demo.casework import build_demo_cases

        cases = build_demo_cases(
            random.Random(seed + 2), users=users, today=today, count=min(600, len(rows) // 2 + 30)
        )
        say(f"问题交办 {cases['cases']} 件，走访 {cases['visits']} 次，超期 {cases['red']} 件")
        # demo:pools
        from chainchief.demo.pools import build_demo_pools

        pools = build_demo_pools(random.Random(seed + 3), chains=chains)
        say("资源池 " + "，".join(f"{k} {v} 条" for k, v in pools.items()))
        # demo:audit
        from chainchief.demo.audit import build_demo_audit

        say(build_demo_audit(random.Random(seed + 8), users=users, today=today))
        # demo:evaluation
        from chainchief.demo.evaluation import build_demo_evaluation

        evaluated = build_demo_evaluation(random.Random(seed + 7), today=today)
        say(
            f"考评 {evaluated['runs']} 期，点评意见 {evaluated['comments']} 条，"
            f"激励约束 {evaluated['incentives']} 条"
        )
        summary.seconds = time.monotonic() - started
        ChangeLog.objects.create(
            user_name="系统",
            action=ChangeLog.Action.CREATE,
            object_type="places.city",
            object_id=str(city.pk),
            object_repr=f"生成演示城市：{city.name}（演示数据）",
            after=summary.as_dict(),
        )
    return summary


def _link_contact_user(user: User, rows: list[Enterprise], plans: list[EnterprisePlan]) -> None:
    """The demo enterprise contact speaks for the POWER chain's first anchor enterprise."""
    candidates = [
        e
        for e, p in zip(rows, plans, strict=True)
        if ("anchor", "POWER") in {(t, c) for t, _, c in p.tiers}
    ]
    candidates += [e for e, p in zip(rows, plans, strict=True) if "POWER" in p.chain_codes]
    candidates += rows
    if candidates:
        accounts.save_user(user=user, values={"enterprise": candidates[0]}, by=SYSTEM)
