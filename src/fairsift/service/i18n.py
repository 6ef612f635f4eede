"""Labels of the public pages in the languages reporters write in. Right-to-left languages
set dir="rtl". A missing label falls back to English (a test checks none is missing)."""

from __future__ import annotations

__all__ = ["LANGUAGES", "RTL", "choose", "labels"]

LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ht": "Kreyòl ayisyen",
    "ar": "العربية",
}
RTL = frozenset({"ar"})

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Report a problem",
        "intro": "Tell us what is happening. You do not need to give your name. "
        "Write in any language.",
        "emergency": "If someone is in danger right now, call your local emergency number.",
        "text": "What is happening?",
        "contact": "How can we reach you? (optional)",
        "contact_help": "Kept apart from your report and only used to reply to you.",
        "honeypot": "Leave this field empty",
        "submit": "Send report",
        "working": "Preparing to send…",
        "thanks": "Thank you. Your report was received.",
        "receipt": "Your receipt code",
        "receipt_help": "Keep this code. With it you can add information later without "
        "telling us who you are. We cannot show it to you again.",
        "add_title": "Add information to a report",
        "code": "Receipt code",
        "add_text": "What would you like to add?",
        "add_submit": "Add to report",
        "added": "Thank you. Your information was added.",
        "check": "Check status",
        "status": "Status",
        "status_received": "Received, waiting for review",
        "status_in_review": "Being reviewed",
        "status_closed": "Closed",
        "replies": "Answers from the team",
        "error_empty": "Please write what is happening.",
        "error_long": "Your report has {count} characters; at most {limit} fit. "
        "Please shorten it, or send the rest later with your receipt code.",
        "error_limit": "Too many reports from this connection. Please try again later.",
        "error_code": "No report has this receipt code. Check the code and try again.",
        "error_form": "The form expired. Please send it again.",
        "error_honeypot": "Please leave the last field empty and send again.",
        "language": "Language",
        "new_report": "Send another report",
    },
    "es": {
        "title": "Informar de un problema",
        "intro": "Cuéntenos qué está pasando. No necesita dar su nombre. "
        "Puede escribir en cualquier idioma.",
        "emergency": "Si alguien está en peligro ahora mismo, llame al número de "
        "emergencias local.",
        "text": "¿Qué está pasando?",
        "contact": "¿Cómo podemos contactarle? (opcional)",
        "contact_help": "Se guarda aparte de su informe y solo se usa para responderle.",
        "honeypot": "Deje este campo vacío",
        "submit": "Enviar informe",
        "working": "Preparando el envío…",
        "thanks": "Gracias. Hemos recibido su informe.",
        "receipt": "Su código de recibo",
        "receipt_help": "Guarde este código. Con él puede añadir información más tarde sin "
        "decirnos quién es. No podremos mostrárselo de nuevo.",
        "add_title": "Añadir información a un informe",
        "code": "Código de recibo",
        "add_text": "¿Qué desea añadir?",
        "add_submit": "Añadir al informe",
        "added": "Gracias. Se añadió su información.",
        "check": "Consultar el estado",
        "status": "Estado",
        "status_received": "Recibido, pendiente de revisión",
        "status_in_review": "En revisión",
        "status_closed": "Cerrado",
        "replies": "Respuestas del equipo",
        "error_empty": "Escriba qué está pasando.",
        "error_long": "Su informe tiene {count} caracteres; caben como máximo {limit}. "
        "Acórtelo o envíe el resto después con su código de recibo.",
        "error_limit": "Demasiados informes desde esta conexión. Inténtelo más tarde.",
        "error_code": "Ningún informe tiene este código. Revise el código e inténtelo de nuevo.",
        "error_form": "El formulario caducó. Envíelo de nuevo.",
        "error_honeypot": "Deje vacío el último campo y envíe de nuevo.",
        "language": "Idioma",
        "new_report": "Enviar otro informe",
    },
    "fr": {
        "title": "Signaler un problème",
        "intro": "Dites-nous ce qui se passe. Vous n'avez pas besoin de donner votre nom. "
        "Écrivez dans la langue de votre choix.",
        "emergency": "Si quelqu'un est en danger en ce moment, appelez le numéro d'urgence local.",
        "text": "Que se passe-t-il ?",
        "contact": "Comment pouvons-nous vous joindre ? (facultatif)",
        "contact_help": "Conservé à part de votre signalement et utilisé uniquement pour "
        "vous répondre.",
        "honeypot": "Laissez ce champ vide",
        "submit": "Envoyer le signalement",
        "working": "Préparation de l'envoi…",
        "thanks": "Merci. Votre signalement a bien été reçu.",
        "receipt": "Votre code de reçu",
        "receipt_help": "Conservez ce code. Il vous permet d'ajouter des informations plus "
        "tard sans nous dire qui vous êtes. Nous ne pourrons pas vous le montrer à nouveau.",
        "add_title": "Ajouter des informations à un signalement",
        "code": "Code de reçu",
        "add_text": "Que souhaitez-vous ajouter ?",
        "add_submit": "Ajouter au signalement",
        "added": "Merci. Vos informations ont été ajoutées.",
        "check": "Voir l'état",
        "status": "État",
        "status_received": "Reçu, en attente d'examen",
        "status_in_review": "En cours d'examen",
        "status_closed": "Clôturé",
        "replies": "Réponses de l'équipe",
        "error_empty": "Veuillez écrire ce qui se passe.",
        "error_long": "Votre signalement compte {count} caractères ; {limit} au plus sont "
        "acceptés. Raccourcissez-le ou envoyez la suite plus tard avec votre code de reçu.",
        "error_limit": "Trop de signalements depuis cette connexion. Réessayez plus tard.",
        "error_code": "Aucun signalement n'a ce code. Vérifiez le code et réessayez.",
        "error_form": "Le formulaire a expiré. Veuillez l'envoyer à nouveau.",
        "error_honeypot": "Laissez le dernier champ vide et envoyez à nouveau.",
        "language": "Langue",
        "new_report": "Envoyer un autre signalement",
    },
    "ht": {
        "title": "Rapòte yon pwoblèm",
        "intro": "Di nou sa k ap pase. Ou pa bezwen bay non w. Ou ka ekri nan nenpòt lang.",
        "emergency": "Si yon moun an danje kounye a, rele nimewo ijans lokal la.",
        "text": "Kisa k ap pase?",
        "contact": "Kijan nou ka kontakte w? (si ou vle)",
        "contact_help": "Nou kenbe l apa de rapò a, epi nou sèvi ak li sèlman pou reponn ou.",
        "honeypot": "Kite espas sa a vid",
        "submit": "Voye rapò a",
        "working": "N ap prepare pou voye…",
        "thanks": "Mèsi. Nou resevwa rapò w la.",
        "receipt": "Kòd resi w",
        "receipt_help": "Kenbe kòd sa a. Avè l ou ka ajoute enfòmasyon pita san ou pa di nou "
        "kiyès ou ye. Nou pa p ka montre w li ankò.",
        "add_title": "Ajoute enfòmasyon nan yon rapò",
        "code": "Kòd resi",
        "add_text": "Kisa ou vle ajoute?",
        "add_submit": "Ajoute nan rapò a",
        "added": "Mèsi. Nou ajoute enfòmasyon w lan.",
        "check": "Gade kote l rive",
        "status": "Kote l rive",
        "status_received": "Nou resevwa l, l ap tann revizyon",
        "status_in_review": "Y ap revize l",
        "status_closed": "Fèmen",
        "replies": "Repons ekip la",
        "error_empty": "Tanpri ekri sa k ap pase.",
        "error_long": "Rapò ou a gen {count} karaktè; pa plis pase {limit}. "
        "Tanpri fè l pi kout, oswa voye rès la pita ak kòd resi ou.",
        "error_limit": "Twòp rapò soti nan koneksyon sa a. Eseye ankò pita.",
        "error_code": "Pa gen rapò ki gen kòd sa a. Verifye kòd la epi eseye ankò.",
        "error_form": "Fòm nan ekspire. Tanpri voye l ankò.",
        "error_honeypot": "Kite dènye espas la vid epi voye ankò.",
        "language": "Lang",
        "new_report": "Voye yon lòt rapò",
    },
    "ar": {
        "title": "الإبلاغ عن مشكلة",
        "intro": "أخبرنا بما يحدث. لا حاجة لذكر اسمك. يمكنك الكتابة بأي لغة.",
        "emergency": "إذا كان أحد في خطر الآن، فاتصل برقم الطوارئ المحلي.",
        "text": "ماذا يحدث؟",
        "contact": "كيف يمكننا التواصل معك؟ (اختياري)",
        "contact_help": "تُحفظ بشكل منفصل عن بلاغك وتُستخدم فقط للرد عليك.",
        "honeypot": "اترك هذا الحقل فارغًا",
        "submit": "إرسال البلاغ",
        "working": "جارٍ التحضير للإرسال…",
        "thanks": "شكرًا لك. تم استلام بلاغك.",
        "receipt": "رمز الإيصال الخاص بك",
        "receipt_help": "احتفظ بهذا الرمز. يمكنك به إضافة معلومات لاحقًا دون أن تخبرنا من "
        "أنت. لن نتمكن من عرضه مرة أخرى.",
        "add_title": "إضافة معلومات إلى بلاغ",
        "code": "رمز الإيصال",
        "add_text": "ما الذي تريد إضافته؟",
        "add_submit": "إضافة إلى البلاغ",
        "added": "شكرًا لك. تمت إضافة معلوماتك.",
        "check": "التحقق من الحالة",
        "status": "الحالة",
        "status_received": "تم الاستلام، بانتظار المراجعة",
        "status_in_review": "قيد المراجعة",
        "status_closed": "مغلق",
        "replies": "ردود الفريق",
        "error_empty": "يرجى كتابة ما يحدث.",
        "error_long": "يحتوي بلاغك على {count} حرفًا؛ الحد الأقصى {limit}. "
        "يرجى اختصاره أو إرسال الباقي لاحقًا باستخدام رمز الإيصال.",
        "error_limit": "بلاغات كثيرة جدًا من هذا الاتصال. يرجى المحاولة لاحقًا.",
        "error_code": "لا يوجد بلاغ بهذا الرمز. تحقق من الرمز وحاول مرة أخرى.",
        "error_form": "انتهت صلاحية النموذج. يرجى إرساله مرة أخرى.",
        "error_honeypot": "اترك الحقل الأخير فارغًا وأرسل مرة أخرى.",
        "language": "اللغة",
        "new_report": "إرسال بلاغ آخر",
    },
}


def labels(language: str) -> dict[str, str]:
    """Every label in `language`, English where one is missing."""
    return {**_LABELS["en"], **_LABELS.get(language, {})}


def choose(requested: str | None, accept_language: str | None) -> str:
    """?lang= if supported, else the first supported language the browser asks for."""
    if requested in LANGUAGES:
        return str(requested)
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def keys() -> dict[str, set[str]]:
    """The label keys of each language (for the test that none is missing)."""
    return {language: set(values) for language, values in _LABELS.items()}
