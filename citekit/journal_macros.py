"""AAS/ADS journal macros (``\\apj``, ``\\mnras``, ``\\aap``, ...) as the published ``aas_macros.sty`` defines them.

NASA ADS writes journals in its BibTeX export as these macros, which AASTeX and the A&A class
define and other documents get from ``aas_macros.sty`` (AAS TeX macro package 5.2, as ADS
distributes it). Their expansions are the journals' abbreviations; ``.bib`` reading replaces
a macro no ``@preamble`` defines by its expansion, so CSL and styled lists print the journal.
"""

from __future__ import annotations

__all__ = ["AAS_JOURNALS"]

#: macro name (without the backslash) -> the journal abbreviation it prints.
AAS_JOURNALS: dict[str, str] = {
    "aj": "AJ",  # Astronomical Journal
    "actaa": "Acta Astron.",  # Acta Astronomica
    "araa": "ARA&A",  # Annual Review of Astron and Astrophys
    "apj": "ApJ",  # Astrophysical Journal
    "apjl": "ApJ",  # Astrophysical Journal, Letters
    "apjs": "ApJS",  # Astrophysical Journal, Supplement
    "ao": "Appl. Opt.",  # Applied Optics
    "apss": "Ap&SS",  # Astrophysics and Space Science
    "aap": "A&A",  # Astronomy and Astrophysics
    "aapr": "A&A Rev.",  # Astronomy and Astrophysics Reviews
    "aaps": "A&AS",  # Astronomy and Astrophysics, Supplement
    "azh": "AZh",  # Astronomicheskii Zhurnal
    "baas": "BAAS",  # Bulletin of the AAS
    "bac": "Bull. astr. Inst. Czechosl.",
    "caa": "Chinese Astron. Astrophys.",
    "cjaa": "Chinese J. Astron. Astrophys.",
    "icarus": "Icarus",  # Icarus
    "jcap": "J. Cosmology Astropart. Phys.",
    "jrasc": "JRASC",  # Journal of the RAS of Canada
    "memras": "MmRAS",  # Memoirs of the RAS
    "mnras": "MNRAS",  # Monthly Notices of the RAS
    "na": "New A",  # New Astronomy
    "nar": "New A Rev.",  # New Astronomy Review
    "pra": "Phys. Rev. A",  # Physical Review A: General Physics
    "prb": "Phys. Rev. B",  # Physical Review B: Solid State
    "prc": "Phys. Rev. C",  # Physical Review C
    "prd": "Phys. Rev. D",  # Physical Review D
    "pre": "Phys. Rev. E",  # Physical Review E
    "prl": "Phys. Rev. Lett.",  # Physical Review Letters
    "pasa": "PASA",  # Publications of the Astron. Soc. of Australia
    "pasp": "PASP",  # Publications of the ASP
    "pasj": "PASJ",  # Publications of the ASJ
    "rmxaa": "Rev. Mexicana Astron. Astrofis.",  # Revista Mexicana de Astronomia y Astrofisica
    "qjras": "QJRAS",  # Quarterly Journal of the RAS
    "skytel": "S&T",  # Sky and Telescope
    "solphys": "Sol. Phys.",  # Solar Physics
    "sovast": "Soviet Ast.",  # Soviet Astronomy
    "ssr": "Space Sci. Rev.",  # Space Science Reviews
    "zap": "ZAp",  # Zeitschrift fuer Astrophysik
    "nat": "Nature",  # Nature
    "iaucirc": "IAU Circ.",  # IAU Cirulars
    "aplett": "Astrophys. Lett.",  # Astrophysics Letters
    "apspr": "Astrophys. Space Phys. Res.",
    "bain": "Bull. Astron. Inst. Netherlands",
    "fcp": "Fund. Cosmic Phys.",  # Fundamental Cosmic Physics
    "gca": "Geochim. Cosmochim. Acta",  # Geochimica Cosmochimica Acta
    "grl": "Geophys. Res. Lett.",  # Geophysics Research Letters
    "jcp": "J. Chem. Phys.",  # Journal of Chemical Physics
    "jgr": "J. Geophys. Res.",  # Journal of Geophysics Research
    "jqsrt": "J. Quant. Spec. Radiat. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A",  # Nuclear Physics A
    "physrep": "Phys. Rep.",  # Physics Reports
    "physscr": "Phys. Scr",  # Physica Scripta
    "planss": "Planet. Space Sci.",  # Planetary Space Science
    "procspie": "Proc. SPIE",  # Proceedings of the SPIE
}
