"""The benchmark behind `make bench`: pages, jobs and a load run against generated data."""
