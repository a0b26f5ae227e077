"""Demo pools (演示数据): 30–80 rows each, fictitious people and products; research results
carry the chains' own product terms so that 推荐资源 finds them. The rows go through
`pools.services.save_pool_rows`, the rules of the pools' Excel imports, written as a sheet's
cells would be (labels for choices, chains and enterprises by name)."""

from __future__ import annotations

import random
from decimal import Decimal

from chainchief.chains.models import Chain
from chainchief.demo.users import SYSTEM
from chainchief.enterprises.models import Enterprise
from chainchief.pools.models import FinancingProduct, Partner, ResearchResult
from chainchief.pools.services import save_pool_rows

SCHOOLS = ["衡阳技师学院", "衡阳财经工业职业技术学院", "湖南工学院", "南华大学", "衡阳师范学院",
           "湖南环境生物职业技术学院", "衡阳市职业中等专业学校", "湖南交通工程学院"]  # fmt: skip
MAJORS = [("焊接技术应用", "电焊工中级培训"), ("数控技术", "数控车工培训"),
          ("电气自动化技术", "电工上岗证培训"), ("机电一体化", "工业机器人运维"),
          ("应用化工技术", "化工总控工培训"), ("软件技术", "嵌入式开发实训"),
          ("材料工程技术", "热处理工培训"), ("药品生产技术", "GMP 岗位培训"),
          ("食品加工技术", "食品检验员培训"), ("物流管理", "叉车司机培训")]  # fmt: skip
LEVELS = ["初级工", "中级工", "高级工", "技师"]
POSITIONS = ["焊工", "数控车工", "电工", "质检员", "装配工", "化工操作工", "研发工程师"]
BANKS = ["工商银行衡阳分行", "农业银行衡阳分行", "建设银行衡阳分行", "中国银行衡阳分行",
         "交通银行衡阳分行", "衡阳农商银行", "华融湘江银行衡阳分行", "长沙银行衡阳分行"]  # fmt: skip
PRODUCTS = [("链上贷", "loan"), ("科创贷", "loan"), ("技改贷", "loan"), ("订单贷", "loan"),
            ("知识产权质押贷", "loan"), ("产业引导基金", "equity"), ("融资担保", "guarantee"),
            ("设备融资租赁", "lease")]  # fmt: skip
INSTITUTIONS = ["南华大学", "湖南工学院", "衡阳师范学院", "中南大学", "湖南大学", "湘潭大学",
                "中国科学院长沙分院", "湖南省机械研究院"]  # fmt: skip
VERBS = ["高效", "低成本", "智能化", "绿色", "高可靠"]
SUFFIXES = ["制备工艺", "在线监测系统", "关键零部件国产化", "节能改造技术", "检测方法"]
PARTNERS = [("university", "南华大学", "核技术、电气工程"), ("university", "湖南工学院", "机械制造"),
            ("university", "衡阳师范学院", "化学、材料"), ("institute", "湖南省机械研究院", "装备制造"),
            ("institute", "衡阳市农业科学研究所", "农产品加工"),
            ("association", "衡阳市机械工业协会", "行业协作"),
            ("association", "衡阳市电子信息行业协会", "电子信息"),
            ("service", "衡阳市中小企业服务中心", "政策咨询、融资对接"),
            ("service", "湘南知识产权服务中心", "专利代理"),
            ("finance", "衡阳市融资担保有限公司", "融资担保")]  # fmt: skip


def _save(pool: str, rows: list[dict]) -> int:
    done = save_pool_rows(pool=pool, rows=rows, by=SYSTEM, is_demo=True)
    return done["created"] + done["updated"]


def _code(chain: Chain | None) -> str | None:
    return chain.code if chain is not None else None


