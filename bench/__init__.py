"""`incar bench`: measured numbers for the API, the voice pipeline and the UI."""
