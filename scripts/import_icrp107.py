#!/usr/bin/env python3
"""Convert the ICRP-107 reference files into rptdose's own decay-data format.

Run once when the reference data changes (stdlib only):
    python3 scripts/import_icrp107.py ../shared/reference/decay data/decay

Inputs (see data/decay/SOURCES.md):
  <ref>/icrp107/<Name>.json   emissions per nuclide (OpenGATE icrp107-database, LGPL-3.0)
  <ref>/icrp107_chains.csv    half-lives, decay modes, branching, progeny (radioactivedecay, MIT)
Outputs:
  <out>/nuclides.csv          one row per nuclide: name, half_life_s, then (mode, fraction, progeny) x n
  <out>/emissions/<Name>.txt  emission lines by radiation type, values copied digit for digit
"""
import csv
import json
import pathlib
import sys

# ASCII names for the decay modes of the chains table.
MODES = {"α": "alpha", "β-": "beta-", "β+ & EC": "beta+/EC", "EC": "EC", "IT": "IT", "SF": "SF"}
# Radiation types in the order they are written; the keys are those of the ICRP-107 JSON files.
TYPES = ["alpha", "alpha recoil", "beta-", "beta+", "annihilation", "IE", "auger", "gamma", "X",
         "neutron", "fission", "betaD", "b-spectra"]


def main(ref: pathlib.Path, out: pathlib.Path) -> None:
    rows = list(csv.DictReader(open(ref / "icrp107_chains.csv", encoding="utf-8")))
    (out / "emissions").mkdir(parents=True, exist_ok=True)
    with open(out / "nuclides.csv", "w", encoding="ascii", newline="\n") as index:
        index.write("# rptdose decay index: ICRP-107 half-lives and branching (see SOURCES.md)\n")
        index.write("name,half_life_s,decay_modes\n")
        for row in rows:
            name = row["Radionuclide"]
            modes = []
            for i in range(1, int(row["Num_decay_modes"]) + 1):
                mode = MODES[row[f"Mode_{i}"]]
                modes.append(f"{mode}:{row[f'Fraction_{i}']}:{row[f'Progeny_{i}'] or '-'}")
            index.write(f"{name},{row['Half_life_s']},{';'.join(modes)}\n")
            data = json.load(open(ref / "icrp107" / f"{name}.json", encoding="utf-8"))
            assert data["name"] == name, name
            with open(out / "emissions" / f"{name}.txt", "w", encoding="ascii", newline="\n") as f:
                f.write(f"# {name}: ICRP-107 emissions, energy_MeV yield_per_decay "
                        "(b-spectra: energy_MeV per_MeV_per_decay); see ../SOURCES.md\n")
                f.write(f"half_life {data['half_life']} {data['time_unit']}\n")
                for kind in TYPES:
                    lines = data["emissions"].get(kind, [])
                    if not lines:
                        continue
                    f.write(f"[{kind}] {len(lines)}\n")
                    for energy, value in lines:
                        f.write(f"{energy!r} {value!r}\n")
                unknown = set(data["emissions"]) - set(TYPES)
                assert not unknown, (name, unknown)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
