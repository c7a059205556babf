"""Previews of a receipt layout: plain text, HTML and PNG (Pillow's only home).

Plain text is the core's ``text_of``; this package adds what needs markup or pixels.
"""

from adapters.preview.html import to_html
from adapters.preview.image import to_image, to_png
from saleflex_core.domain.receipt import text_of

__all__ = ["text_of", "to_html", "to_image", "to_png"]
