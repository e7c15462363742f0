"""A dose plan's warning when its monograph is a file that took the place of a bundled one.

A `--data-dir` file with the id `isatuximab` answers `medcli dose` instead of the
bundled monograph. The plan's view names the file under its title; the warning
makes the same fact part of the plan itself, so `--json` and MCP answers carry it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from medcli.dosing.records import DosePlan
    from medcli.library.merged import Located


def with_source_warning(plan: DosePlan, located: Located) -> DosePlan:
    """*plan*, with the warning first when its monograph shadows a bundled one."""
    warning = located.shadow_warning
    if warning is None:
        return plan
    return msgspec.structs.replace(plan, warnings=[warning, *plan.warnings])
