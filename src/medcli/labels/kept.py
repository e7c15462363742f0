"""A label's document kept beside its monograph, and read back to be converted again.

The monograph is what the converter made of the label; the document is what the
label says. Keeping the document (an openFDA record as compact JSON, an SPL
document's XML as it was, each zlib-compressed at a cheap level in the worker that
read it) lets a later medcli, whose converter reads labels better, convert every
stored label again in place (`medcli rebuild`) rather than ask for the files again.
"""

from __future__ import annotations

import zlib

import msgspec

from medcli.labels.documents import Document
from medcli.library.label_rows import COMPRESSION, SourceRecord


def source_record(document: Document) -> SourceRecord:
    """What is kept of *document*: made in the worker converting it, bytes to the writer."""
    if document.kind == "openfda":
        data = msgspec.json.encode(document.record)
        return SourceRecord("json", document.shown, zlib.compress(data, COMPRESSION))
    return SourceRecord("spl", document.shown, zlib.compress(document.data, COMPRESSION))


def kept_document(source: SourceRecord) -> Document:
    """The document *source* keeps, as the import read it."""
    data = zlib.decompress(source.packed)
    if source.format == "json":
        return Document(source.shown, "openfda", record=msgspec.json.decode(data))
    return Document(source.shown, "spl", data=data)
