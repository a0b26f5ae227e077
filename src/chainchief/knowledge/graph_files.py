"""Read a graph directory in the public ChainKnowledgeGraph format into plain rows (no Django).

Decisions on the source's noise, made here once:
- codes are compared without the exchange suffix (`600373.SH` → `600373`);
- a code that appears on several company rows keeps one primary row (the one whose short
  name the relation files use and whose full name fits the short name); the other rows are
  kept as `code#2`, `code#3` … flagged, with a note, and get no relations. When no full name
  fits the short name at all, the full names are unreliable: no region is parsed;
- product names are kept as written, flagged when noise (see names.py);
- repeated company-product rows keep the highest weight.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from chainchief.knowledge.names import noise_reason, normalize
from chainchief.knowledge.regions import parse_region

FILES = (
    "industry.json",
    "industry_industry.json",
    "industry_up.json",
    "company.json",
    "company_industry.json",
    "product.json",
    "company_product.json",
    "product_product.json",
)
RELATION_KINDS = {"上游材料": "upstream_material", "产品小类": "subclass", "下游产品": "downstream"}
_COMMON_WORDS = ("科技", "股份", "集团", "控股", "实业", "发展", "技术", "智能", "电子")


class GraphFormatError(ValueError):
    pass


@dataclass
class GraphRows:
    industries: dict[str, tuple[str, int, str]] = field(
        default_factory=dict
    )  # code → (name, level, parent)
    companies: dict[str, dict] = field(default_factory=dict)  # key → fields
    products: dict[str, tuple[str, bool, str]] = field(
        default_factory=dict
    )  # name → (norm, noise, reason)
    company_products: dict[tuple[str, str], float] = field(
        default_factory=dict
    )  # (key, product) → weight
    relations: set[tuple[str, str, str]] = field(default_factory=set)
    company_industries: set[tuple[str, str]] = field(default_factory=set)
    industry_upstream: dict[tuple[str, str], int] = field(default_factory=dict)
    duplicates: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def digest(directory: Path) -> str:
    h = hashlib.sha256()
    for name in FILES:
        h.update(name.encode())
        h.update((directory / name).read_bytes())
    return h.hexdigest()


def _lines(path: Path):
    if not path.exists():
        raise GraphFormatError(f"缺少文件 {path.name}")
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise GraphFormatError(
                    f"{path.name} 第 {number} 行不是有效的 JSON：{exc.msg}"
                ) from exc


def _field(path: Path, number: int, row: dict, name: str) -> str:
    value = row.get(name)
    if value is None:
        raise GraphFormatError(f"{path.name} 第 {number} 行缺少字段 {name}")
    return str(value)


def plain_code(code: str) -> str:
    return str(code).strip().split(".")[0]


_DISTRESS = re.compile(r"^(S\*ST|\*ST|SST|ST)(?![A-Z])")


def is_distressed(short_name: str) -> bool:
    """ST, *ST, S*ST (special treatment: financial distress); not a name like STAR…"""
    return bool(_DISTRESS.match(short_name.strip().upper()))


def _brand(short_name: str) -> str:
    name = short_name.upper()
    for prefix in ("S*ST", "*ST", "SST", "ST"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    for word in _COMMON_WORDS:
        name = name.replace(word, "")
    return name.rstrip("AB") or short_name


def name_fit(short_name: str, full_name: str) -> float:
    """Share of the short name's distinctive characters found in the full name (0..1)."""
    brand = _brand(short_name)
    return sum(1 for ch in brand if ch in full_name) / len(brand) if brand else 0.0


