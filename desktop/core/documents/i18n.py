"""Fixed text of the printed documents, Albanian (sq, the default) and English (en).

Labels of record fields and of profile codes come from the country profile; this table holds
only what the documents themselves say.
"""

from __future__ import annotations

LANGUAGES = ("sq", "en")

TEXT: dict[str, dict[str, str]] = {
    # page furniture
    "confidential": {"sq": "KONFIDENCIALE", "en": "CONFIDENTIAL"},
    "contains_sensitive": {"sq": "Përmban të dhëna të ndjeshme",
                           "en": "Contains sensitive data"},
    "page_of": {"sq": "Faqe {page} nga {pages}", "en": "Page {page} of {pages}"},
    "printed_on_by": {"sq": "Shtypur më {when} nga {who}", "en": "Printed on {when} by {who}"},
    "case_number": {"sq": "Nr. i rastit", "en": "Case no."},
    "document": {"sq": "Dokumenti", "en": "Document"},
    "version": {"sq": "Versioni", "en": "Version"},
    "date": {"sq": "Data", "en": "Date"},
    "protocol_no": {"sq": "Nr. ______ prot.", "en": "Ref. no. ______"},
    "place_date": {"sq": "{place}, më {date}", "en": "{place}, {date}"},
    "country_AL": {"sq": "REPUBLIKA E SHQIPËRISË", "en": "REPUBLIC OF ALBANIA"},
    "country_XK": {"sq": "REPUBLIKA E KOSOVËS", "en": "REPUBLIC OF KOSOVO"},
    "municipality_of": {"sq": "Bashkia {name}", "en": "Municipality of {name}"},
    "default_unit": {"sq": "Drejtoria e Shërbimeve Sociale",
                     "en": "Directorate of Social Services"},
    "phone": {"sq": "Tel.", "en": "Tel."},
    "email": {"sq": "E-mail", "en": "E-mail"},
    "yes": {"sq": "Po", "en": "Yes"},
    "no": {"sq": "Jo", "en": "No"},
    "years_old": {"sq": "{n} vjeç", "en": "{n} years"},
    "continued": {"sq": "vazhdim", "en": "continued"},
    # common sections
    "sec_beneficiary": {"sq": "Të dhënat e përfituesit", "en": "Beneficiary"},
    "sec_child": {"sq": "Të dhënat e fëmijës", "en": "The child"},
    "sec_case": {"sq": "Të dhënat e rastit", "en": "The case"},
    "sec_household": {"sq": "Familja", "en": "Household"},
    "sec_signatures": {"sq": "Nënshkrimet", "en": "Signatures"},
    "full_name": {"sq": "Emri dhe mbiemri", "en": "Full name"},
    "age": {"sq": "Mosha", "en": "Age"},
    "residence": {"sq": "Vendbanimi", "en": "Place of residence"},
    "sensitive_omitted": {
        "sq": "Të dhënat e ndjeshme nuk janë përfshirë në këtë dokument.",
        "en": "Sensitive data is left out of this document.",
    },
    "confidentiality": {
        "sq": "Ky dokument përmban të dhëna personale dhe është konfidencial. Përdoret vetëm për "
              "qëllimin për të cilin është hartuar dhe nuk u jepet palëve të treta pa pëlqimin e "
              "përfituesit ose pa bazë ligjore.",
        "en": "This document contains personal data and is confidential. It may be used only for "
              "the purpose for which it was prepared and is not given to third parties without "
              "the beneficiary's consent or a legal basis.",
    },
    # signatures
    "sig_name": {"sq": "Emri dhe mbiemri", "en": "Name"},
    "sig_signature": {"sq": "Nënshkrimi", "en": "Signature"},
    "sig_date": {"sq": "Data", "en": "Date"},
    "sig_worker": {"sq": "Menaxheri i rastit", "en": "Case manager"},
    "sig_beneficiary": {"sq": "Përfituesi", "en": "Beneficiary"},
    "sig_guardian": {"sq": "Prindi / kujdestari ligjor", "en": "Parent / legal guardian"},
    "sig_head": {"sq": "Përgjegjësi i njësisë (miratimi)", "en": "Head of unit (approval)"},
    "sig_employment_office": {"sq": "Përfaqësuesi i zyrës së punësimit",
                              "en": "Employment office representative"},
    "sig_referring": {"sq": "Punonjësi që referon", "en": "Referring worker"},
    "sig_receiver": {"sq": "Pranuar nga ofruesi i shërbimit",
                     "en": "Received by the service provider"},
    "sig_present_member": {"sq": "Përfituesi / anëtari i familjes",
                           "en": "Beneficiary / household member"},
    # plans
    "sec_plan": {"sq": "Të dhënat e planit", "en": "The plan"},
    "sec_goals": {"sq": "Objektivat", "en": "Goals"},
    "sec_actions": {"sq": "Veprimet dhe shërbimet", "en": "Actions and services"},
    "sec_home_actions": {"sq": "Shërbimet në shtëpi dhe kalendari i vizitave",
                         "en": "Home services and visit schedule"},
    "sec_employment_actions": {"sq": "Hapat drejt punësimit", "en": "Steps towards employment"},
    "sec_measures": {"sq": "Masat e mbrojtjes", "en": "Protection measures"},
    "sec_economic": {"sq": "Situata ekonomike e familjes", "en": "Household economic situation"},
    "sec_living": {"sq": "Kushtet e banimit", "en": "Living conditions"},
    "sec_review": {"sq": "Rishikimi i planit", "en": "Plan review"},
    "sec_agreement": {"sq": "Pëlqimi", "en": "Agreement"},
    "no_goals": {"sq": "Nuk ka objektiva të regjistruara.", "en": "No goals recorded."},
    "no_actions": {"sq": "Nuk ka veprime të regjistruara.", "en": "No actions recorded."},
    "no_measures": {"sq": "Nuk ka masa mbrojtjeje të regjistruara.",
                    "en": "No protection measures recorded."},
    "col_no": {"sq": "Nr.", "en": "No."},
    "col_period": {"sq": "Periudha", "en": "Period"},
    "col_service_provider": {"sq": "Shërbimi / ofruesi", "en": "Service / provider"},
    "goal_indicator": {"sq": "Treguesi", "en": "Indicator"},
    "goal_due": {"sq": "Afati", "en": "Due"},
    "review_on": {"sq": "Plani do të rishikohet më {date}, ose më herët nëse situata ndryshon.",
                  "en": "The plan will be reviewed on {date}, or earlier if the situation "
                        "changes."},
    "review_none": {"sq": "Plani rishikohet sa herë që ndryshon situata e përfituesit.",
                    "en": "The plan is reviewed whenever the beneficiary's situation changes."},
    "agreement": {
        "sq": "Përfituesi, ose prindi / kujdestari ligjor, u informua për përmbajtjen e këtij plani, "
              "e kuptoi atë dhe bie dakord me objektivat dhe veprimet e parashikuara.",
        "en": "The beneficiary, or the parent / legal guardian, was informed of the content of this "
              "plan, understood it and agrees with its goals and actions.",
    },
    "pim_group": {"sq": "Plani u diskutua dhe u ra dakord në {group}.",
                  "en": "The plan was discussed and agreed in the {group}."},
    "employment_office_note": {
        "sq": "Plani hartohet dhe zbatohet në bashkëpunim me zyrën vendore të punësimit.",
        "en": "The plan is prepared and carried out together with the local employment office.",
    },
    # referral
    "title_referral": {"sq": "Letër referimi", "en": "Referral letter"},
    "to": {"sq": "Drejtuar", "en": "To"},
    "subject": {"sq": "Lënda", "en": "Subject"},
    "referral_subject": {"sq": "Referim për shërbimin „{service}”",
                         "en": "Referral for the service “{service}”"},
    "salutation": {"sq": "Të nderuar,", "en": "Dear Sir or Madam,"},
    "referral_body": {
        "sq": "Nëpërmjet kësaj letre ju referojmë përfituesin e mëposhtëm për shërbimin "
              "„{service}”. Të dhënat e përfituesit dhe arsyeja e referimit janë më poshtë.",
        "en": "With this letter we refer to you the beneficiary below for the service "
              "“{service}”. The beneficiary's details and the reason for the referral follow.",
    },
    "sec_reason": {"sq": "Arsyeja e referimit", "en": "Reason for the referral"},
    "prescribed_note": {"sq": "Shërbimi është përshkruar nga komisioni.",
                        "en": "The service was prescribed by the commission."},
    "response_by": {
        "sq": "Ju lutemi të na njoftoni nëse e pranoni referimin deri më {date}.",
        "en": "Please let us know whether you accept the referral by {date}.",
    },
    "response_asap": {
        "sq": "Ju lutemi të na njoftoni sa më shpejt nëse e pranoni referimin.",
        "en": "Please let us know as soon as possible whether you accept the referral.",
    },
    "contact_person": {"sq": "Për informacion: {who}{phone}.",
                       "en": "For information: {who}{phone}."},
    "closing": {"sq": "Me respekt,", "en": "Yours faithfully,"},
    "referral_consent": {
        "sq": "Përfituesi jep pëlqimin për këtë referim dhe për ndarjen me ofruesin e shërbimit "
              "të të dhënave të nevojshme për të.",
        "en": "The beneficiary consents to this referral and to sharing with the service provider "
              "the data it needs.",
    },
    # visit report
    "title_visit": {"sq": "Raport i vizitës në shtëpi", "en": "Home visit report"},
    "title_visit_history": {"sq": "Historiku i vizitave në shtëpi",
                            "en": "Home visit history"},
    "sec_visit": {"sq": "Vizita", "en": "The visit"},
    "visit_n": {"sq": "Vizita {n} – {date}", "en": "Visit {n} – {date}"},
    "visited_by": {"sq": "Vizita u krye nga", "en": "Visited by"},
    "sec_further": {"sq": "Të dhëna të tjera", "en": "Further details"},
    "no_visits": {"sq": "Nuk ka vizita.", "en": "No visits."},
    # DV 60-day report
    "title_dv": {"sq": "Raport monitorimi 60-ditor për urdhrin e mbrojtjes",
                 "en": "60-day monitoring report on the protection order"},
    "dv_police": {"sq": "Policia e Shtetit", "en": "State Police"},
    "dv_court": {"sq": "Gjykata që lëshoi urdhrin", "en": "The court that issued the order"},
    "sec_order": {"sq": "Urdhri i mbrojtjes", "en": "The protection order"},
    "sec_protected": {"sq": "Personi i mbrojtur", "en": "Protected person"},
    "sec_period": {"sq": "Periudha e raportimit", "en": "Reporting period"},
    "report_n": {"sq": "Raporti nr. {n}", "en": "Report no. {n}"},
    "period_range": {"sq": "{start} – {end}", "en": "{start} – {end}"},
    "sec_report_content": {"sq": "Përmbajtja e raportit", "en": "Content of the report"},
    "sec_previous_reports": {"sq": "Raportet e mëparshme", "en": "Previous reports"},
    "next_report": {"sq": "Raporti i radhës duhet më {date}.",
                    "en": "The next report is due on {date}."},
    "no_report_content": {"sq": "Nuk ka përmbajtje për këtë periudhë.",
                          "en": "Nothing recorded for this period."},
    "dv_intro": {
        "sq": "Në zbatim të detyrimit për monitorimin e urdhrave të mbrojtjes, ju paraqesim "
              "raportin për periudhën më poshtë.",
        "en": "In fulfilment of the duty to monitor protection orders, we submit the report for "
              "the period below.",
    },
    "sig_dv_coordinator": {"sq": "Koordinatori vendor për dhunën në familje",
                           "en": "Local domestic violence coordinator"},
    "rep_situation": {"sq": "Situata e personit të mbrojtur",
                      "en": "Situation of the protected person"},
    "rep_compliance": {"sq": "Zbatimi i urdhrit nga dhunuesi",
                       "en": "Compliance with the order by the perpetrator"},
    "rep_incidents": {"sq": "Incidente ose shkelje të raportuara",
                      "en": "Incidents or breaches reported"},
    "rep_contacts": {"sq": "Kontaktet me personin e mbrojtur",
                     "en": "Contacts with the protected person"},
    "rep_services": {"sq": "Shërbimet e ofruara", "en": "Services provided"},
    "rep_risk": {"sq": "Vlerësimi i riskut", "en": "Risk assessment"},
    "rep_recommendations": {"sq": "Rekomandime", "en": "Recommendations"},
    "rep_summary": {"sq": "Përmbledhje", "en": "Summary"},
    "rep_date": {"sq": "Data e raportit", "en": "Report date"},
    # assessment
    "title_assessment": {"sq": "Përmbledhje e vlerësimit", "en": "Assessment summary"},
    "sec_assessment": {"sq": "Vlerësimi", "en": "The assessment"},
    "form": {"sq": "Formulari", "en": "Form"},
    "form_version": {"sq": "Versioni i formularit", "en": "Form version"},
    "submitted_on": {"sq": "Plotësuar më", "en": "Completed on"},
    "submitted_by": {"sq": "Plotësuar nga", "en": "Completed by"},
    "sec_scores": {"sq": "Rezultatet", "en": "Scores"},
    "sec_answers": {"sq": "Përgjigjet", "en": "Answers"},
    "col_question": {"sq": "Pyetja", "en": "Question"},
    "col_answer": {"sq": "Përgjigja", "en": "Answer"},
    "col_measure": {"sq": "Treguesi", "en": "Measure"},
    "col_score": {"sq": "Rezultati", "en": "Score"},
    "no_answers": {"sq": "Nuk ka përgjigje.", "en": "No answers."},
    "raw_answers_note": {
        "sq": "Përkufizimi i formularit nuk u gjet; përgjigjet tregohen me emrat e fushave.",
        "en": "The form definition was not found; answers are shown with their field names.",
    },
}

