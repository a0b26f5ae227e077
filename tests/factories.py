"""Factories for test data: small, explicit, valid (credit codes pass their check)."""

from __future__ import annotations

import itertools

import factory

from chainchief.accounts.models import Department, Role, User
from chainchief.chains.models import Chain, ChainOrgMember, LayoutNode, OrgRole, Segment, Stage
from chainchief.enterprises.models import District, Enterprise, Park
from chainchief.enterprises.validators import make_credit_code

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
    return ChainOrgMember.objects.create(chain=chain, role=OrgRole.objects.get(code=role_code), user=user)


def make_user(role: str, username: str | None = None, **kwargs) -> User:
    return UserFactory(role=role, username=username or f"{role}_{next(_codes)}", **kwargs)
