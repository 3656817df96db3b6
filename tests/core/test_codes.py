from hypothesis import given
from hypothesis import strategies as st

from guide.core.codes import ALPHABET, CODE_LENGTH, generate_code, hash_code, normalise_code


def test_generated_code_is_three_groups_of_four_without_look_alikes():
    code = generate_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(ALPHABET)
    assert not set("01OILSZB28U5V") & set(ALPHABET)


def test_codes_differ():
    assert len({generate_code() for _ in range(200)}) == 200


def test_case_spaces_and_dashes_do_not_matter():
    code = generate_code()
    raw = code.replace("-", "")
    assert normalise_code(code) == raw
    assert normalise_code(f"  {code.lower()} ") == raw
    assert normalise_code(" ".join(raw)) == raw
    assert normalise_code(raw[:4] + "_" + raw[4:]) == raw


def test_malformed_codes_are_refused():
    assert normalise_code("") is None
    assert normalise_code("ACDE-FGHJ") is None
    assert normalise_code("ACDE-FGHJ-KMN0") is None  # 0 is not in the alphabet
    assert normalise_code("ACDE-FGHJ-KMNPX") is None


@given(st.text(alphabet=ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH))
def test_hash_depends_on_secret_and_code(raw):
    assert hash_code("one", raw) != hash_code("two", raw)
    assert hash_code("one", raw) == hash_code("one", normalise_code(raw.lower()))
    assert raw not in hash_code("one", raw)
