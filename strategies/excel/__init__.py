"""Excel in and out: templates, exports and imports of action plans and agency inputs.

Provincial offices keep their 4-year action plans in Excel. This package lets them bring
those sheets in instead of retyping them:

- :mod:`~strategies.excel.layout` — the sheets and their columns (Thai headers), one place;
- :mod:`~strategies.excel.safety` — a hostile or malformed file is refused before openpyxl
  parses it (size, zip structure, zip bombs, a DOCTYPE in any part — every part parsed with
  defusedxml), and while reading (formulas, row caps); the upload itself is not read past
  5 MB (:mod:`strategies.uploads`);
- :mod:`~strategies.excel.cells` — text is written as text, never a formula, in every CSV
  and XLSX the app writes (these workbooks, OPDC's data exports, the batch manifest);
- :mod:`~strategies.excel.reading` — sheets → rows of typed cells, each with its address;
- :mod:`~strategies.excel.writing` — templates and exports of the same shape (so
  export → edit in Excel → import round-trips);
- :mod:`~strategies.excel.plan` — action plans: compare a workbook with the plan (a preview
  that writes nothing), then apply it all in one transaction through the cascade services;
- the workbook of a Blueprint's agency input — its sheets (``proposals.excel_sheets``) as
  well as its reading and writing — is built on these by the layer above (it reads
  Blueprints, which this app knows nothing of), as are the upload pages;
- :class:`~strategies.excel.models.ImportBatch` — the uploaded file, kept between preview
  and confirmation.
"""
