"""The platform core: province, regions, agencies, roles, tenancy and enabled apps."""
