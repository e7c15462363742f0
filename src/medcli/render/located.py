"""The line a view adds when its monograph is not the bundled one: which file it was read from.

A file in an extra folder or the user library may carry the id of a bundled
monograph and take its place; a dose plan computed from it must say so.
"""

from __future__ import annotations

from rich.text import Text

from medcli.library.merged import Located

_WHERE = {"folder": "an extra folder (--data-dir or MEDCLI_PATH)", "user": "the user library"}


def file_line(located: Located) -> list[Text]:
    """`File: PATH, from WHERE, used instead of the bundled ID`, or nothing for bundled data."""
    if located.file is None:
        return []
    note = f", from {_WHERE.get(located.origin, located.origin)}"
    if located.shadows_bundled:
        note += f", used instead of the bundled {located.monograph.id}"
    return [Text.assemble(("File: ", "bold"), str(located.file), note)]
