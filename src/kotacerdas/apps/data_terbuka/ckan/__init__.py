"""The CKAN Action API v3 over the open datasets (read-only): envelope, fq, actions, datastore."""
