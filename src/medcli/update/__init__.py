"""`medcli update`: the openFDA drug-label set, downloaded with resume and imported."""
