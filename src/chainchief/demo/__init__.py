"""The demo city (演示数据): a deterministic, clearly labelled city modelled on Hengyang.

`build_demo_city` creates districts, parks, departments, one user per role, the chains
(authored YAML files in `chains/`, loaded through `chains.yaml_io.load_chain`) and generated
enterprises with tiers, contacts and monthly indicators. Public names (city, districts,
parks, departments) are real; every person, enterprise and figure is fictitious.
"""

# The package is a Django app: importing it must not import models, so the public names load
# lazily (PEP 562).
_EXPORTS = {
    "DemoSummary": "chainchief.demo.build",
    "build_demo_city": "chainchief.demo.build",
    "has_city_data": "chainchief.demo.reset",
    "reset_city_data": "chainchief.demo.reset",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
