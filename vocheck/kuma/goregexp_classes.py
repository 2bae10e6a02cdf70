"""The character class names Go's regexp/syntax knows: POSIX classes, Perl classes, Unicode categories and scripts."""

from __future__ import annotations

PERL_CLASSES = frozenset(("\\d", "\\D", "\\s", "\\S", "\\w", "\\W"))
_POSIX_NAMES = ("alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space")
POSIX_CLASSES = frozenset(
    f"[:{negation}{name}:]" for name in (*_POSIX_NAMES, "upper", "word", "xdigit") for negation in ("", "^")
)
# The Unicode tables Go 1.26's regexp knows by name (Unicode 15).
_CATEGORIES = frozenset(
    """
    C Cc Cf Cn Co Cs L LC Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl
    No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs
    """.split()
)
_SCRIPTS = frozenset(
    """
    Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan
    Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki
    Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal
    Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian
    Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic
    Deseret Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs
    Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic
    Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han
    Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana
    Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi
    Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script
    Khmer Khojki Khudawadi Lao Latin Lepcha
    Limbu Linear_A Linear_B Lisu Lycian Lydian
    Mahajani Makasar Malayalam Mandaic Manichaean Marchen
    Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs
    Miao Modi Mongolian Mro Multani Myanmar
    Nabataean Nag_Mundari Nandinagari New_Tai_Lue Newa Nko
    Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic
    Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic
    Old_Uyghur Oriya Osage Osmanya Pahawh_Hmong Palmyrene
    Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic
    Samaritan Saurashtra Sharada Shavian Siddham SignWriting
    Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri
    Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet
    Takri Tamil Tangsa Tangut Telugu Thaana
    Thai Tibetan Tifinagh Tirhuta Toto Ugaritic
    Vai Vithkuqi Wancho Warang_Citi Yezidi Yi
    Zanabazar_Square
    """.split()
)
_CATEGORY_ALIASES = frozenset(
    """
    Cased_Letter Close_Punctuation Combining_Mark Connector_Punctuation Control
    Currency_Symbol Dash_Punctuation Decimal_Number Enclosing_Mark Final_Punctuation
    Format Initial_Punctuation Letter Letter_Number Line_Separator
    Lowercase_Letter Mark Math_Symbol Modifier_Letter Modifier_Symbol
    Nonspacing_Mark Number Open_Punctuation Other Other_Letter
    Other_Number Other_Punctuation Other_Symbol Paragraph_Separator Private_Use
    Punctuation Separator Space_Separator Spacing_Mark Surrogate
    Symbol Titlecase_Letter Unassigned Uppercase_Letter cntrl
    digit punct
    """.split()
)


def _canonical_name(name: str) -> str:
    """Go's lookup form of a class name: first letter upper, the rest lower, no ``_ -`` or space."""
    out = []
    first = True
    for character in name:
        if character in "_- ":
            continue
        if first:
            out.append(character.upper() if "a" <= character <= "z" else character)
            first = False
        else:
            out.append(character.lower() if "A" <= character <= "Z" else character)
    return "".join(out)


_ALIASES = frozenset(_canonical_name(alias) for alias in _CATEGORY_ALIASES)


def is_unicode_table(name: str) -> bool:
    canonical = _canonical_name(name)
    return (
        canonical in ("Any", "Assigned", "Ascii", "Lc")
        or canonical in _CATEGORIES
        or canonical in _SCRIPTS
        or canonical in _ALIASES
    )
