"""The City model moved to chainchief.places (same table, web_city); re-exported here for
code that still imports it from web."""

from chainchief.places.models import City

__all__ = ["City"]
