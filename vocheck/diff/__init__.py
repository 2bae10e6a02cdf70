"""`vocheck diff`: what a change does to the hostnames, ports and VIPs Kuma generates, and to the findings."""
