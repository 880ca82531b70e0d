"""One module per page: the tables it shows (and downloads) and what its template draws."""

from pipelines.portal.pages.awards import awards, history
from pipelines.portal.pages.blocks import blocks
from pipelines.portal.pages.indicators import indicators, ward
from pipelines.portal.pages.overview import overview
from pipelines.portal.pages.page import Page
from pipelines.portal.pages.quality import quality

__all__ = ["Page", "awards", "blocks", "history", "indicators", "overview", "quality", "ward"]
