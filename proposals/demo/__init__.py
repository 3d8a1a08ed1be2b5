"""Demo and seed data of the Blueprints, kept out of the runtime modules.

- :mod:`.blueprint` — Chumphon's 2548 Blueprint (``load_blueprint_demo``);
- :mod:`.participation`, :mod:`.attachments`, :mod:`.review`, :mod:`.monitoring` — what each
  feature adds on top of it, in the order of ``settings.DEMO_LOADERS``;
- :mod:`.national` — the national dataset for measuring scale (``manage.py seed_national``).

Nothing here is imported by the running site; the data goes in through the services.
"""
