"""Personal identification numbers against birth date and gender (DOMAIN.md section 6)."""

import datetime as dt

from pipelines.lib.personal_id import agrees_with, pseudonym


def test_a_number_agrees_with_its_birth_year_and_gender():
    assert agrees_with("001085012345", dt.date(1985, 3, 1), "Nam") is True
    assert agrees_with("001185012345", dt.date(1985, 3, 1), "Nữ") is True
    assert agrees_with("079302012345", dt.date(2002, 3, 1), "Nữ") is True


def test_a_wrong_year_or_gender_disagrees():
    assert agrees_with("001086012345", dt.date(1985, 3, 1), "Nam") is False
    assert agrees_with("001085012345", dt.date(1985, 3, 1), "Nữ") is False
    assert agrees_with("001285012345", dt.date(1985, 3, 1), "Nam") is False, "century digit"


def test_old_identity_cards_and_missing_inputs_are_not_judged():
    assert agrees_with("123456789", dt.date(1985, 3, 1), "Nam") is None
    assert agrees_with("001085012345", None, "Nam") is None


def test_the_pseudonym_is_stable_and_hides_the_number():
    assert pseudonym("001085012345") == pseudonym("001085012345")
    assert "001085012345" not in pseudonym("001085012345")
