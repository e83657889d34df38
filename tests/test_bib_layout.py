"""The text between .bib blocks: an unchanged file comes back byte for byte; stray text is never lost."""

from __future__ import annotations

import re

import pytest

from citekit.exporters import ExportOptions
from citekit.exporters.bibtex import BIBTEX
from citekit import bibscan as bs
from citekit.sources.bibtex import READER

# Small files in the shapes real exporters write (DBLP, JabRef, Zotero/BBT, Mendeley, hand-kept files).
SHAPES = {
    "two_blank_lines": (  # DBLP: two blank lines between entries
        b"@string{acm = {ACM}}\n\n\n"
        b"@article{DBLP:a,\n  author = {Ann Author},\n  title  = {One},\n  journal = acm,\n  year = {2020}\n}\n\n\n"
        b"@inproceedings{DBLP:b,\n  author = {Bob Author},\n  title  = {Two},\n  booktitle = {Proc.},\n"
        b"  year = {2021}\n}\n"
    ),
    "no_blank_line": (  # hand-kept: entries glued to each other, one on the closing brace's line
        b"@book{b1,\n  title = {First},\n  year = {1990}\n}\n"
        b"@book{b2,\n  title = {Second},\n  year = {1991}\n}@book{b3,\n  title = {Third},\n  year = {1992}\n}\n"
    ),
    "stray_text": (  # a comma after the closing brace, a remark on its line
        b"@misc{s1,\n  title = {Stray One},\n  year = {2001}\n},\n\n"
        b"@misc{s2,\n  title = {Stray Two},\n  year = {2002}\n} % checked by hand\n\n"
        b"@misc{s3,\n  title = {Stray Three},\n  year = {2003}\n}\n"
    ),
    "trailing_comments": (  # JabRef's meta block and a remark after the last entry
        b"% Encoding: UTF-8\n\n@article{j1,\n  title = {Jab},\n  year = {2010}\n}\n\n"
        b"@Comment{jabref-meta: databaseType:bibtex;}\n\n% end of file, keep me\n\n\n"
    ),
    "no_final_newline": (
        b"@article{n1,\n  title = {No Newline},\n  year = {2015}\n}\n\n@article{n2,\n  title = {Last},\n  year = {2016}\n}"
    ),
    "tabs_and_spaces": (  # Mendeley-like: tab indents, blank lines holding spaces and tabs, a leading blank line
        b"\n@article{t1,\n\ttitle = {Tabbed},\n\tyear = {2018}\n}\n \t\n\t@article{t2,\n\ttitle = {Indented},\n"
        b"\tyear = {2019}\n}\n  \n"
    ),
    "preamble_and_failed": (  # a block that cannot be read is kept as it stands, with the text around it
        b"@preamble{\"\\newcommand{\\noop}[1]{}\"}\n\n\n@article{ok1,\n  title = {Fine},\n  year = {2000}\n}\n\n"
        b"@article{broken,\n  title = {Never closed,\n  year = {2000}\n\n\n\n@article{ok2,\n  title = {Also Fine},\n"
        b"  year = {2001}\n}\n"
    ),
}


def _convert(cli, tmp_path, data: bytes, *more: str, name: str = "in.bib") -> bytes:
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.bib"
    result = cli("convert", str(src), "-o", str(out), *more)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_an_unchanged_file_comes_back_byte_for_byte(cli, tmp_path, shape):
    """convert F.bib -o out.bib: every gap, stray text, tail and the missing final newline as they stood."""
    assert _convert(cli, tmp_path, SHAPES[shape]) == SHAPES[shape]


def test_crlf_and_a_bom_come_back_byte_for_byte(cli, tmp_path):
    """A CRLF file, with a UTF-8 BOM or without, comes back as it stood: BOM, line ends, gaps."""
    data = (SHAPES["two_blank_lines"] + SHAPES["stray_text"]).replace(b"\n", b"\r\n")
    assert _convert(cli, tmp_path, data) == data
    assert _convert(cli, tmp_path, b"\xef\xbb\xbf" + data) == b"\xef\xbb\xbf" + data
    assert _convert(cli, tmp_path, b"\xef\xbb\xbf" + SHAPES["stray_text"]) == b"\xef\xbb\xbf" + SHAPES["stray_text"]


def test_utf16_comes_back_in_utf16(cli, tmp_path):
    """A UTF-16 .bib (Windows tools write them) is read and written back in UTF-16, BOM and CRLF included."""
    text = SHAPES["trailing_comments"].decode().replace("Jab", "Jäb").replace("\n", "\r\n")
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        data = bom + text.encode(codec)
        assert _convert(cli, tmp_path, data, "--utf8") == data


