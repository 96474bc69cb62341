"""Message ids of report text chosen by key: table titles, headings, fixed codes, months.

Translated with the context ``report`` (``ptr("report", ...)``) where they are shown; labels
of profile codes (case types, target groups, services ...) come from the profile.
"""

from __future__ import annotations

from desktop.core.i18n import N_, ptr

# Title of each report table, by the table's key.
TABLE_TITLES: dict[str, str] = {
    "cases_identified_by_source": N_("Cases identified by referral source"),
    "cases_identified_by_unit": N_("Cases identified by administrative unit and age"),
    "cases_managed_by_type": N_("Cases managed by type and status"),
    "cases_managed_by_unit": N_("Cases managed by administrative unit and area"),
    "persons_by_group_sex": N_("Beneficiaries by target group and sex"),
    "persons_by_group_age": N_("Beneficiaries by target group and age"),
    "persons_by_age_sex": N_("Beneficiaries by age and sex"),
    "persons_by_unit_sex": N_("Beneficiaries by administrative unit and sex"),
    "persons_by_area_age": N_("Beneficiaries by area (urban/rural) and age"),
    "persons_by_village_sex": N_("Beneficiaries by village and sex"),
    "plans_made": N_("Individual plans made"),
    "plan_reviews": N_("Plan reviews due in the period"),
    "referrals_by_outcome": N_("Referrals by service and outcome"),
    "prescribed_vs_delivered": N_("Services prescribed and delivered"),
    "referrals_not_possible": N_("Referrals not possible, by reason"),
    "visits_by_protocol": N_("Home visits by protocol against the visit calendar"),
    "measures_monitored": N_("Protection orders and measures monitored"),
    "measure_reports": N_("Monitoring reports (every 60 days for orders) due in the period"),
    "satisfaction": N_("Satisfaction survey by administrative unit"),
    "assessments_by_form": N_("Assessments by form and administrative unit"),
    "referrals_by_provider_level": N_("Referrals by service category and provider level"),
    "meetings_held": N_("Multidisciplinary meetings held"),
    "meeting_participants": N_("Participants in the meetings by institution"),
    "cases_in_meetings": N_("Cases discussed in multidisciplinary meetings"),
    "acts_by_type": N_("Administrative acts by type"),
}

# Row and column headings, by the dimension's name.
DIMENSION_TITLES: dict[str, str] = {
    "opened_in": N_("New or continuing"),
    "closure_reason": N_("Closure reason"),
    "source": N_("Referral source"),
    "case_type": N_("Case type"),
    "case_status": N_("Status at the end of the period"),
    "unit": N_("Administrative unit"),
    "village": N_("Village"),
    "area": N_("Area"),
    "sex": N_("Sex"),
    "age_band": N_("Age"),
    "target_group": N_("Target group"),
    "plan_type": N_("Plan type"),
    "origin": N_("New or revised plan"),
    "review": N_("Review"),
    "service": N_("Service"),
    "referral_status": N_("Outcome"),
    "delivery": N_("Delivery"),
    "not_possible_reason": N_("Reason"),
    "category": N_("Service category"),
    "protocol": N_("Protocol"),
    "measure_type": N_("Measure type"),
    "reported_measure": N_("Measure type"),
    "place": N_("Village (administrative unit)"),
    "measure_status": N_("Status at the end of the period"),
    "report_outcome": N_("Report"),
    "score": N_("Mean rating"),
    "pathway": N_("Assessed and referred"),
    "form": N_("Assessment form"),
    "provider": N_("Provider"),
    "provider_level": N_("Provider level"),
    "provider_place": N_("Provider in or outside the municipality"),
    "meeting_group": N_("Group"),
    "institution": N_("Institution"),
    "act_type": N_("Act type"),
    "decision": N_("Decision"),
}

# Labels of codes that are not in the profile, by the dimension's prefix and the code.
CODE_LABELS: dict[str, str] = {
    "opened_1": N_("New in the period"),
    "opened_0": N_("Continued from before"),
    "sex_F": N_("Female"),
    "sex_M": N_("Male"),
    "area_urban": N_("Urban"),
    "area_rural": N_("Rural"),
    "origin_new": N_("New plan"),
    "origin_revised": N_("Revised version"),
    "review_on_time": N_("On time"),
    "review_late": N_("Late"),
    "review_overdue": N_("Not reviewed (overdue)"),
    "review_not_due": N_("Not yet due"),
    "delivery_delivered": N_("Delivered"),
    "delivery_pending": N_("Not yet delivered"),
    "delivery_refused": N_("Refused"),
    "delivery_not_possible": N_("Not possible"),
    "delivery_sent": N_("Sent"),
    "delivery_accepted": N_("Accepted"),
    "measure_status_active": N_("Active"),
    "measure_status_ended": N_("Ended"),
    "measure_status_revoked": N_("Revoked"),
    "report_on_time": N_("On time"),
    "report_late": N_("Late"),
    "report_missing": N_("Missing"),
    "score_1": N_("1 – very dissatisfied"),
    "score_2": N_("2 – dissatisfied"),
    "score_3": N_("3 – neutral"),
    "score_4": N_("4 – satisfied"),
    "score_5": N_("5 – very satisfied"),
    "pathway_assessed_referred": N_("Assessed and referred"),
    "pathway_assessed": N_("Assessed, not referred"),
    "pathway_referred": N_("Referred, not assessed"),
    "pathway_neither": N_("Neither"),
    "provider_place_municipality": N_("In the municipality"),
    "provider_place_outside": N_("Outside the municipality"),
    "decision_granted": N_("Granted"),
    "decision_refused": N_("Refused"),
}

# The kinds of period a report covers (see periods.KINDS).
PERIOD_KINDS: dict[str, str] = {
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "half": N_("Half-year"),
    "year": N_("Year"),
    "range": N_("Date range"),
}

MONTHS: tuple[str, ...] = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def month_name(month: int, language: str) -> str:
    """The name of a month (1-12) in ``language``."""
    return ptr("report", MONTHS[month - 1], language)