def build_demo_pools(rng: random.Random, *, chains: list[Chain]) -> dict[str, int]:
    counts: dict[str, int] = {}
    supply = []
    for school in SCHOOLS:
        for major, training in rng.sample(MAJORS, 5):
            supply.append(
                {
                    "institution": school, "major": major, "training": training,
                    "graduates_per_year": rng.choice([40, 60, 80, 120, 200, 300]),
                    "skill_level": rng.choice(LEVELS), "chain": _code(rng.choice(chains + [None])),
                    "contact_name": f"{rng.choice('王李张刘陈杨')}老师",
                    "contact_phone": f"0734-82{rng.randint(10000, 99999)}",
                }
            )  # fmt: skip
    counts["talent"] = _save("talent", supply)
    enterprises = list(Enterprise.objects.order_by("id")[:400])
    needs, seen = [], set()
    for e in rng.sample(enterprises, min(60, len(enterprises))):
        position = rng.choice(POSITIONS)
        if (e.pk, position) in seen:
            continue
        seen.add((e.pk, position))
        needs.append(
            {
                "enterprise": e.name, "position": position,
                "headcount": rng.choice([5, 10, 20, 30, 50]), "skill_level": rng.choice(LEVELS),
                "contact_name": "人事部",
            }
        )  # fmt: skip
    counts["needs"] = _save("needs", needs)
    products = []
    for i, bank in enumerate(BANKS):
        partner_chains = chains[i :: len(BANKS)]  # one lead bank per chain (一主链一银行)
        for name, kind in rng.sample(PRODUCTS, 5):
            low = Decimal(rng.choice([10, 50, 100, 500]))
            partner = bool(partner_chains) and name == "链上贷"
            products.append(
                {
                    "provider": bank, "name": name, "type": FinancingProduct.Type(kind).label,
                    "amount_min": low, "amount_max": low * rng.choice([10, 20, 50]),
                    "rate": f"{rng.choice(['3.1', '3.45', '3.8'])}%–{rng.choice(['4.2', '4.9', '5.5'])}%",
                    "term": rng.choice(["1 年", "1–3 年", "3–5 年"]),
                    "eligible": rng.choice(["链上规上企业", "专精特新企业", "高新技术企业", "链上中小企业"]),
                    "is_partner_bank": "是" if partner else "否",
                    "chain": partner_chains[0].code if partner else None,
                    "contact_name": f"{rng.choice('王李张刘陈杨')}经理",
                    "contact_phone": f"138{rng.randint(10000000, 99999999)}",
                }
            )  # fmt: skip
    counts["capital"] = _save("capital", products)
    results, titles = [], set()
    for chain in chains:
        terms = [t for s in chain.segments.all() for t in s.terms][:30]
        for _ in range(5):
            if not terms:
                break
            words = rng.sample(terms, min(2, len(terms)))
            title = f"{rng.choice(VERBS)}{words[0]}{rng.choice(SUFFIXES)}"
            if title in titles:
                continue
            titles.add(title)
            maturity = rng.choice(["lab", "pilot", "industrial"])
            results.append(
                {
                    "title": title, "institution": rng.choice(INSTITUTIONS), "field": chain.name,
                    "maturity": ResearchResult.Maturity(maturity).label,
                    "trl": {"lab": 4, "pilot": 6, "industrial": 8}[maturity],
                    "ip": f"发明专利 {rng.randint(1, 6)} 件", "keywords": "、".join(words),
                    "cooperation": rng.choice(["技术转让", "许可使用", "合作开发", "作价入股"]),
                    "summary": f"面向{chain.name}的{title}（演示数据）",
                    "contact_name": f"{rng.choice('王李张刘陈杨')}教授",
                }
            )  # fmt: skip
    counts["research"] = _save("research", results)
    partners = [
        {"name": name, "kind": Partner.Kind(kind).label, "field": field, "contact_name": "联络人"}
        for kind, name, field in PARTNERS
    ]
    for i in range(30):
        partners.append(
            {
                "name": f"衡阳{rng.choice(['智造', '创新', '科技', '产业'])}服务中心{i + 1:02d}",
                "kind": Partner.Kind(rng.choice(["service", "association"])).label,
                "field": "企业服务",
            }
        )  # fmt: skip
    counts["partners"] = _save("partners", partners)
    return counts
