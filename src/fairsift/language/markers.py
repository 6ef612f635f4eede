"""Function and everyday words that mark Haitian Kreyol and Urdu (or Hindi) written in Latin script.

py3langid has no Latin-script Urdu at all, and its Kreyol model has seen little SMS spelling,
so these short, hand-written lists add evidence for the two languages the real reports come in.
A word is listed only where it is rare in English, French and Spanish SMS; words the two
languages share with each other or with those ("ki", "ka", "se", "men", "pa", "la") are left
out or weighted low. Spelling variants seen in real SMS (no accents, phonetic spellings) are
included. Read by people: every entry is a plain word and a weight.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

__all__ = ["MARKERS", "MARKERS_VERSION", "marker_evidence", "words"]

MARKERS_VERSION = "1"

_HT_STRONG = """
mwen mwem mouin m'ap nou yon youn ap nap kap yap pap bezwen bezwin bezoin bezouin bezyen
beswen manje manjea dlo tanpri silvouple silvouple mesi anpil konnen konen renmen kounye
kounyea kounya kote kijan kisa poukisa kouman koman eske ak avek nan pou paske moun timoun
fanmi lari kay kraze jwenn jwen ede edem edew banm banmwen konsa lekol travay tranbleman
trenbleman tande voye rete vle vini ale plis anko jodi jodia demen lapli prela pwela grangou
malad lopital blese mouri viktim zon katye komin seksyon enfomasyon infomasyon enfomatyon
pwoblem gouvenman leta peyi ayiti bondye lajan kob bagay kapab poko janm anyen okenn menm
pral pwal prale konprann poum pouw poun paka kilè kile dwe fok toujou anba pitit manman frè
madanm gason granmoun wout katastwof sekou ijan ijans sitiyasyon lavi epi oswa oubyen selman
konbyen kounye isit sa-a sila yap genyen gen dlo potab pwoteksyon medikaman swaf fredi seren
lanmò lanmo refijie dòmi domi reponn nimewo adrès mwa ane jou semenn chache pran achte vann
ofri ban rele ekri li-a mezanmi bonjou bonswa ban-m pou-n dekonb dekomb andikape ansent
"""

# Frequent in Kreyol but also words (or near words) in French or Spanish: weaker evidence.
_HT_WEAK = """
pa ki ke se te sa li ou la an non wi ta tou lot chak sou devan fi papa mari machin ri nouvel
kouraj mize pase di fe bon tout ka gin svp demi adres repons pale frere abri mande sinistre
tant deja souple yo map tap ba bo pi
"""

_UR_STRONG = """
hai hain hy hun hoon houn aur mein nahi nahin nahe nhi nhn nai hamara hamari hamare hmara
hmari hmre hmra hmri hamko humko hame hamen humein hamein hamain mera meri mere mujhe mujhi
mujhey apna apni apne aap koi kuch kuchh kya kiya kiye kia gaya gya gaye hogya hogaya hogai
howa hua huwa hue tha thi thay raha rahe rahi rhe rha wale wala wali liye karo karen karein
karain krna karna kab kaise kaisi kaisay kahan yahan wahan abhi abi lekin leken leaken likin
magar mgr sakte sakta sakti sakate chahiye chahiyae chahie zaroorat zarurat madad maddath
imdad emdad paani pani khana ghar ghr gaon gaav ganv logon shukriya meherbani mehrbani selab
sailab silab bhi bahut bht bohat boht jin jis yeh woh mila mili mily diya hona sarkar
hukumat ilaqa ilaqe ilake elaqa dosri qist jari taluq rakhta rakhte zada zyada ziada nuksan
nuqsan rozgar khtm khatam jawab samajh samajhaye krupaya kripya upalabdha besahara sakht
baithe shadi shuda watan kisi nazar rashan pehle bacche bachon bachay aurton gharib ghareeb
garib kyun kyon kaun kitna kitne unka unki unke inka inki uska uski iska iski phir bhai
behan beti walid wald tehsil tahsil distt mauza mouza chahte motaser mutasir jaye jaaye jata
jati jate diye dijiye kijiye kariye hamen hamko rehena rehna rahna milta milti milte
"""

# Shared with English, French or Kreyol spellings: weaker evidence.
_UR_WEAK = """
ka ki ke ko se ne ho na kr tk main mai men ham hum log sab sub wo ye jo par pe mil din pata
tak jab hone
"""


def _weights(strong: str, weak: str) -> dict[str, float]:
    table = {word: 0.4 for word in weak.split()}
    table.update({word: 1.0 for word in strong.split()})
    return {_fold(word): weight for word, weight in table.items()}


def _fold(word: str) -> str:
    """Lower case without accents: the real SMS mostly lost theirs."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


MARKERS: Mapping[str, Mapping[str, float]] = {
    "ht": _weights(_HT_STRONG, _HT_WEAK),
    "ur": _weights(_UR_STRONG, _UR_WEAK),
}

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """Folded word tokens; a contraction is kept whole and also split ("m'ap" -> m'ap, m, ap)."""
    out: list[str] = []
    for match in _WORD.finditer(_fold(text)):
        token = match.group()
        out.append(token)
        if "'" in token or "-" in token:
            out.extend(part for part in re.split(r"[-']", token) if part)
    return out


def marker_evidence(tokens: list[str]) -> dict[str, float]:
    """Summed marker weight per language; each distinct word counts at most twice, so a
    repeated word ("MWEN MWEN MWEN") does not outweigh the rest of the text."""
    evidence: dict[str, float] = {}
    for language, table in MARKERS.items():
        seen: dict[str, int] = {}
        total = 0.0
        for token in tokens:
            weight = table.get(token)
            if weight is None:
                continue
            count = seen.get(token, 0)
            if count < 2:
                total += weight
                seen[token] = count + 1
        evidence[language] = total
    return evidence
