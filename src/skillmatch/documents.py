"""Read a folder of résumés, one document per file, for batch scoring.

Plain text (``.txt``, ``.md``) is decoded with the given encoding, PDF text comes from :mod:`pypdf` and
Word documents (``.docx``) from :mod:`docx` (python-docx); both libraries are the optional extra
``skillmatch[docs]`` and are imported only when such a file is met.

A file that cannot be read does not stop the batch: it comes back with ``error`` set to a message naming
the file and the problem (never any of its text), so it can be listed in a rejects file. Files with other
suffixes, and hidden files, are skipped and listed in :attr:`DocumentListing.ignored`.

>>> DOCUMENT_SUFFIXES
('.txt', '.md', '.pdf', '.docx')
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from skillmatch.errors import ConfigError, InputError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "DocumentListing",
    "DocumentResult",
    "MissingDependencyError",
    "iter_documents",
    "list_documents",
    "read_documents",
]

logger = logging.getLogger(__name__)

#: File suffixes read as documents (compared case-insensitively).
DOCUMENT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".pdf", ".docx")

_TEXT_SUFFIXES = frozenset({".txt", ".md"})
# suffix -> (module to import, package name to show)
_OPTIONAL = {".pdf": ("pypdf", "pypdf"), ".docx": ("docx", "python-docx")}
_MAX_DETAIL = 200


class MissingDependencyError(ImportError):
    """A document needs an optional package that is not installed (the extra ``skillmatch[docs]``)."""


@dataclass(frozen=True)
class DocumentResult:
    """One file of the folder: its text, or why it could not be read (exactly one of the two is set).

    An empty file is not an error: its text is ``""``.
    """

    id: str
    path: Path
    text: str | None
    error: str | None = None


@dataclass(frozen=True)
class DocumentListing:
    """The files of a folder: those that will be read, and those skipped (ids relative to the folder)."""

    folder: Path
    documents: tuple[str, ...]
    ignored: tuple[str, ...]


def _check_folder(folder: str | Path) -> Path:
    path = Path(folder)
    if not path.exists():
        raise FileNotFoundError(f"document folder not found: '{path}'")
    if not path.is_dir():
        raise NotADirectoryError(f"not a folder: '{path}' (pass the folder that holds the documents)")
    return path


def list_documents(folder: str | Path, *, recursive: bool = False) -> DocumentListing:
    """The supported files of ``folder`` (and its subfolders if ``recursive``) in sorted order.

    Hidden files and folders (names starting with ".") and files with other suffixes are listed as
    ``ignored``.
    """
    root = _check_folder(folder)
    candidates = root.rglob("*") if recursive else root.iterdir()
    documents: list[str] = []
    ignored: list[str] = []
    for path in candidates:
        if not path.is_file():
            continue
        rel = path.relative_to(root)
        hidden = any(part.startswith(".") for part in rel.parts)
        if not hidden and path.suffix.lower() in DOCUMENT_SUFFIXES:
            documents.append(rel.as_posix())
        else:
            ignored.append(rel.as_posix())
    return DocumentListing(root, tuple(sorted(documents)), tuple(sorted(ignored)))


def _require(suffix: str, doc_id: str) -> None:
    """Raise MissingDependencyError if the library that reads ``suffix`` files cannot be imported."""
    if suffix not in _OPTIONAL:
        return
    module, package = _OPTIONAL[suffix]
    try:
        __import__(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"reading '{doc_id}' needs the {package} package: pip install 'skillmatch[docs]'"
        ) from exc


def _detail(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if len(text) > _MAX_DETAIL:
        text = text[: _MAX_DETAIL - 3] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _read_text(path: Path, doc_id: str, encoding: str) -> DocumentResult:
    data = path.read_bytes()
    codec = "utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding
    try:
        return DocumentResult(doc_id, path, data.decode(codec))
    except UnicodeDecodeError as exc:
        if codec == "utf-8-sig":
            hint = "pass encoding='cp1252' (or 'latin-1', 'utf-16') if the file was saved in another encoding"
        else:
            hint = "pass the encoding the file was saved in, e.g. encoding='utf-8' or 'latin-1'"
        message = f"'{doc_id}' is not valid {encoding} text (byte {exc.start}: {exc.reason}); {hint}"
        return DocumentResult(doc_id, path, None, message)


def _read_pdf(path: Path, doc_id: str) -> DocumentResult:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            return DocumentResult(doc_id, path, None, f"'{doc_id}' is an encrypted PDF that needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        return DocumentResult(doc_id, path, None, f"'{doc_id}' is an encrypted PDF that needs a password")
    except DependencyError as exc:
        message = f"'{doc_id}' is an encrypted PDF that cannot be decrypted ({_detail(exc)})"
        return DocumentResult(doc_id, path, None, message)
    except Exception as exc:
        return DocumentResult(doc_id, path, None, f"'{doc_id}' is not a readable PDF ({_detail(exc)})")
    return DocumentResult(doc_id, path, "\n\n".join(pages))


def _read_docx(path: Path, doc_id: str) -> DocumentResult:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells: list[str] = []
                    seen: set[int] = set()
                    for cell in row.cells:  # a merged cell repeats once per grid column
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            cells.append(cell.text)
                    lines.append("\t".join(cells))
            else:
                lines.append(block.text)
    except PackageNotFoundError:
        message = f"'{doc_id}' is not a readable DOCX file (not a Word .docx package; is it an old .doc?)"
        return DocumentResult(doc_id, path, None, message)
    except Exception as exc:
        return DocumentResult(doc_id, path, None, f"'{doc_id}' is not a readable DOCX file ({_detail(exc)})")
    return DocumentResult(doc_id, path, "\n".join(lines))


def _read_one(path: Path, doc_id: str, encoding: str) -> DocumentResult:
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size == 0:
            return DocumentResult(doc_id, path, "")
        if suffix in _TEXT_SUFFIXES:
            return _read_text(path, doc_id, encoding)
        if suffix == ".pdf":
            return _read_pdf(path, doc_id)
        return _read_docx(path, doc_id)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return DocumentResult(doc_id, path, None, f"'{doc_id}' could not be opened ({reason})")


def iter_documents(
    folder: str | Path, *, encoding: str = "utf-8", recursive: bool = False
) -> Iterator[DocumentResult]:
    """Read every supported file of ``folder``, one :class:`DocumentResult` per file, in sorted id order.

    A file that cannot be read is yielded with ``error`` set; nothing is raised for it. A missing optional
    library raises :class:`MissingDependencyError` before any file is read.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ConfigError(f"unknown encoding {encoding!r}; e.g. 'utf-8', 'cp1252' or 'latin-1'") from None
    listing = list_documents(folder, recursive=recursive)
    for name in listing.ignored:
        logger.debug("ignoring '%s' in '%s'", name, listing.folder)
    for doc_id in listing.documents:
        _require(Path(doc_id).suffix.lower(), doc_id)
    for doc_id in listing.documents:
        result = _read_one(listing.folder / doc_id, doc_id, encoding)
        if result.error is not None:
            logger.warning("%s", result.error)
        yield result


