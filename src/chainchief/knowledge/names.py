"""Product-name rules shared by the importer and the engine (pure Python).

The graph's product names are extracted from annual reports and recipes, so they carry
fragments (`有变压器`, `其附属设备`), generic words (`设备与工程`), one-character names,
text debris (quotes, escapes, line breaks) and names cut at an opening bracket. Such names
are kept but flagged; the engine never matches text or targets through them.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_DEBRIS = re.compile(r'["\\“”‘’\'`]')

# Words that name no product of their own: a match on them says nothing about a chain.
GENERIC_WORDS = frozenset(
    """
    设备与工程 设备 工程 产品 服务 材料 配件 零部件 其他 其它 其他业务 其他产品 其他主营业务
    主营业务 其他行业 技术服务 技术开发 技术咨询 技术转让 技术推广 贸易 销售 加工 制造 生产
    系统 解决方案 系统集成 项目 工程施工 安装 维修 租赁 咨询 业务 商品 货物 原料 原材料
    物资 用品 器材 制品 成套设备 机械设备 电子产品 五金 日用品 百货 进出口 货物进出口
    技术进出口 批发 零售 运输 仓储 信息 软件 硬件 综合 其他收入 补充 主营 合计 内部抵销
    分部间抵销 工业 商业 农业 一般项目 许可项目 经营范围 依法须经批准的项目
    """.split()
)

# Leading words that make a name a clipped phrase rather than a product.
_ALWAYS_FRAGMENT_PREFIXES = ("其", "及", "以及", "等", "之", "的", "且", "或者")
# Leading words that are a fragment only when what follows is itself a product (`有变压器`).
_FRAGMENT_PREFIXES = (
    "有",
    "并",
    "或",
    "对",
    "为",
    "含",
    "由",
    "从",
    "在",
    "于",
    "向",
    "将",
    "以",
    "用于",
    "包括",
)
_FRAGMENT_SUFFIXES = ("等", "的", "及", "和", "与", "或")
_OPEN = "([{（【《「"
_CLOSE = ")]}）】》」"

NOISE_LABELS = {
    "one_char": "单字",
    "debris": "含引号或转义等抽取残留",
    "trailing_bracket": "括号未闭合",
    "fragment": "句子片段",
    "generic": "泛称",
    "too_long": "过长（疑为句子）",
    "empty": "空名称",
}


def normalize(name: str) -> str:
    """Compare form: NFKC (full-width to half-width), no spaces or quotes, lower-case latin."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _DEBRIS.sub("", text)
    return _SPACE.sub("", text).lower()


def _unbalanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
    return depth != 0


def noise_reason(name: str, known: frozenset[str] | set[str] = frozenset()) -> str:
    """Why a product name is noise ('' when usable). `known` holds the normalised names of
    all products, to recognise `有变压器` as a clipped `变压器`."""
    norm = normalize(name)
    if not norm:
        return "empty"
    if len(norm) == 1:
        return "one_char"
    if _DEBRIS.search(name) or "\n" in name or "\r" in name:
        return "debris"
    if norm[-1] in "([{（【《「" or _unbalanced(norm):
        return "trailing_bracket"
    if norm in GENERIC_WORDS or norm.startswith(("其他", "其它")):
        return "generic"
    if norm.startswith(_ALWAYS_FRAGMENT_PREFIXES) or norm.endswith(_FRAGMENT_SUFFIXES):
        return "fragment"
    for prefix in _FRAGMENT_PREFIXES:
        rest = norm[len(prefix) :]
        if norm.startswith(prefix) and len(rest) >= 2 and rest in known:
            return "fragment"
    if len(norm) > 24:
        return "too_long"
    return ""


# The language of business-scope text (经营范围): words that are also graph "products" but
# say nothing about what an enterprise makes.
SCOPE_STOP_WORDS = frozenset(
    """
    经营 开发 研发 技术 生产 制造 批发 零售 推广 转让 代理 管理 许可 依法 批准 营业执照 凭
    除外 不含 国家 法律 法规 自主 开展 一般 施工 设计 检测 检验 维护 配套 信息 数据 网络 科技
    环保 新材料 智能 电子 机械 化工 食品 建筑 能源 进口 出口 物流 投资 实业 电力 电气 医疗
    专业 业务 活动 经济 工业品 相关 用品 产品销售 产品研发 技术研发 技术交流 信息咨询 信息技术
    信息服务 软件开发 网络技术 互联网 培训 会议 展览 广告 物业 物业管理 房地产 仓储服务
    """.split()
)


def is_stop_word(norm: str) -> bool:
    """Too generic to match in free text (business scope): the matcher skips it."""
    return norm in GENERIC_WORDS or norm in SCOPE_STOP_WORDS or len(norm) < 2


# Business-scope boilerplate (经营范围 legal wording): phrases that name things the company
# does NOT do (不含危险化学品) or only the licence regime. Cut before matching, so
# `危险化学品` in `（不含危险化学品）` never makes a chemicals maker. Private-use characters
# (the matcher's marks between texts) stop a phrase, so it never runs into the next text.
# Every alternative starts with a literal character: the regex engine then skips ahead to
# the next of those characters instead of trying each alternative at every position (3×
# faster on business scopes; the same matches as the grouped form).
_IN_BRACKETS = (
    r"[^()（）\ue000-\uf8ff]*(?:不含|除外|须经|批准|许可|凭营业执照)[^()（）\ue000-\uf8ff]*[)）]"
)
_TO_SEPARATOR = r"[^，,；;。、()（）\ue000-\uf8ff]*(?:外|等)?"
_BOILERPLATE = re.compile(
    "|".join(
        [r"\(" + _IN_BRACKETS, "（" + _IN_BRACKETS]
        + [word + _TO_SEPARATOR for word in ("不含", "不得从事", "不涉及", "除")]
        + [
            "依法须经批准的项目",
            "经相关部门批准后方可开展经营活动",
            "凭营业执照依法自主开展经营活动",
            "具体经营项目以相关部门批准文件或许可证件为准",
            "经营活动",
            "一般项目",
            "许可项目",
        ]
    )
)


def strip_boilerplate(text: str) -> str:
    """The business scope without its legal boilerplate (kept as a separator)."""
    return _BOILERPLATE.sub("；", text) if text else ""


def is_delisted(short_name: str) -> bool:
    """Delisted or being delisted: `退市博元`, `华信退` (the exchange adds 退 to the name)."""
    return "退" in (short_name or "")