def _listing_date(raw: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None  # some rows hold the exchange name instead of a date


def read_graph(directory: Path) -> GraphRows:
    directory = Path(directory)
    rows = GraphRows()
    _read_industries(directory, rows)
    relation_names = _relation_names(directory)
    _read_companies(directory, rows, relation_names)
    _read_products(directory, rows)
    _read_company_relations(directory, rows)
    return rows


def _read_industries(directory: Path, rows: GraphRows) -> None:
    path = directory / "industry.json"
    for number, row in _lines(path):
        code = _field(path, number, row, "code").strip()
        level = 1 if code.endswith("0000") else 2 if code.endswith("00") else 3
        rows.industries[code] = (_field(path, number, row, "name").strip(), level, "")
    path = directory / "industry_industry.json"
    for number, row in _lines(path):
        child, parent = _field(path, number, row, "from_code"), _field(path, number, row, "to_code")
        if child in rows.industries and parent in rows.industries:
            name, level, _ = rows.industries[child]
            rows.industries[child] = (name, level, parent)
    # industry_up names industries by name: prefer the most specific level on repeats.
    by_name: dict[str, str] = {}
    for code, (name, _level, _) in sorted(rows.industries.items(), key=lambda kv: kv[1][1]):
        by_name[name] = code
        by_name.setdefault(name + "Ⅲ", code)  # industry_up writes some level-3 names with Ⅲ
    path = directory / "industry_up.json"
    for number, row in _lines(path):
        code = by_name.get(_field(path, number, row, "industry"))
        if code is None:
            rows.warnings.append(f"industry_up.json 第 {number} 行：未知行业 {row['industry']}")
            continue
        for up_name, count in (row.get("ups") or {}).items():
            up = by_name.get(up_name)
            if up is None:
                rows.warnings.append(f"industry_up.json 第 {number} 行：未知上游行业 {up_name}")
            elif up != code:
                rows.industry_upstream[(code, up)] = int(count)


def _relation_names(directory: Path) -> dict[str, tuple[set[str], set[str]]]:
    """For each plain code, the short names the product and industry files use."""
    names: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for slot, filename in ((0, "company_product.json"), (1, "company_industry.json")):
        path = directory / filename
        for number, row in _lines(path):
            code = plain_code(_field(path, number, row, "company_code"))
            names[code][slot].add(str(row.get("company_name", "")))
    return names


def _read_companies(directory: Path, rows: GraphRows, relation_names) -> None:
    path = directory / "company.json"
    groups: dict[str, list[dict]] = defaultdict(list)
    for number, row in _lines(path):
        raw_code = _field(path, number, row, "code").strip()
        groups[plain_code(raw_code)].append(
            {
                "raw_code": raw_code,
                "short_name": _field(path, number, row, "name").strip(),
                "full_name": str(row.get("fullname") or "").strip(),
                "exchange": str(row.get("location") or "").strip(),
                "listed_on_raw": str(row.get("time") or "").strip(),
                "line": number,
            }
        )
    for code, group in groups.items():
        product_names, industry_names = relation_names.get(code, (set(), set()))

        def rank(item, product_names=product_names, industry_names=industry_names):
            return (
                item["short_name"] in product_names,
                item["short_name"] in industry_names,
                name_fit(item["short_name"], item["full_name"]),
                -item["line"],
            )

        ordered = sorted(group, key=rank, reverse=True)
        reliable = max(name_fit(g["short_name"], g["full_name"]) for g in group) >= 0.5
        primary = ordered[0]
        for n, item in enumerate(ordered):
            key = code if n == 0 else f"{code}#{n + 1}"
            note = ""
            if len(group) > 1:
                others = "、".join(
                    f"{o['short_name']}/{o['full_name']}" for o in ordered if o is not item
                )
                role = (
                    "主记录（产品与行业关系归属此行）"
                    if n == 0
                    else (
                        f"非主记录，关系归属主记录 {primary['short_name']}/{primary['full_name']}"
                    )
                )
                note = f"代码 {code} 在源数据中出现 {len(group)} 次；本行为{role}；同代码其他行：{others}"
                if not reliable:
                    note = "全称与简称均不符，全称不可靠、未解析地区；" + note
            province, city = parse_region(item["full_name"]) if reliable else ("", "")
            rows.companies[key] = {
                "code": code,
                "raw_code": item["raw_code"],
                "short_name": item["short_name"],
                "full_name": item["full_name"],
                "exchange": item["exchange"],
                "listed_on_raw": item["listed_on_raw"],
                "listed_on": _listing_date(item["listed_on_raw"]),
                "province": province,
                "city": city,
                "distressed": is_distressed(item["short_name"]),
                "is_primary": n == 0,
                "duplicate_code": len(group) > 1,
                "duplicate_note": note[:500],
            }
        if len(group) > 1:
            rows.duplicates.append(
                {
                    "code": code,
                    "primary": f"{primary['short_name']}/{primary['full_name']}",
                    "others": [f"{o['short_name']}/{o['full_name']}" for o in ordered[1:]],
                    "same_company": len({g["short_name"] for g in group}) == 1 and reliable,
                    "full_names_reliable": reliable,
                }
            )


def _read_products(directory: Path, rows: GraphRows) -> None:
    names: dict[str, None] = {}
    path = directory / "product.json"
    for number, row in _lines(path):
        names.setdefault(_field(path, number, row, "name"), None)
    path = directory / "product_product.json"
    for number, row in _lines(path):
        kind = RELATION_KINDS.get(str(row.get("rel")))
        if kind is None:
            rows.warnings.append(f"product_product.json 第 {number} 行：未知关系 {row.get('rel')}")
            continue
        src, dst = _field(path, number, row, "from_entity"), _field(path, number, row, "to_entity")
        names.setdefault(src, None)
        names.setdefault(dst, None)
        if src != dst:
            rows.relations.add((src, dst, kind))
    path = directory / "company_product.json"
    for number, row in _lines(path):
        names.setdefault(_field(path, number, row, "product_name"), None)
    known = {normalize(n) for n in names}
    for name in names:
        reason = noise_reason(name, known)
        rows.products[name] = (normalize(name), bool(reason), reason)


def _read_company_relations(directory: Path, rows: GraphRows) -> None:
    path = directory / "company_product.json"
    for number, row in _lines(path):
        key = plain_code(_field(path, number, row, "company_code"))
        if key not in rows.companies:
            rows.warnings.append(f"company_product.json 第 {number} 行：未知公司代码 {key}")
            continue
        try:
            weight = float(row.get("rel_weight") or 0)
        except (TypeError, ValueError):
            weight = 0.0
        pair = (key, _field(path, number, row, "product_name"))
        rows.company_products[pair] = max(weight, rows.company_products.get(pair, 0.0))
    path = directory / "company_industry.json"
    for number, row in _lines(path):
        key = plain_code(_field(path, number, row, "company_code"))
        code = _field(path, number, row, "industry_code").strip()
        if key not in rows.companies or code not in rows.industries:
            rows.warnings.append(
                f"company_industry.json 第 {number} 行：未知公司或行业 {key}/{code}"
            )
            continue
        rows.company_industries.add((key, code))
