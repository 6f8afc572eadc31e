"""procure: turn a buyer's situation into the cited requirement checklist for an RFP appendix.

The public face is small: load answers and packs, select, render. The CLI (`procure.cli`) is a
thin layer over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"
