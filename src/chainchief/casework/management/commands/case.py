"""chainchief case list [--json] | show NUMBER | move NUMBER ACTION | tick"""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from chainchief.accounts.models import User
from chainchief.casework import selectors, services
from chainchief.casework.models import Case
from chainchief.casework.selectors import case_dict
from chainchief.places.models import Department


def _user(username: str | None):
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在或已停用")
    return user


class Command(BaseCommand):
    help = "问题交办：列出、查看、办理事项，运行每日督办检查（tick）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        ls = sub.add_parser("list", help="列出事项（按用户权限，默认全部）")
        ls.add_argument("--user", help="以该用户的权限列出")
        ls.add_argument("--state")
        ls.add_argument("--chain")
        ls.add_argument("--kind")
        ls.add_argument("--card", choices=["yellow", "red", "overdue"])
        ls.add_argument("--limit", type=int, default=50)
        ls.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="查看事项及办理过程")
        show.add_argument("number")
        show.add_argument("--user")
        show.add_argument("--json", action="store_true")
        move = sub.add_parser("move", help="办理一步（交办、答复、办结……）")
        move.add_argument("number")
        move.add_argument("action")
        move.add_argument("--user", required=True, help="操作人用户名（须有此操作权限）")
        move.add_argument("--comment", default="")
        move.add_argument("--lead", help="主办单位名称（交办时）")
        move.add_argument("--co", action="append", default=[], help="协办单位名称，可多次")
        move.add_argument("--days", type=int)
        move.add_argument("--rating", choices=["satisfied", "basic", "unsatisfied"])
        tick = sub.add_parser("tick", help="督办检查：亮黄牌红牌、发送催办（可重复运行）")
        tick.add_argument("--date", help="按该日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **opts):
        getattr(self, f"_{opts['sub']}")(opts)

    def _scope(self, opts):
        user = _user(opts.get("user"))
        return selectors.visible_cases(user) if user else Case.objects.all()

    def _list(self, opts):
        f = selectors.CaseFilters(
            state=opts["state"] or "", chain=opts["chain"] or "", kind=opts["kind"] or "",
            card=opts["card"] or "",
        )  # fmt: skip
        user = _user(opts.get("user"))
        qs = selectors.case_list(user, f) if user else selectors.case_list_all(f)
        rows = [case_dict(c) for c in qs[: opts["limit"]]]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for r in rows:
            self.stdout.write(
                f"{r['number']}\t{r['state_label']}\t{r['due_on'] or '-'}\t"
                f"{r['lead_department'] or '-'}\t{r['title']}"
            )
        self.stdout.write(f"共 {qs.count()} 件（显示 {len(rows)} 件）")

    def _get(self, opts) -> Case:
        case = self._scope(opts).filter(number=opts["number"]).first()
        if case is None:
            raise CommandError(f"事项 {opts['number']} 不存在或无权查看")
        return case

    def _show(self, opts):
        case = self._get(opts)
        data = case_dict(case)
        data["text"] = case.text
        data["events"] = [
            {"on": e.on.isoformat(), "label": e.label, "by": e.by_name, "comment": e.comment}
            for e in selectors.timeline(case)
        ]
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{case.number} {case.title}（{data['state_label']}）")
        self.stdout.write(case.text)
        for e in data["events"]:
            self.stdout.write(f"  {e['on']} {e['label']} {e['by']} {e['comment']}")

    def _department(self, name: str) -> Department:
        dept = Department.objects.filter(name=name).first()
        if dept is None:
            raise CommandError(f"单位“{name}”不存在")
        return dept

    def _move(self, opts):
        user = _user(opts["user"])
        case = self._get(opts)
        try:
            case = services.transition(
                case=case,
                action=opts["action"],
                by=user,
                version=case.version,
                comment=opts["comment"],
                lead_department=self._department(opts["lead"]) if opts["lead"] else None,
                co_departments=[self._department(n) for n in opts["co"]],
                days=opts["days"],
                rating=opts["rating"] or "",
            )
        except services.CaseError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{case.number} 现为“{case.get_state_display()}”")

    def _tick(self, opts):
        try:
            day = datetime.date.fromisoformat(opts["date"]) if opts["date"] else None
        except ValueError:
            raise CommandError(f"日期“{opts['date']}”格式应为 YYYY-MM-DD") from None
        counts = services.tick(today=day)
        self.stdout.write(
            f"检查 {counts['checked']} 件未办结事项：黄牌 {counts['yellow']}，红牌 {counts['red']}，"
            f"变更 {counts['changed']}，催办 {counts['reminders']} 条"
        )
