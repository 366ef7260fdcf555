from __future__ import annotations

import sys
from pathlib import Path

import pytest

from skillmatch.documents import (
    DOCUMENT_SUFFIXES,
    DocumentResult,
    MissingDependencyError,
    iter_documents,
    list_documents,
    read_documents,
)
from skillmatch.errors import InputError


def minimal_pdf(text: str = "Python and PostgreSQL") -> bytes:
    """A valid one-page PDF showing ``text`` in Helvetica, with a correct xref table."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Backend developer")
    document.add_paragraph("Five years of Django.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Languages"
    table.cell(0, 1).text = "Python, Go"
    table.cell(1, 0).text = "Databases"
    table.cell(1, 1).text = "PostgreSQL"
    document.add_paragraph("References on request")
    document.save(str(path))


def by_id(results: list[DocumentResult]) -> dict[str, DocumentResult]:
    return {r.id: r for r in results}


def test_suffixes():
    assert DOCUMENT_SUFFIXES == (".txt", ".md", ".pdf", ".docx")


def test_text_and_markdown_read_exactly(tmp_path):
    (tmp_path / "a.txt").write_bytes("Python, FastAPI\r\nRedis – café\n".encode())
    (tmp_path / "b.MD").write_text("# CV\n\n* Kafka\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    texts, errors = read_documents(tmp_path)
    assert list(texts["id"]) == ["a.txt", "b.MD", "empty.txt"]
    assert list(texts["text"]) == ["Python, FastAPI\r\nRedis – café\n", "# CV\n\n* Kafka\n", ""]
    assert str(texts["id"].dtype) == "string"
    assert str(texts["text"].dtype) == "string"
    assert errors.empty
    assert list(errors.columns) == ["id", "error"]


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfSQL")
    texts, _ = read_documents(tmp_path)
    assert texts["text"][0] == "SQL"


def test_undecodable_bytes_give_an_error_entry(tmp_path):
    (tmp_path / "good.txt").write_text("Go", encoding="utf-8")
    (tmp_path / "legacy.txt").write_bytes("Caf\xe9 owner, Java".encode("cp1252"))
    texts, errors = read_documents(tmp_path)
    assert list(texts["id"]) == ["good.txt"]
    assert list(errors["id"]) == ["legacy.txt"]
    message = errors["error"][0]
    assert "legacy.txt" in message
    assert "byte 3" in message
    assert "utf-8" in message
    assert "encoding='cp1252'" in message
    assert "Java" not in message

    texts, errors = read_documents(tmp_path, encoding="cp1252")
    assert errors.empty
    assert list(texts["text"]) == ["Go", "Café owner, Java"]


def test_ignored_and_hidden_files_are_listed(tmp_path):
    (tmp_path / "cv.txt").write_text("Rust", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "other.txt").write_text("not read", encoding="utf-8")
    listing = list_documents(tmp_path)
    assert listing.documents == ("cv.txt",)
    assert listing.ignored == (".hidden.txt", "photo.png")
    texts, _ = read_documents(tmp_path)
    assert list(texts["id"]) == ["cv.txt"]
    assert texts.attrs["ignored"] == [".hidden.txt", "photo.png"]


def test_sorted_deterministic_order(tmp_path):
    for name in ["c.txt", "a.md", "B.txt", "b.txt", "a.txt"]:
        (tmp_path / name).write_text(name, encoding="utf-8")
    ids = [r.id for r in iter_documents(tmp_path)]
    assert ids == sorted(ids) == ["B.txt", "a.md", "a.txt", "b.txt", "c.txt"]
    assert [r.id for r in iter_documents(tmp_path)] == ids


def test_recursive_ids_use_posix_paths(tmp_path):
    (tmp_path / "top.txt").write_text("top", encoding="utf-8")
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "sub" / "bob.txt").write_text("bob", encoding="utf-8")
    (tmp_path / "sub" / "deep" / "carol.md").write_text("carol", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x", encoding="utf-8")
    results = list(iter_documents(tmp_path, recursive=True))
    assert [r.id for r in results] == ["sub/bob.txt", "sub/deep/carol.md", "top.txt"]
    assert results[0].path == tmp_path / "sub" / "bob.txt"
    assert [r.text for r in results] == ["bob", "carol", "top"]
    assert list_documents(tmp_path, recursive=True).ignored == (".git/notes.txt",)
    assert [r.id for r in iter_documents(tmp_path)] == ["top.txt"]


def test_docx_paragraphs_and_table(tmp_path):
    write_docx(tmp_path / "alice.docx")
    (result,) = iter_documents(tmp_path)
    assert result.error is None
    assert result.text == (
        "Backend developer\nFive years of Django.\n"
        "Languages\tPython, Go\nDatabases\tPostgreSQL\nReferences on request"
    )


def test_empty_files_are_empty_texts(tmp_path):
    for name in ["a.txt", "b.md", "c.pdf", "d.docx"]:
        (tmp_path / name).write_bytes(b"")
    texts, errors = read_documents(tmp_path)
    assert errors.empty
    assert list(texts["id"]) == ["a.txt", "b.md", "c.pdf", "d.docx"]
    assert list(texts["text"]) == ["", "", "", ""]


def test_corrupt_docx_is_an_error_entry(tmp_path):
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    texts, errors = read_documents(tmp_path)
    assert texts.empty
    assert list(errors["id"]) == ["broken.docx"]
    assert "broken.docx" in errors["error"][0]
    assert "DOCX" in errors["error"][0]


def test_pdf_text_is_extracted(tmp_path):
    (tmp_path / "cv.pdf").write_bytes(minimal_pdf())
    (tmp_path / "UPPER.PDF").write_bytes(minimal_pdf("Kubernetes"))
    texts, errors = read_documents(tmp_path)
    assert errors.empty
    assert list(texts["id"]) == ["UPPER.PDF", "cv.pdf"]
    assert "Kubernetes" in texts["text"][0]
    assert "Python" in texts["text"][1]
    assert "PostgreSQL" in texts["text"][1]


def test_corrupt_pdf_is_an_error_entry(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"this is not a pdf at all \x00\x01\x02" * 10)
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    results = by_id(list(iter_documents(tmp_path)))
    assert results["ok.txt"].text == "fine"
    bad = results["bad.pdf"]
    assert bad.text is None
    assert "bad.pdf" in bad.error
    assert "PDF" in bad.error


def test_encrypted_pdf_is_an_error_entry(tmp_path):
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(minimal_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(tmp_path / "locked.pdf", "wb") as fh:
        writer.write(fh)
    _, errors = read_documents(tmp_path)
    assert list(errors["id"]) == ["locked.pdf"]
    assert "encrypted" in errors["error"][0]
    assert "locked.pdf" in errors["error"][0]


def test_missing_pypdf_raises(tmp_path, monkeypatch):
    (tmp_path / "cv.pdf").write_bytes(minimal_pdf())
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(MissingDependencyError, match=r"skillmatch\[docs\]") as info:
        read_documents(tmp_path)
    assert "'cv.pdf'" in str(info.value)
    assert "pypdf" in str(info.value)
    assert isinstance(info.value, ImportError)


def test_missing_python_docx_raises(tmp_path, monkeypatch):
    write_docx(tmp_path / "cv.docx")
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(
        MissingDependencyError, match=r"python-docx package: pip install 'skillmatch\[docs\]'"
    ):
        list(iter_documents(tmp_path))


def test_missing_dependency_not_needed_for_text_only(tmp_path, monkeypatch):
    (tmp_path / "cv.txt").write_text("Python", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "pypdf", None)
    monkeypatch.setitem(sys.modules, "docx", None)
    texts, _ = read_documents(tmp_path)
    assert list(texts["text"]) == ["Python"]


def test_empty_folder_raises_input_error(tmp_path):
    (tmp_path / "notes.xlsx").write_bytes(b"")
    with pytest.raises(InputError) as info:
        read_documents(tmp_path)
    message = str(info.value)
    assert str(tmp_path) in message
    for suffix in DOCUMENT_SUFFIXES:
        assert suffix in message


def test_missing_folder_raises(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(FileNotFoundError, match="nope"):
        read_documents(missing)
    with pytest.raises(FileNotFoundError, match="nope"):
        list(iter_documents(missing))


def test_file_instead_of_folder_raises(tmp_path):
    (tmp_path / "cv.txt").write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match=r"cv\.txt"):
        read_documents(tmp_path / "cv.txt")


def test_unknown_encoding_raises(tmp_path):
    (tmp_path / "cv.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="no-such-codec"):
        read_documents(tmp_path, encoding="no-such-codec")
