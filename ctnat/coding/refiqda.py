"""The codebook as a REFI-QDA codebook (``.qdc``), so coding can continue in
QualCoder, NVivo, ATLAS.ti or MAXQDA, and back.

Areas become non-codable parent codes, themes codable children. GUIDs are
stable (UUID5 of the theme code), so a round trip keeps the link to CT-NAT's
theme codes; themes added in the other program come back with a code derived
from their name and no match patterns (the assessor adds those in YAML).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from ..atomic import atomic_path
from ..instruments import Codebook
from ..problems import InputError

NS = "urn:QDA-XML:codebook:1.0"
_NAMESPACE = uuid.UUID("6f1b1e4e-2f7b-4c3b-9a53-6a0f8b7c2d10")
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]


def guid(key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, key)).upper()


def export_qdc(codebook: Codebook, path: str | Path, area_titles: dict[str, str] | None = None) -> Path:
    """Write ``codebook`` as a REFI-QDA codebook file. ``area_titles`` maps area ids
    to titles (the indicator areas; the codebook's own ``extra_areas`` are added)."""
    titles = {**{a.id: a.title["en"] for a in codebook.extra_areas}, **(area_titles or {})}
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}CodeBook", {"origin": "CT-NAT"})
    codes = ET.SubElement(root, f"{{{NS}}}Codes")
    areas: dict[str, ET.Element] = {}
    for t in codebook.themes:
        area = t.area
        if area not in areas:
            areas[area] = ET.SubElement(codes, f"{{{NS}}}Code", {
                "guid": guid(f"area:{area}"), "name": f"{area} {titles.get(area, 'Area ' + area)}",
                "isCodable": "false", "color": COLOURS[int(area) % len(COLOURS)] if area.isdigit() else COLOURS[0]})
        el = ET.SubElement(areas[area], f"{{{NS}}}Code", {
            "guid": guid(f"theme:{t.code}"), "name": t.label["en"], "isCodable": "true",
            "color": areas[area].get("color")})
        desc = t.description.get("en", "") if t.description else ""
        crit = ", ".join(t.criteria)
        ET.SubElement(el, f"{{{NS}}}Description").text = \
            f"[{t.code}] {desc}" + (f" Criteria: {crit}." if crit else "")
    tree = ET.ElementTree(root)
    ET.indent(tree)
    path = Path(path)
    with atomic_path(path) as tmp:
        tree.write(tmp, encoding="utf-8", xml_declaration=True)
    return path


def import_qdc(path: str | Path, instrument: Codebook) -> dict:
    """Read a ``.qdc`` back: returns a new codebook, the mapping to write as
    ``codebook.yaml``, in which themes keep their patterns where the GUID (or the
    ``[code]`` tag in the description) matches, labels and descriptions are
    updated, and new codes are added."""
    codebook = instrument.model_dump(exclude_unset=True)
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{path.name} is not a REFI-QDA codebook: not valid XML ({exc})") from None
    if not root.tag.endswith("CodeBook"):
        raise InputError(f"{path.name} is not a REFI-QDA codebook: the root element is <{root.tag}>, "
                         "expected <CodeBook>")
    by_guid = {guid(f"theme:{t['code']}"): t for t in codebook.get("themes") or []}
    by_code = {t["code"]: t for t in codebook.get("themes") or []}
    known_areas = {str(t["area"]) for t in codebook.get("themes") or []} | \
        {str(a["id"]) for a in codebook.get("extra_areas") or []}
    area_by_guid = {guid(f"area:{a}"): a for a in known_areas}
    themes = []

    def walk(el, area):
        for child in el.findall(f"{{{NS}}}Code"):
            g = child.get("guid", "").upper()
            if child.get("isCodable", "true") == "false" or g in area_by_guid:
                m = re.match(r"(\d)\b", child.get("name", ""))
                walk(child, area_by_guid.get(g) or (m.group(1) if m else area))
                continue
            desc_el = child.find(f"{{{NS}}}Description")
            desc = desc_el.text if desc_el is not None and desc_el.text else ""
            tag = re.match(r"\[([a-z0-9_]+)\]\s*", desc)
            existing = by_guid.get(g) or (by_code.get(tag.group(1)) if tag else None)
            plain_desc = desc[tag.end():] if tag else desc
            plain_desc = re.sub(r"\s*Criteria: [^.]*\.$", "", plain_desc).strip()
            if existing:
                t = dict(existing)
                t["label"] = dict(existing["label"], en=child.get("name", existing["label"]["en"]))
                if plain_desc:
                    t["description"] = dict(existing.get("description") or {}, en=plain_desc)
            else:
                code = re.sub(r"[^a-z0-9]+", "_", child.get("name", "theme").lower()).strip("_")
                t = {"code": code, "area": area or "0", "label": {"en": child.get("name", code)},
                     "description": {"en": plain_desc}, "criteria": [], "patterns": {}}
            themes.append(t)
            walk(child, area)

    codes = root.find(f"{{{NS}}}Codes")
    if codes is None:
        raise InputError(f"{path.name} is not a REFI-QDA codebook: it has no <Codes> element")
    walk(codes, None)
    return dict(codebook, themes=themes)
