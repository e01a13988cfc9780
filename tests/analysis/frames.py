"""Small input frames for the analysis tests, written out by hand."""

from __future__ import annotations

import pandas as pd

SCALES = ["a_scale", "b_scale", "c_scale", "d_scale", "e_scale", "f_scale"]


def victim_frame(rows):
    """rows: (country, gender, citizenship, exploitation, age, {scale: value}) tuples."""
    records = []
    for i, (country, gender, citizenship, exploitation, age, scores) in enumerate(rows):
        record = {"interview": i + 1, "country": country, "sd_gender": gender,
                  "sd_citizenship": citizenship, "sd_exploitation": exploitation,
                  "sd_age": age}
        for s in SCALES:
            record[s] = scores.get(s, pd.NA) if isinstance(scores, dict) else scores
        records.append(record)
    columns = ["interview", "country", "sd_gender", "sd_citizenship", "sd_exploitation", "sd_age"]
    frame = pd.DataFrame(records, columns=columns + SCALES)
    for s in SCALES:
        frame[s] = frame[s].astype("Int64")
    frame["sd_age"] = frame["sd_age"].astype("Int64")
    return frame


def provider_frame(rows):
    """rows: (country, ticked services, ranking) tuples."""
    return pd.DataFrame([{"interview": 100 + i, "country": c, "sd_gender": "female",
                          "sd_age": 40, "q11": ticked, "q12": ranking}
                         for i, (c, ticked, ranking) in enumerate(rows)])


def policymaker_frame(countries):
    return pd.DataFrame([{"interview": 200 + i, "country": c, "sd_gender": "male", "sd_age": 50}
                         for i, c in enumerate(countries)])
