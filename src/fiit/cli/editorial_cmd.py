"""fiit recommendation add|list, fiit quote approve"""

from __future__ import annotations

import click

from fiit.cli.context import CliError, Env


def _study(name: str | None):
    from fiit.db.studies import select_study

    return select_study(name, refuse_ambiguous=True)  # the one rule; a recommendation is written to it


@click.group()
def recommendation() -> None:
    """Recommendations for the reports, each linked to its evidence."""


@recommendation.command("add")
@click.option("--study", "study_name", default=None)
@click.option("--country", default=None, help="For a country report; leave out for the comparative report.")
@click.option("--theme", required=True, help="status, safety, accommodation, work, welfare or eu_vs_third_country.")
@click.option("--text-en", required=True)
@click.option("--text-nl", default="")
@click.option("--text-fr", default="")
@click.option("--text-it", default="")
@click.option("--text-hu", default="")
@click.option("--evidence", "evidence", multiple=True, required=True,
              help="scale:c_scale:BE, ranking:q12:IT or framework:IT:reflection_period (repeatable).")
@click.option("--publish", is_flag=True, help="Show it in reports now.")
@click.pass_obj
def recommendation_add(env: Env, study_name, country, theme, text_en, text_nl, text_fr, text_it, text_hu,
                       evidence, publish) -> None:
    """Add a recommendation."""
    env.django()
    env.keyfile()  # the audit trail needs it
    from fiit.db.editorial import add_recommendation

    rec = add_recommendation(_study(study_name), theme=theme, country=country, published=publish, actor="cli",
                             evidence=list(evidence),
                             text={"en": text_en, "nl": text_nl, "fr": text_fr, "it": text_it, "hu": text_hu})
    state = "published" if rec.published else "draft"
    click.echo(f"recommendation {rec.pk} added ({theme}, {rec.country_id or 'comparative'}, {state})")


@recommendation.command("list")
@click.option("--study", "study_name", default=None)
@click.pass_obj
def recommendation_list(env: Env, study_name) -> None:
    """List recommendations with their evidence."""
    env.django()
    from fiit.db.models import Recommendation

    for rec in Recommendation.objects.filter(study=_study(study_name)).order_by("pk"):
        refs = "; ".join(":".join(str(v) for v in r.values() if v) for r in rec.evidence)
        state = "published" if rec.published else "draft"
        click.echo(f"{rec.pk:>4} {rec.country_id or 'all':<4}{rec.theme:<20}{state:<10}{rec.text.get('en', '')[:60]}  [{refs}]")


@click.group()
def quote() -> None:
    """Quotes from open answers (only with the respondent's consent)."""


@quote.command("approve")
@click.option("--interview", "uid", required=True, help="The interview's uid (shown in the app).")
@click.option("--question", "question_id", required=True)
@click.option("--theme", required=True)
@click.pass_obj
def quote_approve(env: Env, uid: str, question_id: str, theme: str) -> None:
    """Approve one open answer as a quote for the reports."""
    env.django()
    env.keyfile()
    from django.core.exceptions import ValidationError

    from fiit.db.editorial import approve_quote
    from fiit.db.models import Interview

    try:
        interview = Interview.objects.filter(uid=uid).first()
    except ValidationError:
        interview = None
    if interview is None:
        raise CliError(f"There is no interview '{uid}'.")
    approve_quote(interview, question_id, theme, actor="cli")
    click.echo(f"quote approved: interview {interview.pk}, question {question_id}, theme {theme}")
