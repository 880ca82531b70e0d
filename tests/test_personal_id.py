"""Personal identification numbers against birth date and gender (DOMAIN.md section 6)."""

import datetime as dt

from pipelines.core import person_keys
from pipelines.core.personal_id import agrees_with


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


def test_a_person_key_is_keyed_by_the_installation_secret_and_made_once(tmp_path):
    path = tmp_path / "thidua.key"
    secret = person_keys.load_or_create(path)
    assert person_keys.load_or_create(path) == secret, "made once, then read"
    assert oct(path.stat().st_mode & 0o777) == "0o600", "readable by its owner only"
    key = person_keys.keyed(secret, "001085012345")
    assert key == person_keys.keyed(secret, "001085012345") and "001085012345" not in key
    # Without the secret, hashing every candidate number finds nothing: not sha256 of it.
    import hashlib

    for salted in ("001085012345", "thidua:001085012345"):
        assert hashlib.sha256(salted.encode()).hexdigest()[:16] != key
    person_keys.rotate(path)
    assert person_keys.keyed(person_keys.load_or_create(path), "001085012345") != key
