from django import template
from django.utils.safestring import SafeString

from knowledgebase.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """``{{ article.answer|markdown }}``: rendered and allow-list sanitised."""
    return render_markdown(text or "")
