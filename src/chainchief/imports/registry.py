"""Which lists can be imported: every app registers its specs in its own `importing.py`,
which the registry imports on first use (Django's autodiscover), so the import page lists
every spec without knowing the apps."""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

from chainchief.imports.base import Importer

_specs: dict[str, type[Importer]] = {}
_discovered = False


def register(spec: type[Importer]) -> type[Importer]:
    """Class decorator (or plain call) for an Importer subclass; `kind` must be unique."""
    if not spec.kind or not spec.title:
        raise ValueError(f"{spec.__name__} needs a kind and a title")
    existing = _specs.get(spec.kind)
    if existing is not None and existing.__qualname__ != spec.__qualname__:
        raise ValueError(f"import kind {spec.kind!r} is registered twice")
    _specs[spec.kind] = spec
    return spec


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("importing")


def all_specs() -> list[type[Importer]]:
    _discover()
    return list(_specs.values())


def get_spec(kind: str) -> type[Importer] | None:
    _discover()
    return _specs.get(kind)


def specs_for(user) -> list[type[Importer]]:
    """The specs this user may import, in registration order."""
    return [spec for spec in all_specs() if spec.allowed(user)]
