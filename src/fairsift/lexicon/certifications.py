"""Certifications and licences: a bundled gazetteer plus patterns for vendor names.

The gazetteer (fairsift/data/lexicon-certifications.txt) knows the common ones by their
aliases (PMP, CPA, CISSP, CCNA, "Certified ScrumMaster", "RN licence", ...); patterns catch
the many vendor titles it does not list ("AWS Certified Advanced Networking",
"Microsoft Certified: Dynamics 365 Fundamentals", "Certified Kubernetes ...").
"""

from __future__ import annotations

import re
from functools import cache

from fairsift.lexicon.degrees import find_degrees
from fairsift.lexicon.gazetteer import Gazetteer
from fairsift.lexicon.mention import Mention
from fairsift.lexicon.scan import gazetteer_set, scan

__all__ = ["all_certifications", "canonical_certification", "find_certifications"]

_VENDORS = (
    r"AWS|Amazon|Microsoft|Azure|Google(?:\s+Cloud)?|GCP|Oracle|Cisco|Salesforce|SAP|Red\s+Hat"
    r"|CompTIA|Databricks|Cloudera|Snowflake|HashiCorp|VMware|Tableau|IBM|Adobe|Autodesk"
    r"|Juniper|Palo\s+Alto|Fortinet|ServiceNow|Scrum\s+Alliance|Scrum\.org|PMI|ISC2|\(ISC\)2"
    r"|ISACA|EC-Council|Linux\s+Foundation|Huawei|Citrix|Splunk|MongoDB|Kubernetes"
)
# A capitalised title after "Certified" or "Certificate in": up to eight words.
_TITLE = r"(?:[A-Z][\w+#.&/-]*)(?:[ \t]+(?:[A-Z0-9][\w+#.&/-]*|of|in|for|–|-)){0,7}"
# Every vendor pattern holds "Certified", "Certificate" or "Certification": find those words
# (a fast literal search) and read the title around them.
_ANCHOR = re.compile(r"\bCertif(?:ied|icates?|ications?)\b")
_VENDOR_BEFORE = re.compile(rf"(?:{_VENDORS})[ \t]+\Z")
_TITLE_AFTER = re.compile(rf"(?:[ \t]*[:\-–][ \t]*|[ \t]+){_TITLE}")
_IN_TITLE = re.compile(rf"[ \t]+in[ \t]+{_TITLE}")
_TITLE_BEFORE = re.compile(r"(?:[A-Z][\w+#.&/-]*[ \t]+){2,6}\Z")
_TRAILING = re.compile(r"[\s\-–:&/.]+$|(?:\s+(?:of|in|and|for))+$")
_STATE_BEFORE = re.compile(r",\s*$")


@cache
def _certifications() -> Gazetteer:
    return gazetteer_set().gazetteers["certifications"]


def find_certifications(text: str) -> list[Mention]:
    """Every certification or licence mentioned in `text`, left to right."""
    known = [m for m in scan(text, "certifications") if _plausible(text, m)]
    found = list(known)
    for start, end in _generic(text):
        phrase = _TRAILING.sub("", text[start:end])
        end = start + len(phrase)
        if len(phrase.split()) < 2 or any(m.start < end and start < m.end for m in known):
            continue
        if find_degrees(phrase):
            continue  # "Higher Secondary Certificate" is schooling, not a certification
        canonical = _certifications().canonical(phrase) or " ".join(phrase.split())
        found.append(Mention(canonical, start, end))
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def _generic(text: str) -> list[tuple[int, int]]:
    """Spans of "AWS Certified X", "Certified X Y", "Certificate in X", "X Y Certification"."""
    spans = []
    for anchor in _ANCHOR.finditer(text):
        start, end = anchor.span()
        before = text[max(0, start - 60) : start]
        if anchor.group() == "Certified":
            vendor = _VENDOR_BEFORE.search(before)
            title = _TITLE_AFTER.match(text, end)
            if title is not None:
                spans.append(
                    (start - len(before) + vendor.start() if vendor else start, title.end())
                )
            continue
        title = _IN_TITLE.match(text, end)
        if title is not None:
            spans.append((start, title.end()))
            continue
        words = _TITLE_BEFORE.search(before)
        if words is not None:
            spans.append((start - len(before) + words.start(), end))
    return spans


def canonical_certification(term: str) -> str | None:
    """The canonical name of a certification written any known way, or None."""
    return _certifications().canonical(term)


def all_certifications() -> tuple[str, ...]:
    return _certifications().names


def _plausible(text: str, mention: Mention) -> bool:
    """ "CA" is a Chartered Accountant, except as a state: "Los Angeles, CA 90012"."""
    if text[mention.start : mention.end] != "CA":
        return True
    after = text[mention.end : mention.end + 7]
    before = text[max(0, mention.start - 3) : mention.start]
    return not (_STATE_BEFORE.search(before) or re.match(r"\s*\d{5}", after))