def read_documents(
    folder: str | Path, *, encoding: str = "utf-8", recursive: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a folder of documents into ``(texts, errors)`` frames.

    ``texts`` has columns ``id`` and ``text`` (string dtype) for the files that were read, in sorted id
    order; ``errors`` has ``id`` and ``error`` for those that could not be. The ids of skipped files are
    in ``texts.attrs["ignored"]``. A folder without any supported file raises :class:`InputError`.
    """
    listing = list_documents(folder, recursive=recursive)
    if not listing.documents:
        where = " or its subfolders" if recursive else ""
        skipped = f" ({len(listing.ignored)} other file(s) ignored)" if listing.ignored else ""
        raise InputError(
            f"no documents in '{listing.folder}'{where}{skipped}; "
            f"supported suffixes: {', '.join(DOCUMENT_SUFFIXES)}"
        )
    texts: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    for result in iter_documents(listing.folder, encoding=encoding, recursive=recursive):
        if result.error is None:
            texts.append((result.id, result.text or ""))
        else:
            errors.append((result.id, result.error))
    texts_frame = pd.DataFrame(texts, columns=["id", "text"], dtype="string")
    errors_frame = pd.DataFrame(errors, columns=["id", "error"], dtype="string")
    texts_frame.attrs["ignored"] = list(listing.ignored)
    return texts_frame, errors_frame
