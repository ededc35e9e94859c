"""Interface labels for values in the content model, marked for translation.

Shown through gettext in the page's language; shared by the page views and search facets.
"""

from __future__ import annotations

from .i18n import _
from .model import AccessibilityFeature, CostType, Payment, Referral

FACET_TITLES = {
    "categories": _("Types of help"),
    "audiences": _("Who it is for"),
    "journey_stages": _("Stages of caring"),
    "conditions": _("Conditions of the person you look after"),
    "areas": _("Areas"),
}
FACET_SINGULAR = {
    "categories": _("Type of help"),
    "audiences": _("For"),
    "journey_stages": _("Stage of caring"),
    "conditions": _("Condition"),
    "areas": _("Area"),
}
COST_LABELS = {CostType.FREE: _("Free"), CostType.PAID: _("Paid"),
               CostType.VARIES: _("Cost varies")}
PAYMENT_LABELS = {
    Payment.SELF_FUNDED: _("You can pay yourself"),
    Payment.DIRECT_PAYMENT: _("Direct payment accepted"),
    Payment.PERSONAL_BUDGET: _("Personal budget accepted"),
}
REFERRAL_LABELS = {
    Referral.SELF: _("You can contact them yourself"),
    Referral.PROFESSIONAL: _("You need a referral from a professional"),
    Referral.SELF_OR_PROFESSIONAL: _("Contact them yourself or ask a professional to refer you"),
}
ACCESSIBILITY_LABELS = {
    AccessibilityFeature.STEP_FREE: _("Step-free access"),
    AccessibilityFeature.LIFT: _("Lift"),
    AccessibilityFeature.ACCESSIBLE_TOILET: _("Accessible toilet"),
    AccessibilityFeature.CHANGING_PLACES: _("Changing Places toilet"),
    AccessibilityFeature.HEARING_LOOP: _("Hearing loop"),
    AccessibilityFeature.PARKING: _("Parking"),
    AccessibilityFeature.BLUE_BADGE_PARKING: _("Blue Badge parking"),
    AccessibilityFeature.QUIET_SPACE: _("Quiet space"),
    AccessibilityFeature.ASSISTANCE_DOGS: _("Assistance dogs welcome"),
}
