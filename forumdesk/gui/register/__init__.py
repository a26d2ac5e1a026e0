"""The register: every issue across all forums in one table, filtered and sorted in SQL."""
