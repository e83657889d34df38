"""The one decoder (citekit.inputs): every command reads the same bytes as the same text."""

from __future__ import annotations

import pytest

from citekit.check.run import load
from citekit.errors import EncodingError
from citekit.inputs import TextForm, decode, decode_exact

TEXT = "% caf\u00e9\r\n@misc{a,\r\n  title = {Caf\u00e9}\r\n}\r\n"

FORMS = {
    "utf-8": b"",
    "utf-8 bom": b"\xef\xbb\xbf",
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
}


def _bytes(form: str) -> bytes:
    bom = FORMS[form]
    return bom + TEXT.encode("utf-16-le" if form == "utf-16-le" else "utf-16-be" if form == "utf-16-be" else "utf-8")


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_decodes_exactly_and_encodes_back(form):
    """UTF-8, a UTF-8 BOM and UTF-16 with either BOM: the same text, written back to the same bytes."""
    data = _bytes(form)
    decoded = decode_exact(data, "f.bib")
    assert decoded.text == TEXT and not decoded.problems
    assert decoded.encode(decoded.text) == data
    assert decoded.form.newline == "\r\n" and decoded.form.bom == FORMS[form]
    assert decoded.form.dress(TEXT.replace("\r\n", "\n")).encode(decoded.form.output_encoding) == data
    text, problems = decode(data, "f.bib")
    assert text == TEXT.replace("\r\n", "\n") and not problems


def test_windows_1252_and_latin1_fall_back_with_a_warning_naming_the_line():
    """Bytes that are not UTF-8: Windows-1252 (Latin-1 when even that fails), a warning with the first bad line."""
    data = "ok\n\u201cquoted\u201d caf\u00e9\n".encode("cp1252")
    decoded = decode_exact(data, "f.bib")
    assert decoded.encoding == "cp1252" and decoded.text == "ok\n\u201cquoted\u201d caf\u00e9\n"
    (problem,) = decoded.problems
    assert problem.line == 2 and "read as Windows-1252" in problem.message
    latin = decode_exact(b"x\x81y\n", "f.bib")  # 0x81 is undefined in Windows-1252
    assert latin.encoding == "latin-1" and latin.text == "x\x81y\n" and "Latin-1" in latin.problems[0].message
    assert latin.encode(latin.text) == b"x\x81y\n"


def test_binary_is_refused():
    """A PDF is not a listing."""
    with pytest.raises(EncodingError):
        decode_exact(b"%PDF-1.5\n\x00\x01\x02", "f.pdf")


def test_common_form_only_when_every_input_shares_it():
    """Inputs in two forms: the output is plain."""
    crlf = TextForm(newline="\r\n")
    assert TextForm.common([crlf, crlf]) == crlf
    assert TextForm.common([crlf, TextForm()]) == TextForm()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_check_reads_every_form_and_fix_writes_it_back(cli, tmp_path, form):
    """check sees the same entries in every form; --fix changes only the fixed bytes, BOM and CRLF kept."""
    codec = {"utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}.get(form, "utf-8")
    text = TEXT.replace("}\r\n}", "},\r\n  pages = {1-2}\r\n}")
    target = tmp_path / "refs.bib"
    target.write_bytes(FORMS[form] + text.encode(codec))
    src = load(target)
    assert [e.key for e in src.entries] == ["a"] and src.entries[0].get("pages").line == 4
    cli("check", str(target), "--fix", "--no-backup")
    assert target.read_bytes() == FORMS[form] + text.replace("{1-2}", "{1--2}").encode(codec)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_with_a_warning_and_written_back_so(cli, tmp_path, codec):
    """UTF-16 with no BOM (JabRef's test files have it): read, said, and --fix keeps it UTF-16 with no BOM."""
    text = TEXT.replace("}\r\n}", "},\r\n  pages = {1-2}\r\n}")
    data = text.encode(codec)
    decoded = decode_exact(data, "f.bib")
    assert decoded.text == text and decoded.encoding == codec and decoded.bom == b""
    assert "without a byte-order mark" in decoded.problems[0].message
    target = tmp_path / "refs.bib"
    target.write_bytes(data)
    cli("check", str(target), "--fix", "--no-backup")
    assert target.read_bytes() == text.replace("{1-2}", "{1--2}").encode(codec)


def test_binary_with_nuls_is_still_refused():
    """NULs in every other byte but NULs in the others too: no text, refused."""
    with pytest.raises(EncodingError):
        decode_exact(bytes(range(256)) * 8, "f.bin")
