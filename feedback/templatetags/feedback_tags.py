from __future__ import annotations

from django import template

from feedback.forms import feedback_form_for
from kundcenter.stand_ins import StandInFragment

register = template.Library()

FOOTER_TEMPLATE = "feedback/includes/footer_form.html"
# What differs between two pages' footers in one language: the page's own address (the
# hidden field) and the CSRF token.
_FOOTER = StandInFragment(FOOTER_TEMPLATE, values=("page", "token"))


@register.simple_tag(takes_context=True)
def feedback_footer(context: template.Context) -> str:
    """The footer's feedback form for the page being shown; nothing where there is no
    request (the bare 500 page).

    Every page has it, and before anything is typed it reads the same on every page in one
    language but for the page's address and the CSRF token: it is rendered once per language
    (and signed in or not, and URLconf) with stand-ins for those two, which each page fills
    in. Crispy's templates for its fields were a fifth of a page's rendering, the whole
    footer a twelfth of the case list's CPU time. (A refused form comes back from
    feedback.views, rendered with its errors from the same template.)"""
    request = context.get("request")
    if request is None:
        return ""
    return _FOOTER.render(
        request.user.is_authenticated,
        lambda stand_ins: {"form": feedback_form_for(request, page=stand_ins["page"]),
                           "csrf_token": stand_ins["token"]},
        {"page": request.get_full_path(), "token": str(context.get("csrf_token") or "")})
