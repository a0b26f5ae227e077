"""Names users write for related objects (districts, parks, chains, segments, tiers, users),
resolved to ids for imports and written back for exports, with the same rules both ways so an
export re-imports unchanged. Loaded once per import or export (a handful of queries)."""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from chainchief.chains.models import Chain, Segment
from chainchief.enterprises.models import Tier
from chainchief.enterprises.validators import InvalidValue, normalize_district_code, parse_date
from chainchief.places.models import District, Park

LIST_SPLIT = re.compile(r"[、,，;；\n]+")
# Short forms people write; the export always writes the full label.
TIER_ALIASES = {
    "百亿": Tier.BILLION,
    "上市": Tier.LISTED,
    "上市公司": Tier.LISTED,
    "高新": Tier.HIGH_TECH,
    "高新技术": Tier.HIGH_TECH,
    "国家高新技术企业": Tier.HIGH_TECH,
    "四上": Tier.ABOVE_SCALE,
    "规上": Tier.ABOVE_SCALE,
    "规上企业": Tier.ABOVE_SCALE,
    "专精特新企业": Tier.LITTLE_GIANT,
    "专精特新小巨人": Tier.LITTLE_GIANT,
    "链主": Tier.ANCHOR,
    "链主企业": Tier.ANCHOR,
}
_TIER_ITEM = re.compile(
    r"(?P<name>[^:：(（]+?)\s*(?:[(（](?P<chain>[^)）]+)[)）])?\s*(?:[:：]\s*(?P<date>.+))?"
)


@dataclass(frozen=True)
class TierValue:
    tier: str
    gained_on: datetime.date | None
    chain: str  # as written (code or name); only for anchors


