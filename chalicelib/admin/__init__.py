"""The institute's administration: processes, contenders, candidacy statuses, registry, party accounts."""
