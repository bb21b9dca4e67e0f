"""A mock Tmall-style retail API (CONTRACTS section 3) served by FastAPI and uvicorn."""