def test_mixed_forms_are_written_plain(cli, tmp_path):
    """Two inputs, one CRLF and one LF: the output cannot keep both, so it is plain UTF-8 with LF."""
    (tmp_path / "a.bib").write_bytes(SHAPES["no_final_newline"].replace(b"\n", b"\r\n"))
    (tmp_path / "b.bib").write_bytes(SHAPES["two_blank_lines"])
    result = cli("convert", str(tmp_path / "a.bib"), str(tmp_path / "b.bib"), "-o", str(tmp_path / "out.bib"))
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out.bib").read_bytes()
    assert b"\r" not in out and b"@article{n2," in out and b"@inproceedings{DBLP:b," in out


def test_the_splitter_covers_every_byte():
    """Each block's gap and raw text, then the tail, are the input again, for every shape."""
    for data in SHAPES.values():
        text = data.decode()
        blocks, tail = bs.split_layout(text)
        assert "".join(b.gap + b.raw for b in blocks) + tail == text
        assert all(not b.gap.strip() for b in blocks) and not tail.strip()


def test_a_renamed_duplicate_key_changes_only_its_head(cli, tmp_path):
    """The later of two entries with one key gets a suffix; the gaps and the stray text stay as they were."""
    data = SHAPES["stray_text"].replace(b"{s2,", b"{s1,")
    out = _convert(cli, tmp_path, data)
    assert out == data.replace(b"@misc{s1,\n  title = {Stray Two}", b"@misc{s1a,\n  title = {Stray Two}")


def test_a_key_pattern_keeps_the_layout_and_the_stray_text(cli, tmp_path):
    """--key-pattern keys an entry that had none: that entry is written anew, the text around it as it stood."""
    before = b"@misc{s1,\n  title = {Stray One},\n  year = {2001}\n},\n\n"
    keyless = b"@misc{,\n  title = {Stray Two},\n  author = {Doe, Jane},\n  year = {2002}\n}"
    after = b" % checked by hand\n\n\n@misc{s3,\n  title = {Stray Three},\n  year = {2003}\n}\n"
    out = _convert(cli, tmp_path, before + keyless + after, "--key-pattern", "{auth}{year}")
    assert out.startswith(before + b"@misc{doe2002,\n") and out.endswith(b"\n}" + after)
    assert b"{Stray Two}" in out and out.count(b"@misc{") == 3


def test_a_merge_keeps_every_stray_text_and_lays_out_only_what_moved(cli, tmp_path):
    """An entry merged into one of another file is gone; its stray text stays, the other file's gaps too."""
    first = b"@article{a1,\n  title = {Alpha Paper},\n  author = {Smith, John},\n  year = {2020},\n  doi = {10.1000/xyz}\n}\n"
    second = (b"% head of b\n@article{b0,\n  title = {Beta},\n  year = {2001}\n},\n\n\n"
              b"@article{a2,\n  title = {Alpha Paper},\n  author = {Smith, John},\n  year = {2020},\n"
              b"  doi = {10.1000/xyz}\n} % copy of a1\n\n% about c\n@book{c,\n  title = {Gamma},\n  year = {1999}\n}\n")
    (tmp_path / "a.bib").write_bytes(first)
    (tmp_path / "b.bib").write_bytes(second)
    out_path = tmp_path / "out.bib"
    result = cli("convert", str(tmp_path / "a.bib"), str(tmp_path / "b.bib"), "-o", str(out_path))
    assert result.exit_code == 0 and "merged 'a2'" in result.stderr
    out = out_path.read_bytes()
    assert b"@article{a2," not in out
    for stray in (b"},\n", b" % copy of a1", b"% about c\n@book{c,", b"% head of b\n@article{b0,"):
        assert stray in out
    # The second file starts after one blank line (it moved); inside it, the text between blocks is as it stood.
    assert out.startswith(first + b"\n% head of b\n@article{b0,")
    assert b"  year = {2001}\n},\n\n\n" in out
    assert out.index(b"% about c") < out.index(b"@book{c,")


def test_a_sorted_output_keeps_every_stray_text():
    """Entries out of file order are parted by one blank line, as before; no stray text is lost."""
    data = SHAPES["stray_text"] + SHAPES["two_blank_lines"]
    library = READER.read(data.decode(), "in.bib")
    library.entries.reverse()
    out = BIBTEX.write(library, ExportOptions())
    for stray in ("},", " % checked by hand", "@string{acm = {ACM}}"):
        assert stray in out
    assert out.count("@") == data.count(b"@")
    assert "\n\n\n" not in out and out.endswith("}\n")  # what moved is laid out anew