# Labels of fixed choice lists declared inline in the profile (not as profile sections).
CHOICES: dict[str, dict[str, dict[str, str]]] = {
    "plan.status": {
        "draft": {"sq": "Projekt", "en": "Draft"},
        "active": {"sq": "Në fuqi", "en": "Active"},
        "superseded": {"sq": "Zëvendësuar", "en": "Superseded"},
    },
    "plan_action.status": {
        "planned": {"sq": "Planifikuar", "en": "Planned"},
        "in_progress": {"sq": "Në zbatim", "en": "In progress"},
        "done": {"sq": "Kryer", "en": "Done"},
        "cancelled": {"sq": "Anuluar", "en": "Cancelled"},
    },
    "visit.protocol": {
        "routine": {"sq": "Vizitë rutinë", "en": "Routine visit"},
        "rapid_response": {"sq": "Reagim i shpejtë", "en": "Rapid response"},
        "emergency": {"sq": "Emergjencë", "en": "Emergency"},
    },
    "referral.status": {
        "sent": {"sq": "Dërguar", "en": "Sent"},
        "accepted": {"sq": "Pranuar", "en": "Accepted"},
        "delivered": {"sq": "Realizuar", "en": "Delivered"},
        "refused": {"sq": "Refuzuar nga përfituesi", "en": "Refused by the beneficiary"},
        "not_possible": {"sq": "Nuk u realizua", "en": "Not possible"},
    },
    "referral.not_possible_reason": {
        "no_capacity": {"sq": "Mungesë kapaciteti", "en": "No capacity"},
        "distance": {"sq": "Distanca", "en": "Distance"},
        "not_available": {"sq": "Shërbimi nuk ofrohet", "en": "Service not available"},
        "other": {"sq": "Tjetër", "en": "Other"},
    },
    "measure.status": {
        "active": {"sq": "Në fuqi", "en": "In force"},
        "ended": {"sq": "Përfunduar", "en": "Ended"},
        "revoked": {"sq": "Revokuar", "en": "Revoked"},
    },
    "person.sex": {
        "F": {"sq": "Femër", "en": "Female"},
        "M": {"sq": "Mashkull", "en": "Male"},
    },
    "household.area_type": {
        "urban": {"sq": "Urbane", "en": "Urban"},
        "rural": {"sq": "Rurale", "en": "Rural"},
    },
}


def text(key: str, language: str, **values: object) -> str:
    """The fixed text ``key`` in ``language``, with ``{name}`` placeholders filled."""
    entry = TEXT[key]
    template = entry.get(language) or entry["sq"]
    return template.format(**values) if values else template


def choice(record_type: str, field: str, code: str, language: str) -> str | None:
    """Label of an inline choice code, or None when this table does not know it."""
    entry = CHOICES.get(f"{record_type}.{field}", {}).get(code)
    if entry is None:
        return None
    return entry.get(language) or entry["sq"]
