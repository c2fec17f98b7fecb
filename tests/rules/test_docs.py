from pathlib import Path

from rules import RULE_SETS
from rules.explain import render_markdown, render_text, sections

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date_with_the_rule_sets() -> None:
    # Regenerate with: python -m rules docs --output docs/rules.md
    assert DOCS.read_text(encoding="utf-8") == render_markdown()


def test_docs_and_explain_show_the_same_sections_and_rows() -> None:
    markdown = render_markdown()
    for rule_set in RULE_SETS.values():
        text = render_text(rule_set)
        for section in sections(rule_set):
            assert f"### {section.title}" in markdown
            assert f"\n{section.title}\n" in text
            for row in section.rows:
                assert row[-1].replace("|", "\\|") in markdown


def test_docs_describe_every_rule_set() -> None:
    markdown = render_markdown()
    for version, rule_set in RULE_SETS.items():
        assert f"## Rule set {version}\n\nIn force from {rule_set.effective_date}." in markdown
