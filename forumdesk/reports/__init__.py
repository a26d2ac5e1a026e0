"""PDF documents made with ReportLab: minutes and the issue log. Styles apart from content."""
