"""``{% fragment name var … %}…{% endfragment %}``: a part of a page drawn once per process for each value of
what it varies on (issue 16).

The pages' fixed parts (the head's assets, the footer, the form's buttons, a list's headings…) differ only
by the interface language and a few flags, so they are drawn once and kept. Django's ``{% cache None … %}``
did that through the cache framework: its local-memory cache pickles each fragment, takes a lock and
validates a hashed key on every read, about 3% of a page's CPU for the dozen fragments a day's pages draw.
These fragments never expire and are never shared between processes, so a dictionary keeps them: keyed
by the fragment's name, the script prefix (the links inside are the server's) and the ``str`` of each value
it varies on, as the cache tag's key is. Past :data:`MAXIMUM` kinds they are all dropped and drawn again.
"""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix

register = template.Library()

MAXIMUM = 4096
_KEPT: dict[tuple, str] = {}


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context) -> str:
        key = (self.name, get_script_prefix(), *(str(value.resolve(context)) for value in self.vary_on))
        kept = _KEPT.get(key)
        if kept is None:
            kept = self.nodelist.render(context)
            if len(_KEPT) >= MAXIMUM:
                _KEPT.clear()
            _KEPT[key] = kept
        return kept


@register.tag("fragment")
def do_fragment(parser, token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' takes its name, then what it varies on")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])


def forget_all() -> None:
    """Drop every kept fragment (tests that change what the fragments show without changing their key)."""
    _KEPT.clear()
