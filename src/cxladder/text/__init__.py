"""Free text, read offline and explainably: language, aspects with polarity, the ladder level,
the phrases behind it, and personal data redacted. See docs/text.md.

The facade's entry point is `cxladder.text.analyst.TextAnalyst`; the ladder's plug-in is
`cxladder.text.judge.ModelTextJudge`; ingest uses `cxladder.text.redaction.redact`.
"""
