"""A label's document kept beside its monograph, and read back to be converted again.

The monograph is what the converter made of the label; the document is what the
label says. Keeping the document (an openFDA record's JSON and an SPL document's
XML, each the bytes the import read, zlib-compressed at a cheap level in the worker that
read it) lets a later medcli, whose converter reads labels better, convert every
stored label again in place (`medcli rebuild`) rather than ask for the files again.
"""

from __future__ import annotations

import zlib
from typing import Literal

from medcli.labels.documents import Document
from medcli.library.label_rows import COMPRESSION, SourceRecord


def source_record(document: Document) -> SourceRecord:
    """What is kept of *document*: made in the worker converting it, bytes to the writer."""
    kind = "json" if document.kind == "openfda" else "spl"
    return SourceRecord(kind, document.shown, zlib.compress(document.data, COMPRESSION))


def kept_document(source: SourceRecord) -> Document:
    """The document *source* keeps, as the import read it."""
    kind: Literal["openfda", "spl"] = "openfda" if source.format == "json" else "spl"
    return Document(source.shown, kind, zlib.decompress(source.packed))
