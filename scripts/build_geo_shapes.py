#!/usr/bin/env python3
"""Derives the province outlines the dashboard's map draws.

Usage: python3 scripts/build_geo_shapes.py ../shared

Reads geoBoundaries' Afghan ADM1 polygons (public domain; see
data/geo/NOTICE.md) and writes data/geo/admin1.geojson: one feature per
province, named the way sitrep's gazetteer and ACLED spell admin1 (the
source spells Ghazni "Ghanzi"), coordinates rounded to 3 decimals (about
100 m, far below what a province map shows) to keep the file small. Other
countries have no offline outlines yet; the map shows their incidents as
points only.
"""
import json
import sys
from pathlib import Path

# geoBoundaries spelling -> the gazetteer's (ACLED's) admin1 name.
RENAME = {"Ghanzi": "Ghazni"}


def round_coords(c):
    if isinstance(c[0], (int, float)):
        return [round(c[0], 3), round(c[1], 3)]
    out = [round_coords(x) for x in c]
    # Rounding can repeat a vertex; drop consecutive duplicates in rings.
    if out and isinstance(out[0][0], float):
        dedup = [out[0]]
        for p in out[1:]:
            if p != dedup[-1]:
                dedup.append(p)
        out = dedup
    return out


def main():
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    src = shared / "data/gazetteer/afghanistan/geoBoundaries-AFG-ADM1.geojson"
    data = json.loads(src.read_text())
    features = []
    for f in sorted(data["features"], key=lambda f: f["properties"]["shapeName"]):
        p = f["properties"]
        name = RENAME.get(p["shapeName"], p["shapeName"])
        geom = f["geometry"]
        features.append({
            "type": "Feature",
            "properties": {
                "name": name,
                "country": "Afghanistan",
                "iso": p["shapeISO"].replace("_", "-"),
            },
            "geometry": {"type": geom["type"], "coordinates": round_coords(geom["coordinates"])},
        })
    out = Path(__file__).resolve().parent.parent / "data/geo/admin1.geojson"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")) + "\n")
    print(f"wrote {len(features)} provinces to {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