def split_list(value: object) -> tuple[str, ...]:
    """'a、b, c' as ('a', 'b', 'c'): order kept, blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for part in LIST_SPLIT.split(str(value)):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return tuple(seen)


@functools.cache  # labels are read per cell; resolving lazy translations each time was slow
def tier_labels() -> dict[str, str]:
    return {str(label): value for value, label in Tier.choices}


def parse_tiers(value: object) -> tuple[TierValue, ...]:
    """'高新技术企业:2023-11-20、专精特新、链主企业（C01）' → tiers with optional date and chain."""
    result: dict[str, TierValue] = {}
    labels = tier_labels()
    for part in split_list(value):
        m = _TIER_ITEM.fullmatch(part)
        name = m.group("name").strip() if m else part
        tier = labels.get(name) or TIER_ALIASES.get(name)
        if m is None or tier is None:
            raise InvalidValue(f"梯队“{part}”无法识别，可用：{'、'.join(labels)}")
        if m.group("chain") and tier != Tier.ANCHOR:
            raise InvalidValue(f"“{part}”：只有链主企业可注明产业链")
        if tier in result:
            raise InvalidValue(f"梯队“{name}”重复")
        gained_on = parse_date(m.group("date").strip()) if m.group("date") else None
        result[tier] = TierValue(tier, gained_on, (m.group("chain") or "").strip())
    return tuple(result.values())


def short_chain_name(name: str) -> str:
    """A chain's name without the words people leave out: 产业链, 产业, 链."""
    text = re.sub(r"\s+", "", name)
    for suffix in ("产业链", "产业", "链"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def parse_district(value: object) -> str:
    """A district code (Excel may make it a number) or a district name, resolved later."""
    text = str(int(value) if isinstance(value, float) else value).strip()
    return normalize_district_code(text) if text[:1].isdigit() else text


class References:
    def __init__(self) -> None:
        self.districts = {d.code: d for d in District.objects.all()}
        self.district_names = {d.name: d for d in self.districts.values()}
        self.parks = {p.name: p for p in Park.objects.all()}
        self.park_names = {p.id: p.name for p in self.parks.values()}
        chains = list(Chain.objects.all())
        self.chain_by_id = {c.id: c for c in chains}
        self.chain_by_code = {c.code: c for c in chains}
        self.chains_by_name: dict[str, list[Chain]] = defaultdict(list)
        self.chains_by_short: dict[str, list[Chain]] = defaultdict(list)
        for c in chains:
            self.chains_by_name[c.name].append(c)
            self.chains_by_short[short_chain_name(c.name)].append(c)
        self.segment_by_id = {
            s.id: s for s in Segment.objects.only("id", "name", "chain_id", "stage")
        }
        self.segments_by_chain_name: dict[tuple[int, str], list[Segment]] = defaultdict(list)
        for s in self.segment_by_id.values():
            self.segments_by_chain_name[(s.chain_id, s.name)].append(s)
        users = list(get_user_model().objects.only("id", "username", "full_name"))
        self.user_by_id = {u.id: u for u in users}
        self.user_by_username = {u.username: u for u in users}
        self.users_by_full_name: dict[str, list] = defaultdict(list)
        for u in users:
            if u.full_name:
                self.users_by_full_name[u.full_name].append(u)

    # -- resolving (raise InvalidValue with the reason) ---------------------------------
    def district(self, ref: str) -> int:
        found = self.districts.get(ref) or self.district_names.get(ref)
        if found is None:
            allowed = "、".join(f"{d.code}（{d.name}）" for d in self.districts.values())
            raise InvalidValue(f"“{ref}”不是本市的县市区，可用：{allowed or '（尚未设置县市区）'}")
        return found.id

    def park(self, ref: str) -> int | None:
        if not ref:
            return None
        found = self.parks.get(ref)
        if found is None:
            names = list(self.parks)
            hint = f"，可用：{'、'.join(names)}" if 0 < len(names) <= 30 else ""
            raise InvalidValue(f"园区“{ref}”不存在{hint}")
        return found.id

    def chain(self, ref: str) -> int:
        """A chain by code (any case), full name or short name (“输变电装备” for “输变电装备产业链”)."""
        if ref in self.chain_by_code:
            return self.chain_by_code[ref].id
        if ref.upper() in self.chain_by_code:
            return self.chain_by_code[ref.upper()].id
        found = self.chains_by_name.get(ref, []) or self.chains_by_short.get(
            short_chain_name(ref), []
        )
        if len(found) == 1:
            return found[0].id
        if found:
            codes = "、".join(c.code for c in found)
            raise InvalidValue(f"名称“{ref}”对应多条产业链，请填写产业链代码：{codes}")
        raise InvalidValue(f"产业链“{ref}”不存在")

    def segment(self, ref: str, chain_ids: set[int]) -> int:
        """'名称' within the enterprise's chains, or '产业链代码:名称' when a name repeats."""
        scope = chain_ids
        name = ref
        if ":" in ref or "：" in ref:
            code, name = re.split("[:：]", ref, maxsplit=1)
            code, name = code.strip(), name.strip()
            chain = self.chain_by_code.get(code)
            if chain is None:
                raise InvalidValue(f"“{ref}”：产业链代码“{code}”不存在")
            scope = {chain.id} & chain_ids
            if not scope:
                raise InvalidValue(f"环节“{ref}”不属于所填的产业链")
        found = [s for cid in scope for s in self.segments_by_chain_name.get((cid, name), [])]
        if len(found) == 1:
            return found[0].id
        if found:
            where = "、".join(
                sorted(f"{self.chain_by_id[s.chain_id].code}:{s.name}" for s in found)
            )
            raise InvalidValue(f"环节“{ref}”有多个匹配（{where}），请写作“产业链代码:环节名称”")
        elsewhere = sorted(
            {self.chain_by_id[cid].name for (cid, n) in self.segments_by_chain_name if n == name}
        )
        if elsewhere:
            raise InvalidValue(f"环节“{ref}”不属于所填的产业链（属于：{'、'.join(elsewhere)}）")
        raise InvalidValue(f"环节“{ref}”不存在")

    def user(self, ref: str) -> int | None:
        if not ref:
            return None
        if ref in self.user_by_username:
            return self.user_by_username[ref].id
        found = self.users_by_full_name.get(ref, [])
        if len(found) == 1:
            return found[0].id
        if found:
            names = "、".join(u.username for u in found)
            raise InvalidValue(f"姓名“{ref}”对应多个用户，请填写用户名：{names}")
        raise InvalidValue(f"用户“{ref}”不存在（填写用户名或姓名）")

    # -- writing (the inverse of the above) ---------------------------------------------
    def chain_ref(self, chain_id: int) -> str:
        chain = self.chain_by_id[chain_id]
        return chain.name if len(self.chains_by_name[chain.name]) == 1 else chain.code

    def segment_ref(self, segment_id: int, chain_ids: set[int]) -> str:
        s = self.segment_by_id[segment_id]
        same = sum(len(self.segments_by_chain_name.get((cid, s.name), [])) for cid in chain_ids)
        return s.name if same == 1 else f"{self.chain_by_id[s.chain_id].code}:{s.name}"

    def user_ref(self, user_id: int | None) -> str:
        if user_id is None:
            return ""
        user = self.user_by_id[user_id]
        full = user.full_name
        if full and len(self.users_by_full_name[full]) == 1 and full not in self.user_by_username:
            return full
        return user.username

    def tier_ref(self, tier: str, gained_on: datetime.date | None, chain_id: int | None) -> str:
        text = Tier(tier).label
        if chain_id:
            text += f"（{self.chain_by_id[chain_id].code}）"
        if gained_on:
            text += f":{gained_on.isoformat()}"
        return str(text)
