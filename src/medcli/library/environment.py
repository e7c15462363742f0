"""Where this run's library lives, decided once at start-up and handed to whatever needs it.

The options (`--data-dir`) and the environment variables (`MEDCLI_HOME`,
`MEDCLI_PATH`, `MEDCLI_DRUG`) are read here and nowhere else, so `--version`,
completion, lookups and imports all see the same library, and a test builds an
`Environment` directly instead of patching the process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from medcli.library.folders import Folder

DEFAULT_DRUG = "isatuximab"


def bundled_dir() -> Path:
    """The monographs shipped with medcli: inside the wheel, or the repo's `data/`."""
    package = Path(__file__).resolve().parents[1]  # src/medcli, or medcli in a wheel
    installed = package / "data" / "monographs"
    return installed if installed.is_dir() else package.parents[1] / "data" / "monographs"


_BUNDLED_DIR = bundled_dir()


class Environment(NamedTuple):
    """The folders of one run's library, its cache folder and its default drug.

    A NamedTuple: every command, `--help` included, builds one, and it costs a
    fraction of a dataclass to define. Without a *home* the platform's folders
    are used, found (and platformdirs imported) only when asked for.
    """

    home: Path | None = None  # $MEDCLI_HOME: holds monographs/ and cache/
    extra_dirs: tuple[Path, ...] = ()
    bundled_dir: Path = _BUNDLED_DIR
    default_drug: str = DEFAULT_DRUG

    @classmethod
    def from_variables(
        cls, variables: Mapping[str, str] | None = None, data_dirs: Iterable[Path] = ()
    ) -> Environment:
        """The environment of *variables* (the process's by default) and `--data-dir` folders.

        Extra folders are the `--data-dir` ones first, then those of `$MEDCLI_PATH`.
        """
        found = os.environ if variables is None else variables
        home = found.get("MEDCLI_HOME")
        path_variable = found.get("MEDCLI_PATH", "")
        listed = [Path(part).expanduser() for part in path_variable.split(os.pathsep)]
        extra = [*data_dirs, *(path for path in listed if str(path) not in ("", "."))]
        return cls(
            home=Path(home).expanduser() if home else None,
            extra_dirs=tuple(extra),
            default_drug=found.get("MEDCLI_DRUG") or DEFAULT_DRUG,
        )

    @property
    def user_dir(self) -> Path:
        """`home/monographs`, else the platform's user data folder: where imports go."""
        if self.home is not None:
            return self.home / "monographs"
        import platformdirs

        return platformdirs.user_data_path("medcli") / "monographs"

    @property
    def cache_dir(self) -> Path:
        """`home/cache`, else the platform's user cache folder: the index and parsed cache."""
        if self.home is not None:
            return self.home / "cache"
        import platformdirs

        return platformdirs.user_cache_path("medcli")

    def folders(self) -> list[Folder]:
        """Extra folders over the user library over bundled data, each folder once.

        A folder named twice (`--data-dir X` with X in `MEDCLI_PATH`) counts at
        its first place: otherwise each copy of a file would shadow the other.
        """
        from medcli.library.folders import Folder

        named = [Folder(path, "folder") for path in self.extra_dirs]
        named += [Folder(self.user_dir, "user"), Folder(self.bundled_dir, "bundled")]
        unique: dict[str, Folder] = {}
        for folder in named:
            unique.setdefault(str(folder.path.absolute()), folder)
        return list(unique.values())
