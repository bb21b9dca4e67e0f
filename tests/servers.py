"""Real servers for the suite; one copy, kept in bench/servers.py because the benchmarks ship
with the package and start the same servers."""

from bench.servers import ApiServer, PostgresCluster, free_port, incar_command, seed

__all__ = ["ApiServer", "PostgresCluster", "free_port", "incar_command", "seed"]
