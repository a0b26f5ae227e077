"""Adding several segments at once from a pasted list (a service: keyword arguments, all or
nothing, the change log written through `acting_user`).

One segment per line; an indented line is a sub-segment of the line above it with less
indentation; product terms may follow the name after a colon:

    变压器：油浸式变压器、干式变压器
      铁芯
      线圈
    开关设备
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import User
from chainchief.chains.models import Chain, Segment, Stage
from chainchief.enterprises.validators import split_products

MAX_LINES = 300
NAME_MAX = Segment._meta.get_field("name").max_length


@dataclass
class PastedSegment:
    line: int
    indent: int
    name: str
    terms: list[str]
    children: list[PastedSegment] = field(default_factory=list)


def _indent(raw: str) -> int:
    width = 0
    for ch in raw:
        if ch == " ":
            width += 1
        elif ch == "\t" or ch == "\u3000":
            width += 2
        else:
            break
    return width


def parse_segment_list(text: str) -> list[PastedSegment]:
    """The pasted lines as a tree; ValidationError lists every bad line in Chinese."""
    roots: list[PastedSegment] = []
    stack: list[PastedSegment] = []
    errors: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    if sum(1 for raw in lines if raw.strip()) > MAX_LINES:
        raise ValidationError(f"一次最多添加 {MAX_LINES} 个环节，请分批粘贴")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        body = raw.strip().lstrip("-－·•*").strip()
        for sep in ("：", ":"):
            if sep in body:
                name, _sep, terms_text = body.partition(sep)
                break
        else:
            name, terms_text = body, ""
        name = name.strip()
        if not name:
            errors.append(f"第 {number} 行：环节名称为空")
            continue
        if len(name) > NAME_MAX:
            errors.append(f"第 {number} 行：环节名称超过 {NAME_MAX} 个字")
            continue
        item = PastedSegment(number, _indent(raw), name, split_products(terms_text))
        while stack and stack[-1].indent >= item.indent:
            stack.pop()
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    if errors:
        raise ValidationError(errors)
    if not roots:
        raise ValidationError("请粘贴至少一个环节名称，每行一个")
    return roots


@transaction.atomic
def add_segments(
    *, chain: Chain, stage: str, parent: Segment | None, text: str, by: User
) -> list[Segment]:
    """Create the pasted segments under `parent` (or at the top of `stage`); nothing is
    written when any line is wrong."""
    if stage not in Stage.values:
        raise ValidationError("请选择环节位置（上游、中游或下游）")
    if parent is not None:
        if parent.chain_id != chain.pk:
            raise ValidationError("上级环节不属于该产业链")
        stage = parent.stage
    roots = parse_segment_list(text)
    errors: list[str] = []
    existing = set(
        Segment.objects.filter(chain=chain, stage=stage, parent=parent).values_list(
            "name", flat=True
        )
    )

    def check(items: list[PastedSegment], taken: set[str]) -> None:
        seen: set[str] = set()
        for item in items:
            if item.name in taken:
                errors.append(f"第 {item.line} 行：同一层级下已有名为“{item.name}”的环节")
            elif item.name in seen:
                errors.append(f"第 {item.line} 行：“{item.name}”在粘贴内容中重复")
            seen.add(item.name)
            check(item.children, set())

    check(roots, existing)
    if errors:
        raise ValidationError(errors)
    last = (
        Segment.objects.filter(chain=chain).order_by("-sort").values_list("sort", flat=True).first()
        or 0
    )
    created: list[Segment] = []

    def create(items: list[PastedSegment], under: Segment | None) -> None:
        nonlocal last
        for item in items:
            last += 1
            segment = Segment.objects.create(
                chain=chain,
                stage=stage,
                parent=under,
                name=item.name,
                terms=item.terms,
                weight=Decimal(1),
                sort=last,
            )
            created.append(segment)
            create(item.children, segment)

    with acting_user(by):
        create(roots, parent)
    return created
