"""Case workflows, Qt-free: persons and households, cases, assessments, plans, referrals,
visits, safety warnings, legal measures, multidisciplinary meetings, what is due, imports.

Every change goes through the vault's :class:`~desktop.core.store.Store`, so each write is one
outbox change and one audit entry; a workflow's several writes are one transaction.
"""
