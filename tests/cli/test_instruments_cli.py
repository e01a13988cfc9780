import textwrap

from fiit.instruments import get_instrument, pick

from .conftest import as_json, run_fiit


def test_instruments_list_json(fiit):
    rows = {r["id"]: r for r in as_json(fiit("instruments", "list", "--json"))}
    assert set(rows) == {"policymaker", "service_provider", "victim"}
    assert rows["policymaker"]["numbered_questions"] == 27
    assert rows["service_provider"]["numbered_questions"] == 16
    assert rows["victim"]["scales"] == ["overall_integration", "services_used", "personal_treatment",
                                        "follow_up", "professional_aspects", "return_assistance"]


def test_instruments_show_in_dutch(fiit):
    result = fiit("instruments", "show", "victim", "--lang", "nl")
    assert result.returncode == 0
    victim = get_instrument("victim")
    assert pick(victim.question("a1").text, "nl") in result.stdout
    assert pick(victim.question("a_scale").anchors["high"], "nl") in result.stdout


def test_instruments_validate_good_and_bad(fiit, tmp_path):
    good = fiit("instruments", "validate", "src/fiit/instruments/definitions/victim.yaml")
    assert good.returncode == 0 and good.stdout.startswith("ok: victim@")
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""
        id: bad
        version: "1.0.0"
        languages: [en, nl]
        title: {en: Bad, nl: Slecht}
        sections:
          - id: s
            title: {en: S, nl: S}
            questions:
              - {id: q1, type: essay, text: {en: One, nl: Een}}
              - {id: q1, type: text, text: {en: Two}}
    """))
    result = fiit("instruments", "validate", str(bad))
    assert result.returncode == 1
    assert f"error: [{bad}, question q1] Question 'q1' has type 'essay'" in result.stdout
    assert "used twice" in result.stdout
    assert "error(s) in" in result.stdout


def test_errors_are_one_line_and_traceback_only_with_debug(fiit):
    result = fiit("instruments", "show", "nurse")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "fiit: error: There is no instrument 'nurse'; the instruments are policymaker, service_provider, victim."
    ]
    # The installed command, as a user runs it: the exit code and the traceback cross the process boundary.
    plain = run_fiit("instruments", "show", "nurse")
    assert plain.returncode == 1 and plain.stderr == result.stderr
    debug = run_fiit("--debug", "instruments", "show", "nurse")
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_unknown_language_is_a_clear_error(fiit):
    result = fiit("instruments", "show", "victim", "--lang", "de")
    assert result.returncode == 1
    assert "not available in 'de'" in result.stderr
