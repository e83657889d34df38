"""References kept in code, data files and markup (round refsA5's shapes), read for the reference alone."""

from __future__ import annotations

from citekit.sources import read_text
from citekit.sources._refwrap import field_keys, unwrap_line

JS = """  { num: 3, text: 'Pacheco LD, Clark SL, Klassen M, Hankins GDV. Amniotic fluid embolism: principles of early clinical management. Am J Obstet Gynecol. 2020;222(1):48-52. PMID: 31376394.' },
  { num: 7, text: 'Einav S, Kaufman N, Sela HY. Maternal cardiac arrest and perimortem caesarean delivery: evidence or expert-based? Resuscitation. 2012;83(10):1191-200. PMID: 22613275.' },
];
"""

YAML = """sources:
  - id: zipfel-2009-factor-h-review
    type: peer-reviewed
    cite: "Zipfel PF, Skerka C. Complement regulators and inhibitory proteins. Nat Rev Immunol. 2009;9(10):729-740."
    doi: "10.1038/nri2620"
  - id: fakhouri-2017-ahus-lancet
    type: peer-reviewed
    cite: "Fakhouri F, Zuber J, Loirat C. Haemolytic uraemic syndrome. Lancet. 2017;390(10095):681-696."
    doi: "10.1016/S0140-6736(17)30062-4"
"""


def test_a_code_array_gives_its_strings():
    library = read_text(JS, "refs.js", "references")
    assert [e.title for e in library.entries] == [
        "Amniotic fluid embolism: principles of early clinical management",
        "Maternal cardiac arrest and perimortem caesarean delivery: evidence or expert-based?"]
    assert library.entries[0].author[0].family == "Pacheco"


def test_yaml_cite_fields_keep_their_doi_and_drop_the_file_fields():
    library = read_text(YAML, "atlas.md", "references")
    assert [e.title for e in library.entries] == ["Complement regulators and inhibitory proteins", "Haemolytic uraemic syndrome"]
    assert library.entries[0].DOI.lower() == "10.1038/nri2620"


def test_one_repeated_doi_line_is_no_data_file():
    lines = ["Smith, J. (2003). A title that wraps", "doi: 10.1080/02643290342000032", "principle: reconciling theories", "doi: 10.1/x"]
    assert field_keys(lines) == set()
    assert unwrap_line("principle: reconciling theories", set()) == "principle: reconciling theories"


def test_markup_around_a_reference_is_dropped():
    assert unwrap_line('<p id="Mutz_a">[Mutz, 2002a]: Mutz DC (2002a) Title here. J 46:838–855.</p>', set()) == "Mutz DC (2002a) Title here. J 46:838–855."
    assert unwrap_line("* {#Cauty92} R. Cauty, _Sur les fibr&#233;s de Serre_", set()) == "* R. Cauty, _Sur les fibrés de Serre_"
    assert unwrap_line("* [[Tammo tom Dieck]],  _Algebraic topology_.", set()) == "* Tammo tom Dieck,  _Algebraic topology_."
    assert unwrap_line(".. [Degenhardt-2019]", set()) == ""
    assert unwrap_line("CrossRefzbMATHGoogle Académico", set()) is None
    assert unwrap_line("[[!redirects Serre fibrations]]", set()) is None
