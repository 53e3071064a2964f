"""openmtp.error_report against MLIP-2's calc-errors report on the same potential and data."""
import math
import re

import pytest

import openmtp


def printed(value):
    """pytest.approx to the digits MLIP-2 printed (6 significant), one unit of the last digit either way."""
    return pytest.approx(value, abs=10 ** (math.floor(math.log10(abs(value))) - 5))


def parse_mlip2_report(text):
    """{section title: {line label: number}} from MLIP-2's "Errors report" block."""
    sections, current = {}, None
    for line in text.splitlines():
        if re.match(r"^[A-Z][^\t]*:$", line):
            current = sections.setdefault(line[:-1], {})
        elif current is not None and "=" in line:
            label, value = line.strip().rsplit("=", 1)
            current[label.strip()] = float(value)
        elif current is not None and line.strip().startswith("Errors checked for"):
            current["count"] = int(line.split()[3])
    return sections


@pytest.mark.parametrize("element", ["Cu", "Ni"])
def test_error_report_equals_mlip2_calc_errors(shared, element):
    d = shared / "data/mlearn" / element
    expected = parse_mlip2_report((shared / "reference/mlip2/expected" / ("a_calc-errors_mlearn_" + element) /
                                   "stdout.txt").read_text())
    report = openmtp.error_report(str(d / "maml_fitted.mtp"), str(d / "test.cfg"))
    names = {"energy": "Energy", "energy_per_atom": "Energy per atom", "forces": "Forces",
             "stresses_ev": "Stresses (in eV)", "stresses_gpa": "Stresses (in GPa)"}
    labels = {"max": "Maximal absolute difference", "average": "Average absolute difference",
              "rms": "RMS     absolute difference"}
    checked = 0
    for key, title in names.items():
        ref = expected[title]
        assert report[key]["count"] == ref["count"]
        for field, label in labels.items():
            assert report[key][field] == printed(ref[label]), (key, field)
            checked += 1
        if key != "energy" and key != "energy_per_atom":
            what = "Force" if key == "forces" else "Stres"
            assert report[key]["max_relative"] == printed(ref["Max({0}Diff) / Max({0})".format(what)])
            assert report[key]["rms_relative"] == printed(ref["RMS({0}Diff) / RMS({0})".format(what)])
            checked += 2
    assert checked == 21
    # the text layout reads back as the same numbers
    again = parse_mlip2_report(openmtp.format_error_report(report))
    assert again["Forces"]["RMS     absolute difference"] == printed(report["forces"]["rms"])
    assert again["Stresses (in GPa)"]["count"] == expected["Stresses (in GPa)"]["count"]
