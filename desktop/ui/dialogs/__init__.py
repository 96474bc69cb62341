"""The case dialogs: assessments, plans, referrals, visits, registering people, closing,
exporting case data and importing registers."""

from desktop.ui.dialogs.act import IssueActDialog
from desktop.ui.dialogs.assessment import AssessmentDialog
from desktop.ui.dialogs.case_export import CaseExportDialog
from desktop.ui.dialogs.case_import import CaseImportDialog
from desktop.ui.dialogs.close_case import CloseCaseDialog
from desktop.ui.dialogs.plan import PlanEditor
from desktop.ui.dialogs.referral import ReferralDialog
from desktop.ui.dialogs.register_person import RegisterPersonDialog
from desktop.ui.dialogs.visit import VisitDialog

__all__ = ["AssessmentDialog", "CaseExportDialog", "CaseImportDialog",
           "CloseCaseDialog", "IssueActDialog", "PlanEditor", "ReferralDialog",
           "RegisterPersonDialog", "VisitDialog"]
