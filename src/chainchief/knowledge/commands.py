"""The command-line side of the knowledge app, as functions the `chain` and `enterprise`
commands call: each writes Chinese text (or JSON with as_json) to `stdout`."""

from __future__ import annotations

import json
from typing import TextIO

from django.core.management.base import CommandError

from chainchief.chains.models import Chain
from chainchief.enterprises.models import Enterprise
from chainchief.knowledge import selectors, services


def _json(data: dict, stdout: TextIO) -> None:
    stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _chain(code: str) -> Chain:
    chain = Chain.objects.filter(code=code).first()
    if chain is None:
        raise CommandError(f"产业链 {code} 不存在")
    return chain


def propose_command(product: str, stdout: TextIO) -> Chain:
    try:
        chain = services.propose_chain(product=product)
    except services.ProposalError as exc:
        raise CommandError(str(exc)) from exc
    stdout.write(
        f"已生成草稿产业链 {chain.code}「{chain.name}」，共 {chain.segments.count()} 个环节：\n"
    )
    for segment in chain.segments.order_by("sort"):
        indent = "    " if segment.parent_id else "  "
        stdout.write(f"{indent}{segment.get_stage_display()}·{segment.name}\n")
    return chain


def gaps_command(code: str, as_json: bool, stdout: TextIO) -> dict:
    report = selectors.chain_gaps(_chain(code))
    if as_json:
        _json(report, stdout)
        return report
    if report["note"]:
        stdout.write(report["note"] + "\n")
    s = report["summary"]
    stdout.write(
        f"{report['chain']['name']}：完整度 {report['completeness']}，缺链 {s['missing']}，"
        f"弱链 {s['weak']}，强链 {s['strong']}\n"
    )
    for row in report["segments"]:
        anchors = f"，链主：{'、'.join(row['anchors'])}" if row["anchors"] else ""
        stdout.write(
            f"  [{row['gap_label']}] {row['stage_label']}·{row['name']}：本地 {row['local_count']} 家"
            f"{anchors}（{'；'.join(row['reasons'])}）\n"
        )
    for risk in report["single_supplier_risks"]:
        stdout.write(f"  单一供应风险：{risk['reason']}\n")
    stdout.write(report["completeness_explained"] + "\n")
    return report


def targets_command(
    code: str, segment_id: int | None, top: int, as_json: bool, stdout: TextIO
) -> dict:
    report = selectors.chain_targets(_chain(code), segment_id=segment_id, top=top)
    if as_json:
        _json(report, stdout)
        return report
    if report["note"]:
        stdout.write(report["note"] + "\n")
    for n, target in enumerate(report["targets"], 1):
        place = target["province"] or "地区不详"
        stdout.write(
            f"{n:>3}. {target['name']}（{target['code']}，{place}）{target['score']:.3f}  {target['reason']}\n"
        )
    return report


def supply_command(enterprise_id: int, as_json: bool, stdout: TextIO) -> dict:
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    if enterprise is None:
        raise CommandError(f"企业 {enterprise_id} 不存在")
    report = selectors.enterprise_supply(enterprise)
    if as_json:
        _json(report, stdout)
        return report
    if report["note"]:
        stdout.write(report["note"] + "\n")
    if report.get("rate") is not None:
        stdout.write(
            f"{enterprise.name} 本地配套率 {report['rate']:.0%}（{report['covered']}/{report['needed']} 种上游材料本地可供）\n"
        )
    for row in report["materials"]:
        if row["local"]:
            who = "、".join(x["name"] for x in row["local"])
            flag = "（单一供应）" if row["single_supplier"] else ""
            stdout.write(f"  ✓ {row['material']}：{who}{flag}\n")
        else:
            near = "、".join(x["name"] for x in row["nearby"]) or "无"
            outside = (
                "、".join(f"{t['name']}（{t['province'] or '地区不详'}）" for t in row["targets"])
                or "无"
            )
            stdout.write(f"  ✗ {row['material']}：本地可对接 {near}；外部目标 {outside}\n")
    return report


def match_command(stdout: TextIO) -> dict:
    result = services.match_enterprises()
    if not result["graph_imported"]:
        stdout.write("未导入全国产业图谱，无法匹配企业产品。\n")
    else:
        stdout.write(
            f"已匹配 {result['enterprises']} 家企业，生成 {result['links']} 条产品关联。\n"
        )
    return result
