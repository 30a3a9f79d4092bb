"""Pages of long lists that cost the same on page 200 as on page 1."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class DeferredJoinPaginator(Paginator):
    """OFFSET makes the database build and throw away every row before the page, joins
    included. Here the page's keys are picked by a subquery that needs only the list's
    index (filters, order, key: an index-only scan past the offset); the outer query then
    reads just those rows with their joins. Still one query per page.

    The first pages have little to skip: there the plain query, with no subquery to
    build, is the cheaper one.

    The object list must be a queryset ordered down to a unique key.
    """

    # Rows the database may skip the plain way: a few pages' worth, with their joins, costs
    # it less than building the subquery costs Python.
    plain_offset_rows = 250

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < self.plain_offset_rows:
            return self._get_page(self.object_list[bottom:top], number, self)
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)
