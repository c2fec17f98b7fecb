"""The first rule set: Microsoft's Partner Center article on requesting a credit, 2021-03-31."""

from datetime import date
from types import MappingProxyType

from rules import accidental, duplicate, outage, review_types
from rules.evidence import checklist
from rules.model import CreditType, PartnerType, Role
from rules.ruleset import CreditTypeRules, RuleSet

RULE_SET = RuleSet(
    version="2021-03-31",
    effective_date=date(2021, 3, 31),
    source=(
        'Microsoft Partner Center, "How and when to request a credit from Microsoft" '
        "(2021-03-31; sv-SE localisation 2021-09). The SLA evidence list and the outage ID "
        "prefixes come from earlier versions of the article (2019-2021)."
    ),
    allowed_roles=(Role.ADMIN_AGENT, Role.GLOBAL_ADMIN),
    allowed_partner_types=(PartnerType.DIRECT, PartnerType.INDIRECT_PROVIDER),
    windows=MappingProxyType(
        {
            "accidental_no_request_days": 30,
            "accidental_full_refund_days": 90,
            "power_bi_p1_full_refund_days": 7,
            "m365_a1_full_refund_days": 30,
            "duplicate_order_days": 120,
            "prorated_months": 12,
            "deadline_soon_days": 7,
        }
    ),
    free_mail_domains=frozenset(
        {
            "aol.com",
            "fastmail.com",
            "gmail.com",
            "gmx.com",
            "gmx.de",
            "gmx.net",
            "googlemail.com",
            "hey.com",
            "hotmail.co.uk",
            "hotmail.com",
            "hotmail.de",
            "hotmail.fr",
            "hotmail.se",
            "icloud.com",
            "live.co.uk",
            "live.com",
            "live.se",
            "mac.com",
            "mail.com",
            "mail.ru",
            "me.com",
            "msn.com",
            "outlook.com",
            "outlook.de",
            "outlook.fr",
            "outlook.se",
            "pm.me",
            "proton.me",
            "protonmail.com",
            "qq.com",
            "tutanota.com",
            "web.de",
            "yahoo.co.uk",
            "yahoo.com",
            "yahoo.de",
            "yahoo.fr",
            "yahoo.se",
            "yandex.com",
            "yandex.ru",
            "ymail.com",
            "zoho.com",
        }
    ),
    outage_prefixes=MappingProxyType(
        {
            "EX": "Exchange Online",
            "FO": "Exchange Online Protection",
            "SB": "Skype for Business Online",
            "OS": "Office subscription",
            "PB": "Power BI",
            "SP": "SharePoint Online",
            "YA": "Yammer Enterprise",
            "MO": "portal error",
        }
    ),
    credit_types=MappingProxyType(
        {
            CreditType.ACCIDENTAL_PURCHASE: CreditTypeRules(
                accidental.assess,
                accidental.describe,
                evidence=checklist(
                    "request_form",
                    "purchase_record",
                    "cancellation_proof",
                    "customer_confirmation",
                    optional={"cancellation_proof"},
                ),
            ),
            CreditType.DUPLICATE_ORDER: CreditTypeRules(
                duplicate.assess,
                duplicate.describe,
                evidence=checklist(
                    "request_form", "subscription_ids", "invoice_lines", "move_proof"
                ),
            ),
            CreditType.SERVICE_OUTAGE: CreditTypeRules(
                outage.assess,
                outage.describe,
                evidence=checklist(
                    "request_form",
                    "outage_incident_id",
                    "downtime",
                    "affected_users",
                    "resolution",
                    "customer_email",
                    "support_contact",
                    optional={"downtime", "affected_users", "resolution", "support_contact"},
                ),
            ),
            CreditType.TECHNICAL_ISSUE: CreditTypeRules(
                review_types.assess,
                review_types.describe_technical_issue,
                evidence=checklist(
                    "request_form",
                    "what_happened",
                    "affected_items",
                    "support_tickets",
                    "amount_calculation",
                    optional={"support_tickets"},
                ),
            ),
            CreditType.INCORRECT_INFORMATION: CreditTypeRules(
                review_types.assess,
                review_types.describe_incorrect_information,
                evidence=checklist(
                    "request_form",
                    "incorrect_information",
                    "consequence",
                    "affected_items",
                    "amount_calculation",
                ),
            ),
        }
    ),
    procedure=(
        "Download and fill in Microsoft's credit or refund request form.",
        "Sign in to the Partner Center dashboard.",
        "In the left menu, choose Help + support, then New request.",
        "Choose Browse topics: Category = CSP, Topic = Billing, Subtopic = Credit requests and "
        "refunds.",
        "On Recommended solutions, under Need more help?, choose Yes.",
        "On Details, fill in Issue details: paste the Details text into the Details box.",
        "Choose Submit.",
    ),
)
