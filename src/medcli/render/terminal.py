"""The terminal a command writes to, decided once per run and passed down.

Colour, width and the streams live here rather than in import-time globals, so
tests can ask for a 40-column, colourless, piped terminal.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Protocol, TextIO

from medcli.errors import OutputClosedError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from rich.console import Console, RenderableType


class ViewStore(Protocol):
    """Where laid-out views are kept between runs (`medcli.library.view_cache.ViewCache`)."""

    def get(self, stamp: str) -> str | None: ...

    def keep(self, stamp: str, text: str) -> None: ...


class Terminal:
    """The terminal options of one run, and the consoles made from them on first use.

    A plain class: a dataclass costs more to define (~3.6 M instructions, its methods
    compiled from source) than this one's first use, on every command's first run.
    """

    def __init__(
        self, no_color: bool = False, width: int | None = None, debug: bool = False,
        pager: bool = True,
    ) -> None:  # fmt: skip
        self.no_color = no_color
        self.width = width
        self.debug = debug
        self.pager = pager
        # What the last laid-out view wrote: (text, whether it pages, the height it pages
        # at), and the warnings written on stderr: for the fast path to keep
        # (`medcli.fast.Recorder`).
        self.written_view: tuple[str, bool, int] | None = None
        self.written_warnings: list[str] = []
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def out(self) -> Console:
        if self._out is None:
            self._out = self._console(sys.stdout)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None:
            self._err = self._console(sys.stderr)
        return self._err

    def _console(self, stream: TextIO) -> Console:
        from medcli.render.console import PipeAwareConsole, TrimmedStream

        # markup/emoji/highlight off: text from data is printed as it is, never interpreted.
        return PipeAwareConsole(
            file=TrimmedStream(stream),  # type: ignore[arg-type]  # a TextIO by delegation
            width=self.width,
            no_color=self.no_color or "NO_COLOR" in os.environ or None,
            markup=False,
            emoji=False,
            highlight=False,
            soft_wrap=False,
        )

    def show(self, renderables: list[RenderableType]) -> None:
        """Print a view; on a terminal, a view taller than the screen goes through the pager."""
        from medcli.render.console import glue_units

        for renderable in renderables:
            glue_units(renderable)
        console = self.out
        if self.pager and console.is_terminal and not console.is_dumb_terminal:
            from medcli.render.paging import print_paged

            print_paged(console, renderables)
            return
        from rich.console import Group

        console.print(Group(*renderables))

    def show_kept(
        self, identity: str, build: Callable[[], list[RenderableType]], views: ViewStore
    ) -> None:
        """`show` for a view that is a pure function of *identity*, kept laid out in *views*.

        The stamp adds what the layout depends on in this run: the console's
        width, colours and encoding, and the installed Rich.
        """
        from medcli.render.console import console_signature

        console = self.out
        stamp = f"{identity}|{console_signature(console)}"
        text = views.get(stamp)
        if text is None:
            text = self._lay_out(build())
            views.keep(stamp, text)
        self._write_view(text)

    def show_whole(self, renderables: list[RenderableType]) -> None:
        """`show`, laid out whole before a byte is written: the text written is then known,
        for the fast path to keep (`written_view`)."""
        self._write_view(self._lay_out(renderables))

    def _write_view(self, text: str) -> None:
        """A laid-out view on stdout, through the pager when it is taller than the screen."""
        console = self.out
        self.written_view = (text, self.pages(), console.size.height)
        if self.pages():
            from medcli.render.paging import page_text

            page_text(console, text)
            return
        try:
            console.file.write(text)
            console.file.flush()
        except BrokenPipeError as error:
            raise OutputClosedError from error

    def _lay_out(self, renderables: list[RenderableType]) -> str:
        """The text `show` would print for *renderables*, trimmed as the stream trims it.

        Without colour, each plain `Text` or `Hanging` is laid out by the plain-text
        writer (Rich's line breaks at a fraction of Rich's cost, as `stream` does) and
        the rest by Rich, one renderable at a time; with colour, Rich lays out all.
        """
        from medcli.render.cells import trim_line_ends
        from medcli.render.console import glue_units

        console = self.out
        if console.color_system is not None or console.legacy_windows:
            from rich.console import Group

            for renderable in renderables:
                glue_units(renderable)
            with console.capture() as capture:
                console.print(Group(*renderables))
            return trim_line_ends(capture.get())
        from medcli.render.plain import plain_lines

        pieces: list[str] = []
        width = console.width  # Rich works it out anew (variables, terminal) at each call
        unicode_boxes = console.encoding.startswith("utf")  # else Rich draws tables in ASCII
        for renderable in renderables:
            text = plain_lines([renderable], width, unicode_boxes)
            if text is None:
                glue_units(renderable)
                with console.capture() as capture:
                    console.print(renderable)
                text = capture.get()
            pieces.append(text)
        return trim_line_ends("".join(pieces))

    def pages(self) -> bool:
        """Whether a view would go through the pager: then it has to be whole first."""
        console = self.out
        return self.pager and console.is_terminal and not console.is_dumb_terminal

    def print_now(self, renderables: list[RenderableType]) -> None:
        """Print part of a view at once, never paged: for views written as they are read."""
        from rich.console import Group

        from medcli.render.console import glue_units

        for renderable in renderables:
            glue_units(renderable)
        self.out.print(Group(*renderables))

    def stream(self, blocks: Iterable[list[RenderableType]]) -> None:
        """A long view written block by block as it is made (first lines at once, memory for
        one block); on a terminal it goes whole through the pager, as `show` does.

        When no escape code would be written (not a terminal, no forced colour), blocks
        are laid out by the plain-text writer, which gives Rich's text at a fraction of
        its cost; a block it cannot lay out goes through Rich.
        """
        if self.pages():
            self.show([renderable for block in blocks for renderable in block])
            return
        console = self.out
        if console.color_system is not None or console.legacy_windows:
            for block in blocks:
                self.print_now(block)
            return
        from medcli.render.plain import plain_lines

        width = console.width
        try:
            for block in blocks:
                text = plain_lines(block, width)
                if text is None:
                    self.print_now(block)
                else:
                    sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError as error:
            raise OutputClosedError from error

    def warn(self, message: str) -> None:
        """One warning line on stderr; never styled from data."""
        from rich.text import Text

        from medcli.render.cells import trim_line_ends

        console = self.err
        with console.capture() as capture:
            console.print(Text.assemble(("medcli: warning: ", "yellow"), message), soft_wrap=True)
        text = trim_line_ends(capture.get())  # as the stream trims what Rich writes
        self.written_warnings.append(text)
        try:
            console.file.write(text)
            console.file.flush()
        except BrokenPipeError as error:  # as Rich's print would (`PipeAwareConsole`)
            raise OutputClosedError from error

    def write_lines(self, lines: Iterable[str]) -> None:
        """Plain text made line by line (a CSV), through the text gate like every other view."""
        from medcli.sanitize import clean_text

        try:
            for line in lines:
                sys.stdout.write(clean_text(line))
            sys.stdout.flush()
        except BrokenPipeError as error:
            raise OutputClosedError from error

    def write_json_pieces(self, pieces: Iterable[bytes]) -> None:
        """A JSON document written piece by piece, as a streaming command makes it."""
        try:
            for piece in pieces:
                sys.stdout.write(piece.decode("utf-8"))
            sys.stdout.write("\n")
            sys.stdout.flush()
        except BrokenPipeError as error:
            raise OutputClosedError from error

    def write_json_piece(self, piece: bytes) -> None:
        """Part of a JSON document a slow command makes, on stdout at once (a reader sees
        each part when it is made)."""
        try:
            sys.stdout.write(piece.decode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError as error:
            raise OutputClosedError from error

    def write_json(self, document: bytes) -> None:
        """A JSON document, alone, on stdout."""
        try:
            sys.stdout.write(document.decode("utf-8"))
            sys.stdout.write("\n")
            sys.stdout.flush()
        except BrokenPipeError as error:
            raise OutputClosedError from error
