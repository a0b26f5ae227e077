"""The enterprise list (企业库) as an importable table.

Rules (also in the template's 说明 sheet): the row is keyed by 统一社会信用代码; a column left
out of the file leaves that field alone, an empty cell in a present column clears it — except
联系人/联系电话, which set the enterprise's first contact and never delete contacts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from chainchief.accounts.changelog import PreparedChanges, link_changes, prepare_changes, snapshot
from chainchief.core.bulk import db_rows, insert_rows, reserve_ids, update_rows
from chainchief.enterprises.imports.enterprise_writes import (
    RelatedRows,
    prepare_contacts,
    prepare_tiers,
    write_links,
)
from chainchief.enterprises.imports.references import (
    References,
    TierValue,
    parse_district,
    parse_tiers,
    split_list,
)
from chainchief.enterprises.models import Contact, Enterprise, EnterpriseTier
from chainchief.enterprises.summary import chain_links_rewritten
from chainchief.enterprises.validators import (
    InvalidValue,
    make_credit_code,
    normalize_credit_code,
    parse_date,
)
from chainchief.imports.base import (
    Column,
    Importer,
    ImportReport,
    Row,
    WriteRefused,
    chunks,
    max_length,
)

ChainThrough = Enterprise.chains.through
SegmentThrough = Enterprise.segments.through
# Plain fields: import field name -> model attribute.
SCALARS = {
    "name": "name",
    "district": "district_id",
    "park": "park_id",
    "main_products": "main_products",
    "business_scope": "business_scope",
    "established_on": "established_on",
    "liaison_official": "liaison_official_id",
    "note": "note",
}
INSERT_FIELDS = tuple(f.attname for f in Enterprise._meta.concrete_fields)
UPDATE_FIELDS = (*SCALARS.values(), "version", "updated_at")
STALE = "该企业在预览后已被他人修改（版本 {read} → {now}），未导入任何数据，请重新导入"

COLUMNS = (
    Column("企业名称", "name", True, max_length(200), example="衡阳示例电气有限公司", width=30),
    Column(
        "统一社会信用代码",
        "credit_code",
        True,
        normalize_credit_code,
        as_text=True,
        width=22,
        help="18 位，含校验位（GB 32100-2015）；是每行的唯一标识",
        example=make_credit_code("91430400MA4L00001"),
    ),
    Column(
        "行政区划代码",
        "district",
        True,
        parse_district,
        as_text=True,
        help="本市县市区的 6 位代码（也可填县市区名称）",
        example="430407",
    ),
    Column("所在园区", "park", help="园区全称，须已在系统中", example="衡阳高新技术产业开发区"),
    Column(
        "所属产业链",
        "chains",
        parse=split_list,
        empty=(),
        help="产业链名称或代码，多个用顿号、逗号分隔",
        example="输变电装备",
    ),
    Column(
        "所属环节",
        "segments",
        parse=split_list,
        empty=(),
        help="所填产业链下的环节名称，多个用顿号分隔；重名时写作“产业链代码:环节名称”",
        example="变压器、互感器",
    ),
    Column(
        "企业梯队",
        "tiers",
        parse=parse_tiers,
        empty=(),
        help="百亿企业、上市企业、高新技术企业、四上企业、专精特新、链主企业；可带认定日期，"
        "如“高新技术企业:2023-11-20”；链主可注明产业链，如“链主企业（C01）”",
        example="高新技术企业:2023-11-20、专精特新",
    ),
    Column(
        "主要产品", "main_products", help="多个产品用顿号分隔", example="油浸式变压器、干式变压器"
    ),
    Column("经营范围", "business_scope", width=40),
    Column("成立日期", "established_on", parse=parse_date, empty=None, example="2012-05-18"),
    Column("联络干部", "liaison_official", help="系统用户的用户名或姓名", example="zhangsan"),
    Column(
        "联系人",
        "contact_name",
        parse=max_length(50),
        help="企业的第一联系人；导入不会删除联系人",
        example="李四",
    ),
    Column("联系电话", "contact_phone", parse=max_length(30), as_text=True, example="0734-8888888"),
    Column("备注", "note"),
)


@dataclass
class Item:
    """One enterprise to write: the object plus its related sets (None: leave alone)."""

    obj: Enterprise
    row: int = 0
    before: dict | None = None
    read_version: int = 0  # the version the plan read; the write refuses a newer one
    fields: list[str] = field(default_factory=list)
    chains: set[int] | None = None
    segments: set[int] | None = None
    tiers: dict[str, TierValue] | None = None
    tier_chain: dict[str, int | None] = field(default_factory=dict)
    contact: tuple[str, str | None] | None = None
    old_chains: set[int] = field(default_factory=set)
    old_segments: set[int] = field(default_factory=set)
    old_tiers: dict[str, EnterpriseTier] = field(default_factory=dict)
    old_contact: Contact | None = None

    @property
    def matching_changed(self) -> bool:
        """New, or products / business scope changed: product matching must run again."""
        return self.before is None or bool({"主要产品", "经营范围"} & set(self.fields))


@dataclass
class Plan:
    creates: list[Item] = field(default_factory=list)
    updates: list[Item] = field(default_factory=list)


@dataclass
class Prepared:
    """The write, ready to run: database rows and change-log entries (see `prepare`)."""

    plan: Plan
    inserts: list[tuple]
    updates: list[tuple]
    chains: list[tuple[int, set[int]]]
    segments: list[tuple[int, set[int]]]
    tiers: RelatedRows
    contacts: RelatedRows
    log: PreparedChanges


@dataclass
class Current:
    """What the database holds for the enterprises in the file (a few queries, no N+1)."""

    by_code: dict[str, Enterprise]
    chains: dict[int, set[int]]
    segments: dict[int, set[int]]
    tiers: dict[int, dict[str, EnterpriseTier]]
    contact: dict[int, Contact]
    name_owner: dict[str, str]


def load_current(codes: list[str], names: list[str]) -> Current:
    by_code: dict[str, Enterprise] = {}
    for chunk in chunks(codes):
        by_code.update({e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=chunk)})
    ids = [e.id for e in by_code.values()]
    current = Current(
        by_code, {i: set() for i in ids}, {i: set() for i in ids}, {i: {} for i in ids}, {}, {}
    )
    for chunk in chunks(ids):
        for eid, cid in ChainThrough.objects.filter(enterprise_id__in=chunk).values_list(
            "enterprise_id", "chain_id"
        ):
            current.chains[eid].add(cid)
        for eid, sid in SegmentThrough.objects.filter(enterprise_id__in=chunk).values_list(
            "enterprise_id", "segment_id"
        ):
            current.segments[eid].add(sid)
        for tier in EnterpriseTier.objects.filter(enterprise_id__in=chunk):
            current.tiers[tier.enterprise_id][tier.tier] = tier
        for contact in Contact.objects.filter(enterprise_id__in=chunk).order_by("-id"):
            current.contact[contact.enterprise_id] = (
                contact  # the lowest id wins: the first contact
            )
    for chunk in chunks(names):
        current.name_owner.update(
            Enterprise.objects.filter(name__in=chunk).values_list("name", "credit_code")
        )
    return current


class EnterpriseImporter(Importer):
    kind = "enterprises"
    title = "企业名录"
    description = "企业库的企业：按统一社会信用代码新增或更新；导入后自动匹配主要产品。"
    columns = COLUMNS
    key_fields = ("credit_code",)
    checks_bad_rows = True  # a bad credit code must not hide the row's other errors

    def example_values(self) -> dict[str, str]:
        """An example row made of this city's own district, park, chain and segments, so it
        imports cleanly as it stands."""
        from chainchief.chains.models import Chain
        from chainchief.places.models import District, Park

        values = super().example_values()
        values["credit_code"] = make_credit_code("91430400MA4L00001")
        district = District.objects.order_by("code").first()
        if district is not None:
            values["district"] = district.code
            park = Park.objects.filter(district=district).order_by("name").first()
            values["park"] = park.name if park else ""
        chain = Chain.objects.filter(status=Chain.Status.ACTIVE).order_by("sort", "code").first()
        if chain is not None:
            values["chains"] = chain.name
            leaves = [s.name for s in chain.segments.order_by("id") if not s.children.exists()]
            names = [n for n in leaves if leaves.count(n) == 1][:2]
            values["segments"] = "、".join(names)
        else:
            values["chains"] = values["segments"] = ""
        user = self.user if getattr(self.user, "pk", None) else None
        values["liaison_official"] = user.username if user else ""
        return values

    def template_notes(self) -> list[list[str]]:
        from chainchief.places.models import District

        return [["本市县市区代码"], *([d.code, d.name] for d in District.objects.all())]

    def after_apply(self, plan: Plan, report: ImportReport) -> None:
        ids = [item.obj.pk for item in plan.creates + plan.updates if item.matching_changed]
        if ids:
            from chainchief.enterprises.imports.matching import start_matching

            job = start_matching(enterprise_ids=ids, user=self.user)
            if job is not None:
                report.followup_job = job.pk

    def build_plan(self, rows: list[Row], report: ImportReport) -> Plan:
        refs = References()
        current = load_current(
            [r.values["credit_code"] for r in rows], [r.values["name"] for r in rows]
        )
        plan = Plan()
        names_in_file: dict[str, int] = {}
        for row in rows:
            v = row.values
            if not row.ok:
                self._resolve(row, refs, current, None, report)  # its other errors
                continue
            if v["name"] in names_in_file:
                report.error(row.number, "企业名称", f"与第 {names_in_file[v['name']]} 行重复")
                continue
            names_in_file[v["name"]] = row.number
            owner = current.name_owner.get(v["name"])
            if owner and owner != v["credit_code"]:
                report.error(row.number, "企业名称", f"已被统一社会信用代码为 {owner} 的企业使用")
                continue
            obj = current.by_code.get(v["credit_code"])
            item = self._resolve(row, refs, current, obj, report)
            if item is None:
                continue
            if obj is None:
                plan.creates.append(item)
                report.change(row.number, "create", v["name"])
            elif item.fields:
                plan.updates.append(item)
                report.change(row.number, "update", v["name"], item.fields)
            else:
                report.unchanged += 1
        return plan

    def _resolve(
        self,
        row: Row,
        refs: References,
        current: Current,
        obj: Enterprise | None,
        report: ImportReport,
    ) -> Item | None:
        v, present, ok = row.values, self.present, True

        def attempt(field_name: str, fn, *args) -> Any:
            nonlocal ok
            if field_name in row.bad:
                ok = False
                return None
            try:
                return fn(*args)
            except InvalidValue as exc:
                report.error(row.number, self.header_of(field_name), str(exc))
                ok = False
                return None

        wanted: dict[str, Any] = {
            "name": v["name"],
            "district": attempt("district", refs.district, v["district"]),
        }
        for name in ("main_products", "business_scope", "established_on", "note"):
            if name in present:
                wanted[name] = v[name]
        if "park" in present:
            wanted["park"] = attempt("park", refs.park, v["park"])
        if "liaison_official" in present:
            wanted["liaison_official"] = attempt(
                "liaison_official", refs.user, v["liaison_official"]
            )
        chains = None
        if "chains" in present:
            chains = {attempt("chains", refs.chain, ref) for ref in v["chains"]}
        scope = chains if chains is not None else (current.chains[obj.id] if obj else set())
        segments = (
            {attempt("segments", refs.segment, ref, scope) for ref in v["segments"]}
            if "segments" in present
            else None
        )
        tiers, tier_chain = None, {}
        if "tiers" in present:
            tiers = {t.tier: t for t in v["tiers"]}
            tier_chain = {
                t.tier: attempt("tiers", refs.chain, t.chain) if t.chain else None
                for t in v["tiers"]
            }
        contact = None
        name, phone = v.get("contact_name", ""), v.get("contact_phone", "")
        if name:
            contact = (name, phone if "contact_phone" in present else None)
        elif phone:
            attempt("contact_phone", _fail, "填写联系电话时须同时填写联系人")
        if not ok or not row.ok:
            return None

        is_new = obj is None
        if is_new:
            obj = Enterprise(credit_code=v["credit_code"])
        item = Item(
            obj=obj,
            row=row.number,
            before=None if is_new else snapshot(obj),
            read_version=0 if is_new else obj.version,
        )
        for name, value in wanted.items():
            attr = SCALARS[name]
            if getattr(obj, attr) != value:
                setattr(obj, attr, value)
                item.fields.append(self.header_of(name))
        old = (
            (set(), set(), {}, None)
            if is_new
            else (
                current.chains[obj.id],
                current.segments[obj.id],
                current.tiers[obj.id],
                current.contact.get(obj.id),
            )
        )
        item.old_chains, item.old_segments, item.old_tiers, item.old_contact = old
        if chains is not None and chains != old[0]:
            item.chains = chains
            item.fields.append("所属产业链")
        if segments is not None and segments != old[1]:
            item.segments = segments
            item.fields.append("所属环节")
        if tiers is not None:
            have = {t: (o.gained_on, o.chain_id) for t, o in old[2].items()}
            if have != {t: (tv.gained_on, tier_chain[t]) for t, tv in tiers.items()}:
                item.tiers, item.tier_chain = tiers, tier_chain
                item.fields.append("企业梯队")
        if contact is not None:
            existing = old[3]
            if (
                existing is None
                or existing.name != contact[0]
                or (contact[1] is not None and existing.phone != contact[1])
            ):
                item.contact = contact
                item.fields.append("联系人")
        return item

    # -- writing ------------------------------------------------------------------------
    def prepare(self, plan: Plan) -> Prepared:
        """Ids for the new enterprises, tiers and contacts are reserved and every row and
        change-log entry is built here, before the write transaction."""
        now = timezone.now()
        for item, pk in zip(plan.creates, reserve_ids(Enterprise, len(plan.creates)), strict=True):
            item.obj.pk = item.obj.id = pk
            item.obj.created_at = item.obj.updated_at = now
            item.obj.version = 1
        for item in plan.updates:
            item.obj.updated_at = now
            item.obj.version = item.read_version + 1  # a form opened before refuses its save
        items = plan.creates + plan.updates
        tiers = prepare_tiers([i for i in items if i.tiers is not None])
        contacts = prepare_contacts([i for i in items if i.contact is not None])
        log = [(i.obj, "create", None, snapshot(i.obj)) for i in plan.creates]
        log += [(i.obj, "update", i.before, snapshot(i.obj)) for i in plan.updates]
        # Links: one entry per relation, as the signal writes for a form's or the API's .set().
        for i in items:
            if i.chains is not None:
                log += link_changes(i.obj, "chains", i.old_chains, i.chains)
            if i.segments is not None:
                log += link_changes(i.obj, "segments", i.old_segments, i.segments)
        log += tiers.log + contacts.log
        return Prepared(
            plan=plan,
            inserts=db_rows(Enterprise, [i.obj for i in plan.creates], INSERT_FIELDS),
            updates=[
                (*values, item.obj.pk)
                for item, values in zip(
                    plan.updates,
                    db_rows(Enterprise, [i.obj for i in plan.updates], UPDATE_FIELDS),
                    strict=True,
                )
            ],
            chains=[(i.obj.pk, i.chains) for i in items if i.chains is not None],
            segments=[(i.obj.pk, i.segments) for i in items if i.segments is not None],
            tiers=tiers,
            contacts=contacts,
            log=prepare_changes(log),
        )

    def write(self, prepared: Prepared) -> None:
        """Statements only: the versions the plan read are checked, then the rows written."""
        read = {item.obj.pk: item for item in prepared.plan.updates}
        for pk, version in stored_versions(list(read)):
            item = read[pk]
            if version != item.read_version:
                raise WriteRefused(
                    item.row,
                    self.header_of("credit_code"),
                    STALE.format(read=item.read_version, now=version),
                )
        insert_rows(Enterprise, INSERT_FIELDS, prepared.inserts)
        update_rows(Enterprise, UPDATE_FIELDS, prepared.updates)
        linked = prepared.chains
        new = frozenset(item.obj.pk for item in prepared.plan.creates)
        # The indicator summary follows the links of enterprises that may have months already.
        with chain_links_rewritten([eid for eid, _ in linked if eid not in new]):
            write_links(ChainThrough, "chain_id", linked, new=new)
        write_links(SegmentThrough, "segment_id", prepared.segments, new=new)
        prepared.tiers.write()
        prepared.contacts.write()
        prepared.log.write()


def stored_versions(ids: list[int]) -> list[tuple[int, int]]:
    """(id, version) of these enterprises as stored, rows locked (PostgreSQL; SQLite's write
    transaction holds the database). Plain SQL: the ORM's IN look-ups cost more than the query."""
    q = connection.ops.quote_name
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    found: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {q('id')}, {q('version')} FROM {q(Enterprise._meta.db_table)} "
                f"WHERE {q('id')} IN ({marks}){lock}",
                chunk,
            )
            found += cursor.fetchall()
    return found


def _fail(message: str) -> None:
    raise InvalidValue(message)
