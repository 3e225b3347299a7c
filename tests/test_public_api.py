import cxladder


def test_public_api_is_complete_and_sorted() -> None:
    # Every name in __all__ resolves, the facade ones loaded on first use (module __getattr__).
    exported = {name: getattr(cxladder, name) for name in cxladder.__all__}
    assert all(getattr(v, "__module__", "").startswith("cxladder.") for v in exported.values())
    defined = {
        name
        for name, value in vars(cxladder).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith("cxladder.")
    }
    assert defined <= set(exported)  # nothing public left out of __all__
    assert cxladder.__all__ == sorted(cxladder.__all__)
