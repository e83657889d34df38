"""An e-mail listing its papers as bare ids and links, one a bullet, signed off with an initial."""

from __future__ import annotations

from citekit.sources import read_text

MAIL = """Hi all,

Following up on yesterday's reading group. The papers we discussed:

- https://doi.org/10.1038/s41586-021-03819-2
- doi:10.1145/3442188.3445922
- 10.18653/v1/2020.acl-main.463
- arXiv:2303.08774v3 (the GPT-4 report) and https://arxiv.org/abs/1706.03762
- https://openreview.net/forum?id=YicbFdNTTy and https://aclanthology.org/2023.acl-long.1/
- https://huggingface.co/papers/2307.09288

Version 2.3 of the slides is on the drive; we meet on 12.05.2024 at 3.30pm.
Best,
A.
"""


def test_every_id_of_a_bulleted_mail_once_and_no_title_from_its_closing() -> None:
    """'Best,' over 'A.' is no inverted author name, so the line above it is no title; each id is one record."""
    library = read_text(MAIL, "mail.txt")
    got = []
    for e in library.entries:
        assert e.title is None
        got.append(e.arxiv_id or e.DOI or next(iter((e.extra.get("ids") or {}).values())))
    assert got == ["10.1038/s41586-021-03819-2", "10.1145/3442188.3445922", "10.18653/v1/2020.acl-main.463",
                   "2303.08774", "1706.03762", "YicbFdNTTy", "2023.acl-long.1", "2307.09288"]
    # No warning per word: the sender's initial is a word, not a mistyped id.
    assert not any("not an arXiv id" in p.message for p in library.problems)
