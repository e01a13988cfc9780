"""Statistics over plain tables, and disclosure control on everything that leaves fiit (pure core).

Input: one pandas DataFrame per instrument (``{"victim": df, "service_provider":
df, "policymaker": df}``), one row per interview, columns ``interview`` (an
opaque id), ``country`` (BE FR HU IT GB) and one column per non-sensitive
question id: scales as integers 1-10 or NA, single choices as strings, multiple
choices and rankings as lists. No open answers and no respondent codes.

Modules: :mod:`~fiit.analysis.scales` (n, mean, median, quartiles, bootstrap
interval), :mod:`~fiit.analysis.compare` (Mann-Whitney / Kruskal-Wallis with
effect sizes), :mod:`~fiit.analysis.rankings` (mean rank, Borda, Kendall's W),
:mod:`~fiit.analysis.counts` (interviews by instrument, country and group),
:mod:`~fiit.analysis.disclosure` (primary and secondary suppression, across the
tables of a report), :mod:`~fiit.analysis.document` (all of it, protected).

``fiit stats --json`` prints :func:`stats_document`; its schema (JSON types;
``null`` where a figure is suppressed or undefined)::

    {
      "scales": [                      # one per scale x country x group
        {"question_id": "a_scale",     # victim scale question (a_scale ... f_scale)
         "country": "GB" | null,       # null: all countries together
         "group": "gender=female" | null,   # null: everyone; else <grouping>=<category>,
                                       #   groupings gender, exploitation (sexual/labour/other),
                                       #   citizenship (national/eu/third_country)
         "n": int | null,              # answers given (declined, not applicable, unanswered and not
                                       #   asked left out; each row says "statistics_over": "answered")
         "mean": float | null, "median": float | null,
         "ci_low": float | null, "ci_high": float | null,  # 95% interval of the mean: Student-t
                                       #   with a weak prior at the scale's ends (fiit.analysis.intervals)
         "suppressed": bool,           # true: fewer than k answers, or secondary suppression;
                                       #   then every number is null
         "exploratory": bool,          # fewer than 10 answers: show "distribution" (a dot plot), not the mean
         "distribution": [int x 10] | null,  # how many answered 1, 2, ... 10
         # all-countries rows (country null) only; "mean" there is respondent-weighted:
         "balanced_mean": float | null,      # country-balanced: the mean of the country means
         "balanced_ci_low": float | null, "balanced_ci_high": float | null,
         "balanced_countries": ["BE", ...],  # the (published) countries in the balanced mean
         "dominant_country": "HU" | null}    # a group with >= 80% of its answers in one country
      ],
      "comparisons": [                 # one per scale x country x grouping with >= 2 groups
        {"question_id", "country", "grouping": "gender",
         "groups": ["gender=female", "gender=male"], "n": [int | null, ...],
         "test": "mann_whitney_u" | "kruskal_wallis",
         "statistic": float | null,    # U of the first group, or H
         "p_value": float | null,      # null when a group has fewer than 2 answers
         "effect_size": float | null, "effect_size_name": "rank_biserial" | "epsilon_squared",
         "exploratory": bool,          # a group has fewer than 10 answers
         "suppressed": bool,           # a group compared is suppressed in "scales"
         "single_country_groups": [str]}  # pooled rows: groups that are (almost) one country
      ],
      "rankings": [                    # service providers' ranking of services (q12)
        {"question_id": "q12", "country": "GB" | null, "n_raters": int | null,
         "kendall_w": float | null,    # null with fewer than 2 raters or 2 items
         "items": [{"item": "housing", "position": 1, "mean_rank": float, "borda": int,
                    "offered_to": int | null}],  # raters offered the item (null: all); an item
                                       #   counts only among providers of countries offering it
         "suppressed": bool}
      ],
      "counts": [                      # interviews; each distinct count once
        {"instrument": "victim" | null, "country": "GB" | null,
         "group": "age=25-34" | null,  # gender, age (18-24 25-34 35-44 45+), citizenship,
                                       #   exploitation; "<grouping>=not_stated" if unanswered
         "n": int | null, "suppressed": bool}
      ],
      "answer_states": [               # when states are given (fiit stats): per instrument x
        {"instrument", "question_id",  #   non-sensitive question x country (null: all), interviews
         "country", "answered", "declined", "not_applicable", "unanswered", "not_asked",
         "suppressed": bool}           #   by state, int | null each (fiit.analysis.states)
      ]
    }
"""

from fiit.analysis.compare import GroupComparison, SampleComparison, compare_samples, scale_comparisons
from fiit.analysis.counts import InterviewCount, count_tables, interview_counts
from fiit.analysis.disclosure import (
    DEFAULT_K,
    PUBLIC_K,
    SUPPRESSED_SYMBOL,
    DisclosureContext,
    DisclosureError,
    ProtectedCell,
    ProtectedTable,
    k_for,
    may_show_statistic,
    protect,
    suppression_note,
)
from fiit.analysis.design import StudyDesign, default_design, design_from_instruments
from fiit.analysis.document import (
    PublishedCount,
    StudyStatistics,
    study_statistics,
    protect_comparisons,
    protect_rankings,
    protect_scale_stats,
    stats_document,
)
from fiit.analysis.groups import (
    AGE_BANDS,
    COUNTRIES,
    EXPLOITATION_GROUPS,
    SCALE_GROUPINGS,
    Grouping,
    age_band,
)
from fiit.analysis.rankings import RankedItem, ServiceRanking, kendall_w, service_rankings
from fiit.analysis.scales import (
    DEFAULT_SEED,
    ScaleStat,
    Summary,
    bootstrap_mean_ci,
    scale_statistics,
    summarize,
    victim_scales,
)
from fiit.analysis.tables import Cell, Relation, Table, one_way_table, two_way_table

__all__ = [
    "AGE_BANDS", "COUNTRIES", "DEFAULT_K", "DEFAULT_SEED", "EXPLOITATION_GROUPS", "PUBLIC_K",
    "SCALE_GROUPINGS", "SUPPRESSED_SYMBOL",
    "Cell", "DisclosureContext", "DisclosureError", "GroupComparison", "Grouping",
    "InterviewCount", "ProtectedCell", "ProtectedTable", "RankedItem", "Relation",
    "PublishedCount", "SampleComparison", "ScaleStat", "StudyDesign", "StudyStatistics",
    "default_design", "design_from_instruments", "study_statistics", "ServiceRanking", "Summary", "Table",
    "age_band", "bootstrap_mean_ci", "compare_samples", "count_tables", "interview_counts",
    "k_for", "kendall_w", "may_show_statistic", "one_way_table", "protect",
    "protect_comparisons", "protect_rankings", "protect_scale_stats", "scale_comparisons",
    "scale_statistics", "service_rankings", "stats_document", "summarize",
    "suppression_note", "two_way_table", "victim_scales",
]
