"""Imported by the reliability fork server before it forks any child."""

from tests.reliability.workload import warm_up

warm_up()
