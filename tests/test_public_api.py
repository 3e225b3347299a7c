import cxladder


def test_public_api_is_complete_and_sorted() -> None:
    public = {
        name
        for name, value in vars(cxladder).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("cxladder.")
    }
    assert set(cxladder.__all__) == public
    assert cxladder.__all__ == sorted(cxladder.__all__)
