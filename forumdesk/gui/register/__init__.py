"""The register of every issue and the policy-cycle board."""
