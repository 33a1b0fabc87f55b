"""Facts: files in (a facts folder, single files, mapping files), a `FactSet` of columnar tables out, or F4xx.

    csvfile.py / documents.py / xlsx.py ──▶ RawTable (raw.py) ──build.py──▶ FactTable ──checks.py──▶ FactSet
    mapping.py (+ mapping_spec.py) gives each RawTable its Shape; models.py + convert.py + columns.py
    convert its columns; problems.py collects bad rows; digest.py digests the result; load.py runs it all.

The rule book's `facts` declarations are the one definition of the tables: models.py turns them into
pydantic models, and every cell is validated through them — once per distinct value, never one model
instance per row (a text cell is what it says, stripped, and amounts written `1234.56` are read a batch
at a time and only their values validated: columns.py).  Every row keeps the file and line it came from (the sheet and row of a workbook;
the line where a JSON or YAML row's object begins, or its place in the list when a minified document
puts many on one line).

The entry point is `load.load_facts`; nothing is imported here, so that `facts.table` (which evaluation
imports) stays light: pydantic and openpyxl load only when facts are read.
"""
