"""Read stage, part of the Markdown reader: how front matter YAML is read and written.

Dates stay the strings they were written as (the timestamp resolver is off both ways), so a
rewrite does not turn ``2019-06-11T16:00:02+00:00`` into another spelling; and scalars are
typed as Hugo types them (YAML 1.2), not as PyYAML's YAML 1.1 would.
"""

from __future__ import annotations

import re

import yaml

# libyaml's parser when PyYAML was built with it (the wheels are): five times faster, with
# the same safe constructors and resolvers (those stay Python classes).
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe YAML loading that keeps timestamps as the strings they were written as."""


class Dumper(yaml.SafeDumper):
    """Safe YAML dumping that does not quote timestamp-looking strings (they load back equal
    through :class:`Loader`, and Hugo reads them as dates as it did before)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists under a key are indented ("key:\n  - a"), as most exporters and people write.
        super().increase_indent(flow, False)


class IndentlessDumper(Dumper):
    """For files whose lists sit at the key's own indentation ("key:\n- a")."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        yaml.SafeDumper.increase_indent(self, flow, indentless)


# Scalars read as Hugo reads them (YAML 1.2): "no", "on", "yes" and "off" are words and
# "1:20" is text, not YAML 1.1's booleans and base-60 numbers. Otherwise a value rewritten
# beside a repaired one would change type ("answer: no" written back as "answer: false").
_YAML12 = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(
        r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
    ),
    "tag:yaml.org,2002:float": re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
}
for _cls in (Loader, Dumper):
    _cls.yaml_implicit_resolvers = {
        ch: [
            (tag, _YAML12.get(tag, rx))
            for tag, rx in resolvers
            if tag != "tag:yaml.org,2002:timestamp"
            and not (tag == "tag:yaml.org,2002:bool" and ch in "yYnNoO")
        ]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
