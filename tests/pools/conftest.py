from tests.casework.conftest import (  # noqa: F401
    _fresh_calendar,
    city,
    co_department,
    co_handler,
    contact,
    deputy,
    handler,
    lead_department,
    make_case,
    office,
)
