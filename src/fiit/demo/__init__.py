"""Synthetic demo study: the FIIT study's interview counts, filled with made-up answers (pure core)."""

from fiit.demo.generator import (
    DEMO_SEED,
    DemoGenerationError,
    DemoInterview,
    DemoInterviewer,
    DemoStudy,
    generate_demo_study,
)

__all__ = [
    "DEMO_SEED",
    "DemoGenerationError",
    "DemoInterview",
    "DemoInterviewer",
    "DemoStudy",
    "generate_demo_study",
]
