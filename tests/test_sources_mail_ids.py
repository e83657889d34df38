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


MAIL_PROSE = """Dear colleagues,

thanks for the discussion today. As promised, here are the references (in no particular order):
the scaling-law paper (arXiv 2001.08361), Chinchilla [arxiv.org/abs/2203.15556v1], and the
Llama 2 report at <https://arxiv.org/pdf/2307.09288.pdf>. For the older work see
https://doi.org/10.1162/neco.1997.9.8.1735 (LSTM), DOI: 10.1109/5.726791, and
http://dx.doi.org/10.1038/323533a0. The ACL paper is https://aclanthology.org/P19-1355.pdf
and the ICLR one https://openreview.net/pdf?id=rJl-b3RcF7 . Semantic Scholar page:
https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776 .
Also (cf. math/0211159v2 and cond-mat/0512345) for the old-style ids.

Room 3.14, version 1.2.3 of the code, call at 10.30 on 2024.05.12, see ISBN 978-3-16-148410-0.

Kind regards,
J. Doe
"""


def test_a_letter_s_closing_over_its_sender_is_no_reference_among_ids() -> None:
    """'Kind regards,' over 'J. Doe' reads as a title and its author: in prose with ids it is reported, not kept."""
    library = read_text(MAIL_PROSE, "mail.txt")
    assert [e.title for e in library.entries] == [None] * 11
    ids = [e.arxiv_id or e.DOI or next(iter((e.extra.get("ids") or {}).values())) for e in library.entries]
    assert ids == ["2001.08361", "2203.15556", "2307.09288", "10.1162/neco.1997.9.8.1735", "10.1109/5.726791",
                   "10.1038/323533a0", "P19-1355", "rJl-b3RcF7", "204e3073870fae3d05bcbc2f6a8e263d9b72e776",
                   "math/0211159", "cond-mat/0512345"]
    assert any(p.line == 14 and "Kind regards" in p.message for p in library.problems)
