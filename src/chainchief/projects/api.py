"""JSON API of the project library: list, detail, create, move stage. Same scoping as pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.errors import HttpError

from chainchief.accounts.access import SIGNED_IN, access, scoped
from chainchief.accounts.scoping import get_rw_chain_for_user
from chainchief.chains.models import Segment
from chainchief.core.versioning import edit_answer
from chainchief.projects import selectors, services
from chainchief.projects.models import Kind, Project

router = Router(tags=["项目库"])


class ProjectOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    chain: str
    segment_id: int | None
    stage: str
    stage_label: str
    version: int
    is_key: bool
    investor_name: str
    investor_company_code: str
    source_region: str
    planned_investment: Decimal | None
    policy_funds: Decimal | None = None
    invested: Decimal
    department: str | None
    last_progress_on: datetime.date
    warning: int | None = None
    warnings: list[str] = []

    @staticmethod
    def of(p: Project) -> ProjectOut:
        return ProjectOut(
            id=p.pk, name=p.name, kind=p.kind, kind_label=p.get_kind_display(),
            chain=p.chain.code, segment_id=p.segment_id, stage=p.stage,
            stage_label=p.get_stage_display(), version=p.version, is_key=p.is_key,
            investor_name=p.investor_name, investor_company_code=p.investor_company_code,
            source_region=p.source_region, planned_investment=p.planned_investment,
            policy_funds=p.policy_funds, invested=p.invested, department=p.department.name if p.department else None,
            last_progress_on=p.last_progress_on, warning=getattr(p, "warning", None),
            warnings=selectors.warning_labels(p),
        )  # fmt: skip


class ProjectDetailOut(ProjectOut):
    target_reasons: list[str]
    moves: list[dict]
    milestones: list[dict]


class ProjectPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProjectOut]


class ProjectIn(Schema):
    name: str
    chain: str
    kind: str = Kind.ATTRACTION
    segment_id: int | None = None
    is_key: bool = False
    investor_name: str = ""
    investor_company_code: str = ""
    source_region: str = ""
    planned_investment: str | None = None  # "5亿元", "3500" (万元)
    policy_funds: str | None = None  # 政策资金（万元），可带单位
    target_reasons: list[str] = []


class MoveIn(Schema):
    stage: str
    note: str = ""
    reason: str = ""
    moved_on: datetime.date | None = None
    version: int | None = None
    signed_amount: str | None = None  # 签约时必填（或项目已有签约金额）
    invested_to_date: str | None = None  # 投产时必填（或项目已有完成投资）


class ProjectUpdateIn(Schema):
    """Fields to change; `version` is the one read (a stale save answers 409)."""

    version: int
    name: str | None = None
    kind: str | None = None
    is_key: bool | None = None
    investor_name: str | None = None
    source_region: str | None = None
    planned_investment: str | None = None
    signed_amount: str | None = None
    expected_output: str | None = None
    expected_tax: str | None = None
    policy_funds: str | None = None
    land_mu: str | None = None
    planned_start_on: datetime.date | None = None
    planned_end_on: datetime.date | None = None
    note: str | None = None


class Error(Schema):
    detail: str


@router.get("/", response=ProjectPage, summary="项目列表（可筛选、分页）")
@access(SIGNED_IN)
def list_projects(
    request, q: str = "", chain: str = "", kind: str = "", stage: str = "", region: str = "",
    department: str = "", warning: str = "", page: int = 1, page_size: int = 50,
):  # fmt: skip
    params = dict(q=q, chain=chain, kind=kind, stage=stage, region=region,
                  department=department, warning=warning)  # fmt: skip
    page_size = max(1, min(page_size, 500))
    result = selectors.project_page(request.user, params, max(1, page), page_size)
    return {"count": result.paginator.count, "page": result.number, "page_size": page_size,
            "items": [ProjectOut.of(p) for p in result.object_list]}  # fmt: skip


@router.get("/{int:project_id}", response=ProjectDetailOut, summary="项目详情")
@access(scoped("project"))
def project_detail(request, project_id: int):
    selectors.get_project_for_user(request.user, project_id)
    p = selectors.with_warnings(Project.objects.select_related("chain", "department")).get(
        pk=project_id
    )
    out = ProjectOut.of(p).dict()
    out["target_reasons"] = p.target_reasons
    out["moves"] = [
        {
            "from": m.from_stage,
            "to": m.to_stage,
            "on": m.moved_on,
            "by": str(m.by or ""),
            "note": m.note,
            "reason": m.reason,
        }  # fmt: skip
        for m in p.moves.select_related("by")
    ]
    out["milestones"] = list(
        p.milestones.values("id", "name", "planned_on", "actual_on", "planned_investment")
    )
    return out


@router.post("/", response={201: ProjectOut, 400: Error}, summary="新建项目")
@access(scoped("chain", write=True))
def create_project(request, data: ProjectIn):
    chain = get_rw_chain_for_user(request.user, code=data.chain)
    segment = None
    if data.segment_id is not None:
        segment = Segment.objects.filter(chain=chain, pk=data.segment_id).first()
        if segment is None:
            return 400, {"detail": f"产业链“{chain.name}”下没有编号为 {data.segment_id} 的环节"}
    if data.kind not in Kind.values:
        return 400, {"detail": f"项目类型“{data.kind}”无效，可选：{'、'.join(Kind.values)}"}
    try:
        project = services.create_project(
            by=request.user, name=data.name.strip(), kind=data.kind, chain=chain,
            segment=segment, is_key=data.is_key, investor_name=data.investor_name,
            investor_company_code=data.investor_company_code, source_region=data.source_region,
            planned_investment=data.planned_investment, policy_funds=data.policy_funds,
            target_reasons=data.target_reasons,
        )  # fmt: skip
    except services.ProjectError as exc:
        return 400, {"detail": str(exc)}
    return 201, ProjectOut.of(project)


@router.post(
    "/{int:project_id}/move",
    response={200: ProjectOut, 400: Error, 409: Error},
    summary="变更项目阶段（并发冲突返回 409）",
)
@access(scoped("project", write=True))
def move_project(request, project_id: int, data: MoveIn):
    project = selectors.get_project_for_user(request.user, project_id)
    if not selectors.can_edit_project(request.user, project):
        raise PermissionDenied("无权修改该项目")
    try:
        project = services.move_stage(
            project=project, to_stage=data.stage, by=request.user, note=data.note,
            reason=data.reason, moved_on=data.moved_on, expected_version=data.version,
            signed_amount=data.signed_amount, invested_to_date=data.invested_to_date,
        )  # fmt: skip
    except services.StageConflict as exc:
        return 409, {"detail": str(exc)}
    except services.ProjectError as exc:
        return 400, {"detail": str(exc)}
    return 200, ProjectOut.of(project)


@router.patch(
    "/{int:project_id}",
    response={200: ProjectOut, 400: Error, 409: Error},
    summary="修改项目（须带读取时的 version；他人已修改时返回 409）",
)
@access(scoped("project", write=True))
def update_project(request, project_id: int, data: ProjectUpdateIn):
    project = selectors.get_project_for_user(request.user, project_id)
    if not selectors.can_edit_project(request.user, project):
        raise PermissionDenied("无权修改该项目")
    fields = data.dict(exclude_unset=True)
    version = fields.pop("version")
    if "kind" in fields and fields["kind"] not in Kind.values:
        return 400, {"detail": f"项目类型“{fields['kind']}”无效，可选：{'、'.join(Kind.values)}"}
    for key in ("name", "kind", "is_key", "investor_name", "source_region", "note"):
        if key in fields and fields[key] is None:
            return 400, {"detail": f"字段“{key}”不能为空值"}
    refused = edit_answer(
        lambda: services.update_project(
            project=project, by=request.user, version=version, **fields
        ),
        stale=services.StaleProject,
        invalid=services.ProjectError,
    )
    if refused:
        return refused
    project = selectors.with_warnings(Project.objects.select_related("chain", "department")).get(
        pk=project.pk
    )
    return 200, ProjectOut.of(project)


__all__ = ["router", "HttpError"]
