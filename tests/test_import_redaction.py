"""Personal data is taken out of comments before an import stores them (on by default)."""

from __future__ import annotations

from pathlib import Path

from cxladder.app import Cxladder
from cxladder.settings import Settings

CSV = (
    "klant;datum;contactmoment;cijfer;opmerking\n"
    "k1;23-11-2026 14:05;bediening;8;Mail me op anna.devries@example.nl of bel 06-12345678\n"
    "k2;23-11-2026 14:10;bediening;7;Prima avond, 2 gangen\n"
)


def _import(tmp_path: Path, *, redact: bool) -> tuple[Cxladder, int]:
    path = tmp_path / "feedback.csv"
    path.write_text(CSV, encoding="utf-8")
    cx = Cxladder(
        Settings(
            database_url=str(tmp_path / f"cx-{redact}.db"), redact=redact, rejects_dir=tmp_path
        )
    )
    summary = cx.import_file(path, organization="bistro")
    return cx, summary.redacted


def test_comments_are_redacted_before_they_are_stored(tmp_path: Path) -> None:
    cx, redacted = _import(tmp_path, redact=True)
    texts = list(cx.store.assessed_frame("bistro")["text"])
    cx.close()
    assert redacted == 1
    assert "anna.devries@example.nl" not in texts[0] and "06-12345678" not in texts[0]
    assert texts[1] == "Prima avond, 2 gangen"  # digits alone are no personal data


def test_redaction_can_be_switched_off(tmp_path: Path) -> None:
    cx, redacted = _import(tmp_path, redact=False)
    texts = list(cx.store.assessed_frame("bistro")["text"])
    cx.close()
    assert redacted == 0
    assert "anna.devries@example.nl" in texts[0]
