"""The demo city (演示数据): a deterministic, clearly labelled city modelled on Hengyang.

`build_demo_city` creates districts, parks, departments, one user per role, the chains
(authored YAML files in `chains/`, loaded through `chains.yaml_io.load_chain`) and generated
enterprises with tiers, contacts and monthly indicators. Public names (city, districts,
parks, departments) are real; every person, enterprise and figure is fictitious.
"""

from chainchief.web.demo.build import DemoSummary, build_demo_city
from chainchief.web.demo.reset import has_city_data, reset_city_data

__all__ = ["DemoSummary", "build_demo_city", "has_city_data", "reset_city_data"]
