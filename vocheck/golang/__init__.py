"""Go's standard-library behaviour that vocheck's messages and template engine reproduce.

One home for what Go does, so every part of vocheck answers the same way:

* :mod:`.gobytes`: Go strings (bytes) held in Python ``str``;
* :mod:`.quote`: ``strconv.Quote`` and friends, ``IsPrint``/``IsGraphic``
  from Go's own Unicode tables (:mod:`.unicodetables`), ``Unquote``;
* :mod:`.runes`: ``unicode.IsLetter`` and ``unicode.IsDigit`` from the same tables;
* :mod:`.atoi` and :mod:`.atof`: ``strconv.ParseInt``/``ParseUint``/``ParseFloat``
  with Go's error texts;
* :mod:`.ftoa`: ``strconv.FormatFloat`` for float64 and float32;
* :mod:`.jsonenc`: how ``encoding/json`` writes numbers and strings and words
  its syntax errors;
* :mod:`.net`: ``net.SplitHostPort``.

This package imports nothing else of vocheck.
"""
