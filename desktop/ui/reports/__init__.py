"""The Reports screen (:class:`desktop.ui.reports.screen.ReportsScreen`)."""
