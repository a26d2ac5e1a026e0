"""The register of every issue (one table, sorted and filtered in SQL) and the cycle board."""
