"""Demo data of the cascade (Chumphon's plan, organisations, demo users): never imported by
the running site, only by ``manage.py load_demo`` and the tests."""
