"""Factories for test data: small, explicit, valid (credit codes pass their check)."""

from __future__ import annotations

import itertools

import factory

from chainchief.accounts.models import Role, User
from chainchief.chains.models import Chain, ChainOrgMember, LayoutNode, OrgRole, Segment, Stage
from chainchief.enterprises.models import Enterprise
from chainchief.enterprises.validators import make_credit_code
from chainchief.places.models import Department, District, Park

PASSWORD = "Test#pass2026"
_codes = itertools.count(1)


def next_credit_code() -> str:
    return make_credit_code(f"91430400MA{next(_codes):07d}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试部门{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.CHAIN_OFFICE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = "430407"
    name = "石鼓区"


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试园区{n}")
    district = factory.SubFactory(DistrictFactory)


class LayoutNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LayoutNode

    name = factory.Sequence(lambda n: f"集群{n}")


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:02d}")
    name = factory.Sequence(lambda n: f"测试产业链{n}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    chain = factory.SubFactory(ChainFactory)
    stage = Stage.MIDSTREAM
    name = factory.Sequence(lambda n: f"环节{n}")
    terms = factory.LazyFunction(list)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.LazyFunction(next_credit_code)
    district = factory.SubFactory(DistrictFactory)


def assign(user: User, chain: Chain, role_code: str = "chief") -> ChainOrgMember:
    """Give a user a role in a chain's organisation (chief and deputy director grant scope)."""
    return ChainOrgMember.objects.create(
        chain=chain, role=OrgRole.objects.get(code=role_code), user=user
    )


def make_user(role: str, username: str | None = None, **kwargs) -> User:
    return UserFactory(role=role, username=username or f"{role}_{next(_codes)}", **kwargs)


# --- Added for the accounts/chains/enterprises/web suite -------------------------------------

import datetime  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from decimal import Decimal  # noqa: E402

from chainchief.chains.models import DevelopmentGoal  # noqa: E402
from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier  # noqa: E402


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseTier

    enterprise = factory.SubFactory(EnterpriseFactory)
    tier = Tier.ABOVE_SCALE
    gained_on = datetime.date(2024, 1, 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyIndicator

    enterprise = factory.SubFactory(EnterpriseFactory)
    month = datetime.date(2026, 1, 1)
    output_value = Decimal("1000")
    revenue = Decimal("900")
    tax = Decimal("50")
    employees = 100


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentGoal

    chain = factory.SubFactory(ChainFactory)
    indicator = factory.Sequence(lambda n: f"指标{n}")
    unit = "亿元"
    year = 2026
    target_value = Decimal("100")


ALL_ROLES = [r.value for r in Role]


@dataclass
class ScopedCity:
    """Two chains: `own` (every scoped user holds a role in it) and `other` (nobody's but the
    city-wide roles'), one enterprise on each, and one user per role."""

    own: Chain
    other: Chain
    own_enterprise: Enterprise
    other_enterprise: Enterprise
    users: dict[str, User] = field(default_factory=dict)


def make_scoped_city() -> ScopedCity:
    own = ChainFactory(code="OWN", name="本链产业链")
    other = ChainFactory(code="OTHER", name="他链产业链")
    own_enterprise = EnterpriseFactory(name="本链企业有限公司")
    own_enterprise.chains.add(own)
    other_enterprise = EnterpriseFactory(name="他链企业有限公司")
    other_enterprise.chains.add(other)
    department = DepartmentFactory(name="市工业和信息化局")
    ChainOrgMember.objects.create(
        chain=own, role=OrgRole.objects.get(code="lead_department"), department=department
    )
    users: dict[str, User] = {}
    for role in ALL_ROLES:
        extra: dict = {}
        if role == Role.DEPARTMENT_HANDLER:
            extra["department"] = department
        if role == Role.ENTERPRISE_CONTACT:
            extra["enterprise"] = own_enterprise
        users[role] = make_user(role, username=f"u_{role}", **extra)
    assign(users[Role.CHAIN_CHIEF], own, "chief")
    assign(users[Role.DEPUTY_DIRECTOR], own, "deputy_director")
    return ScopedCity(own, other, own_enterprise, other_enterprise, users)


def populate_enterprises(
    chains: list[Chain],
    n: int,
    *,
    months: list[datetime.date] | None = None,
    park: Park | None = None,
) -> list[Enterprise]:
    """`n` enterprises spread over `chains` (one segment each), each with two tiers (an anchor
    for every fifth) and monthly indicators: rows enough to expose N+1 queries."""
    months = months or [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1)]
    segments = {c.pk: (c.segments.first() or SegmentFactory(chain=c)) for c in chains}
    made = []
    for i in range(n):
        chain = chains[i % len(chains)]
        enterprise = EnterpriseFactory(park=park, main_products="变压器、互感器")
        enterprise.chains.add(chain)
        enterprise.segments.add(segments[chain.pk])
        TierFactory(enterprise=enterprise, tier=Tier.ABOVE_SCALE)
        if i % 5 == 0:
            TierFactory(enterprise=enterprise, tier=Tier.ANCHOR, chain=chain)
        else:
            TierFactory(enterprise=enterprise, tier=Tier.HIGH_TECH)
        for month in months:
            IndicatorFactory(enterprise=enterprise, month=month, output_value=Decimal(100 + i))
        made.append(enterprise)
    return made
