"""One outage, many customers: a batch of SLA drafts made from one draft's incident."""
