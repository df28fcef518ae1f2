"""Every rule code the app looks up, as one enumeration: a misspelt code is an ImportError or an AttributeError, never
a rule silently missing. The module also exposes each code under its own name, so a module imports the codes it uses
(`from rules.codes import PROBATION_MONTHS`) and a typo fails when that module is imported. Each code is seeded by a
migration (rules/0002 and later, inspections/0002, petitions/0002, dues/0002, reviews/0002); rules/tests check both
lists agree."""

from enum import StrEnum


class Code(StrEnum):
    ADMISSION_MAX_AGE = "admission_max_age"
    ADMISSION_MIN_AGE = "admission_min_age"
    ADMISSION_OVER_MAX_AGE_APPROVED_BY = "admission_over_max_age_approved_by"
    CELL_COMMITTEE_MAX_SIZE = "cell_committee_max_size"
    CELL_COMMITTEE_MIN_FULL_MEMBERS = "cell_committee_min_full_members"
    CELL_COMMITTEE_MIN_SIZE = "cell_committee_min_size"
    CELL_CONGRESS_POSTPONEMENT_MONTHS = "cell_congress_postponement_months"
    CELL_CONGRESSES_PER_FIVE_YEARS = "cell_congresses_per_five_years"
    CELL_CONGRESSES_PER_FIVE_YEARS_PILOT = "cell_congresses_per_five_years_pilot"
    CELL_MEETINGS_REGULAR_PER_MONTH = "cell_meetings_regular_per_month"
    CELL_MEETINGS_THEMATIC_PER_QUARTER = "cell_meetings_thematic_per_quarter"
    CELL_MIN_FULL_MEMBERS = "cell_min_full_members"
    CONGRESS_NOTICE_MONTHS = "congress_notice_months"
    DATES_BIRTH_MAX_AGE = "dates_birth_max_age"
    DATES_EARLIEST = "dates_earliest"
    DATES_YEARS_AHEAD = "dates_years_ahead"
    DISCIPLINE_COMPLAINT_MONTHS = "discipline_complaint_months"
    DISCIPLINE_FORMS_FULL_MEMBER = "discipline_forms_full_member"
    DISCIPLINE_FORMS_ORGANIZATION = "discipline_forms_organization"
    DISCIPLINE_FORMS_PROBATIONARY_MEMBER = "discipline_forms_probationary_member"
    DUES_EXEMPT_MEMBERSHIP_YEARS = "dues_exempt_membership_years"
    DUES_RATES = "dues_rates"
    DUES_REDUCTION_PERCENTS = "dues_reduction_percents"
    DUES_RELIEF_MAX_MONTHS = "dues_relief_max_months"
    DUES_UNPAID_MONTHS_FLAG = "dues_unpaid_months_flag"
    FULL_MEMBERSHIP_REVIEW_WORKING_DAYS = "full_membership_review_working_days"
    FULL_TIME_POST_MEMBER_THRESHOLD = "full_time_post_member_threshold"
    GRASSROOTS_COMMITTEE_MIN_MEMBERS = "grassroots_committee_min_members"
    GRASSROOTS_COMMITTEE_TERM_YEARS = "grassroots_committee_term_years"
    INDUCTION_WITHIN_WORKING_DAYS = "induction_within_working_days"
    MEETING_DOCUMENTS_DAYS_BEFORE = "meeting_documents_days_before"
    MEETING_GOOD_ATTENDANCE_PERCENT = "meeting_good_attendance_percent"
    MEETING_MAX_EXCUSED_STREAK = "meeting_max_excused_streak"
    MEETING_MIN_MINUTES = "meeting_min_minutes"
    MEETING_MIN_MINUTES_COMBINED = "meeting_min_minutes_combined"
    PERMANENT_TRANSFER_PAPERWORK_WORKING_DAYS = "permanent_transfer_paperwork_working_days"
    PERMANENT_TRANSFER_PRESENT_WORKING_DAYS = "permanent_transfer_present_working_days"
    PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS = "petition_complaint_settlement_working_days"
    PETITION_DENUNCIATION_SETTLEMENT_DAYS = "petition_denunciation_settlement_days"
    PETITION_DUE_SOON_DAYS = "petition_due_soon_days"
    PETITION_JURISDICTION = "petition_jurisdiction"
    PETITION_NOT_HANDLED_GROUNDS = "petition_not_handled_grounds"
    PROBATION_MONTHS = "probation_months"
    REVIEW_DISCIPLINED_MEMBER_MAX_RATING = "review_disciplined_member_max_rating"
    REVIEW_DISCIPLINED_SUBORDINATE_MAX_RATING = "review_disciplined_subordinate_max_rating"
    REVIEW_EXCELLENT_CAP_PERCENT = "review_excellent_cap_percent"
    REVIEW_MEMBER_GROUPS = "review_member_groups"
    REVIEW_RATING_THRESHOLDS = "review_rating_thresholds"
    SUPERIOR_COMMITTEE_TERM_YEARS = "superior_committee_term_years"
    TEMPORARY_TRANSFER_MAX_MONTHS = "temporary_transfer_max_months"
    TEMPORARY_TRANSFER_MAX_MONTHS_STUDY = "temporary_transfer_max_months_study"
    TEMPORARY_TRANSFER_MIN_MONTHS = "temporary_transfer_min_months"
    WORKING_GROUP_VISITS_COUNTED_SINCE = "working_group_visits_counted_since"


globals().update(Code.__members__)
__all__ = ["Code", *Code.__members__]
