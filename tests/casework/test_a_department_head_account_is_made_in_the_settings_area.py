"""The settings area's user form offers 部门负责人 and, like 部门经办人, asks for its department."""

from __future__ import annotations

from chainchief.accounts.models import Role, User

URL = "/settings/users/new/"
FORM = {
    "username": "head_new",
    "full_name": "王局长",
    "role": "department_head",
    "is_active": "on",
    "password": "Xy7#long-enough-pass",
}


def test_a_department_head_needs_its_department(client, office):
    client.force_login(office)
    response = client.post(URL, FORM)
    assert "部门负责人须指定所在部门" in response.content.decode()
    assert not User.objects.filter(username="head_new").exists()


def test_a_department_head_is_created_with_its_department(client, office, lead_department):
    client.force_login(office)
    assert ("department_head", "部门负责人") in client.get(URL).context["form"].fields[
        "role"
    ].choices
    response = client.post(URL, {**FORM, "department": lead_department.pk})
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="head_new")
    assert (user.role, user.department) == (Role.DEPARTMENT_HEAD, lead_department)
