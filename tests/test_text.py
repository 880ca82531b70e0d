"""Vietnamese text: legacy encodings, NFC, header keys."""

import unicodedata

import pytest

from pipelines.core.text import encode_tcvn3, encode_vni, fix_encoding, header_key, title_case_name

NAMES = [
    "Thành Đông",
    "Nguyễn Văn An",
    "Phường Tân Hưng",
    "Giữ vững an ninh chính trị",
    "Tỷ lệ hộ nghèo và cận nghèo",
    "Người lập biểu",
    "Phạm Ngọc Quế",
]


@pytest.mark.parametrize("text", NAMES)
def test_tcvn3_text_is_converted_back_to_unicode(text):
    assert fix_encoding(encode_tcvn3(text)) == (text, "TCVN3")


@pytest.mark.parametrize("text", NAMES)
def test_vni_text_is_converted_back_to_unicode(text):
    assert fix_encoding(encode_vni(text)) == (text, "VNI")


@pytest.mark.parametrize("text", [*NAMES, "Toàn", "Hoài", "Có/Không", "Bá Tú", "Mức 2"])
def test_unicode_text_is_left_alone_even_with_a_legacy_hint(text):
    assert fix_encoding(text, "TCVN3") == (text, None)
    assert fix_encoding(text, "VNI") == (text, None)


def test_decomposed_unicode_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thảo")
    fixed, encoding = fix_encoding(nfd)
    assert fixed == "Nguyễn Thị Thảo" and encoding is None
    assert unicodedata.is_normalized("NFC", fixed)


def test_a_lone_word_that_reads_as_a_syllable_is_kept_but_a_full_name_is_converted():
    # Never corrupt real Unicode: "giái" and "Thuyù" read as syllables, so they stay as typed.
    assert fix_encoding("giái", "TCVN3") == ("giái", None)
    assert fix_encoding("Leâ Thò Thuyù") == ("Lê Thị Thuý", "VNI")
    assert fix_encoding("Lª ThÞ Thuý") == ("Lê Thị Thuý", "TCVN3")


@pytest.mark.parametrize(
    "header, key",
    [
        ("Họ và tên\n(1)", "ho va ten"),
        ("  KẾT QUẢ   thực hiện ", "ket qua thuc hien"),
        ("Mã đơn vị:", "ma don vi"),
        ("Ma don vi", "ma don vi"),
        (unicodedata.normalize("NFD", "Đơn vị tính"), "don vi tinh"),
    ],
)
def test_header_keys_ignore_case_diacritics_spacing_and_notes(header, key):
    assert header_key(header) == key


def test_names_in_capitals_get_title_case():
    assert title_case_name("NGUYỄN VĂN AN") == "Nguyễn Văn An"
    assert title_case_name("Nguyễn Văn An") == "Nguyễn Văn An"
