"""Generate a large, realistic catalogue in Community Catalogue's content format, for benchmarks.

    python bench/generate.py --services 10000 --languages en,bn,gu,pl,so,ur --out /tmp/cat [--seed 1]

Deterministic: the same arguments give byte-identical files (a seeded `random.Random`, no network,
no clock). The output passes `catalogue check --content DIR` with no errors (some warnings, such
as reviews due or quality marks expiring, are expected, as in a real catalogue).

What it writes:

    site.yaml, site.<lang>.yaml      6-10 areas, urgent help, statement; the first language is the
                                     source, `ur` (and any other rtl language) is right-to-left
    taxonomy*.yaml, glossary*.yaml   copied from the example catalogue (content/), translations too
    synonyms/<lang>.yaml             copied from the example catalogue, for the chosen languages
    services/<id>.yaml               N services: 150-400 words of Markdown built from carers'-service
                                     sentences, 1-4 categories, audiences, conditions, 1-3 areas,
                                     phones, locations, hours (some evenings and weekends), costs,
                                     quality marks on about a third
    services/<id>.<lang>.yaml        pseudo-translations (name, summary, description and more) for
                                     most services, in every other language, marked current
    guidance/<lang>/*.md             20 guidance articles and most of their translations
    pages/<lang>/about.md            an about page and its translations

Five "typo target" services (ids `typo-target-*`) are the only services whose names contain
respite, dementia, wheelchair, counselling and benefits, so the typo queries "respte", "dementai",
"wheelchiar", "councelling" and "benifits" have one clear target each (bench/search_bench.py).

Translations are pseudo-translations: sentences of real words from a per-language word list
(bench/wordlists.py, frozen from the example's sample translations, so Bengali, Gujarati and
Urdu text is in its own script), plus the taxonomy's translated labels for the service's
categories and conditions, so searching in those languages finds related services. Their
`source_fingerprint` is computed here with `directory.translations` (the same functions
`catalogue translations --mark-current` uses), which is much faster than stamping thousands of
files one command at a time.
"""

# ruff: noqa: E501  (the vocabulary below is long sentences, one a line)
from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from random import Random

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from wordlists import WORDS  # noqa: E402

from directory.model import GuidanceMeta, PageMeta, Service, SiteConfig  # noqa: E402
from directory.translations import (  # noqa: E402
    article_texts,
    fingerprint,
    service_texts,
    site_texts,
)

EXAMPLE = REPO / "content"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/service.schema.json\n"
TODAY = date(2026, 11, 23)  # every date generated is before this day
TYPO_WORDS = ("respite", "dementia", "wheelchair", "counselling", "benefits")

# --- languages and places --------------------------------------------------------------------

LANGUAGE_INFO = {
    "en": ("English", "English", "ltr"),
    "bn": ("Bengali", "বাংলা", "ltr"),
    "gu": ("Gujarati", "ગુજરાતી", "ltr"),
    "pl": ("Polish", "Polski", "ltr"),
    "so": ("Somali", "Soomaali", "ltr"),
    "ur": ("Urdu", "اردو", "rtl"),
    "pa": ("Punjabi", "ਪੰਜਾਬੀ", "ltr"),
    "ar": ("Arabic", "العربية", "rtl"),
}
SENTENCE_END = {"bn": "।", "ur": "۔", "ar": "."}

AREAS = [  # (id, name, postcode outward letters)
    ("northmoor", "Northmoor", "NM"), ("eastbridge", "Eastbridge", "EB"),
    ("kingsfield", "Kingsfield", "KF"), ("ashworth-vale", "Ashworth Vale", "AV"),
    ("riverside", "Riverside", "RS"), ("hollin-cross", "Hollin Cross", "HX"),
    ("westerby", "Westerby", "WB"), ("saltmarsh", "Saltmarsh", "SM"),
    ("brackenfield", "Brackenfield", "BF"), ("oakhurst", "Oakhurst", "OH"),
]
AREA_TRANSLATIONS = {  # the example's own spellings, where it has them
    "bn": {"northmoor": "নর্থমুর", "eastbridge": "ইস্টব্রিজ", "kingsfield": "কিংসফিল্ড",
           "ashworth-vale": "অ্যাশওয়ার্থ ভেল", "riverside": "রিভারসাইড"},
    "gu": {"northmoor": "નોર્થમૂર", "eastbridge": "ઇસ્ટબ્રિજ", "kingsfield": "કિંગ્સફીલ્ડ",
           "ashworth-vale": "એશવર્થ વેલ", "riverside": "રિવરસાઇડ"},
    "ur": {"northmoor": "نارتھ مور", "eastbridge": "ایسٹ برج", "kingsfield": "کنگز فیلڈ",
           "ashworth-vale": "ایش ورتھ ویل", "riverside": "ریور سائیڈ"},
}
NEIGHBOURHOODS = [
    "St Anne's", "Hillside", "Canal Street", "Old Market", "Greenway", "Church Lane", "Parkside",
    "Station Road", "Meadowbank", "Southgate", "Northgate", "Elm Grove", "Mill Lane", "The Crescent",
    "Victoria Park", "Orchard", "Highfield", "Brookside", "Castle Hill", "Bridge End", "Fairview",
    "Holly Bank", "Lower Town", "Upper Town", "Abbey Fields", "Chapel Street", "Moorside",
    "Riverbank", "Willow Green", "Quarry Hill",
]
STREETS = [
    "High Street", "Market Place", "Church Road", "Station Road", "Mill Lane", "Park Avenue",
    "Victoria Street", "King Street", "Queen's Road", "Chapel Walk", "Bridge Street", "Green Lane",
    "The Parade", "Union Street", "Albert Road", "Canal Side", "Orchard Way", "Westgate",
]
BUILDINGS = [
    "Carers' Centre", "Community Centre", "Library", "Health Centre", "Family Hub", "Civic Centre",
    "Methodist Hall", "Mosque Community Room", "Gurdwara Hall", "Sports Centre", "Day Centre",
    "Neighbourhood Hub", "Church Hall", "Adult Education Centre", "Children's Centre",
]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # never C, I, K, M, O or V
# Ofcom's numbers for drama (1,000 each, never allocated): 15,000 numbers, so every phone differs
# up to about 12,000 services (shared numbers made `catalogue check` warn of likely duplicates by
# the hundred).
PHONE_RANGES = ["020 7946 0", "0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0",
                "0117 496 0", "0118 496 0", "0121 496 0", "0131 496 0", "0141 496 0",
                "0151 496 0", "0161 496 0", "01632 960", "07700 900", "0191 498 0"]

# --- what services are about -----------------------------------------------------------------
# Names never use the five typo words (only the typo targets do), so each typo query has one
# clear target; descriptions and categories use them freely.

CATEGORY_TEXT: dict[str, dict[str, list[str]]] = {
    "carers-assessment": {
        "names": ["Carer's Assessment Team", "Carers' Assessment Service", "Carer Support Review",
                  "Carers' Needs Assessment"],
        "summary": ["A free carer's assessment to talk about how caring affects you and what would help.",
                    "Ask for a carer's assessment and a support plan, by phone, online or at home."],
        "topic": ["A carer's assessment is a chance to talk about your own needs, not a test of how well you care.",
                  "We look at your health, sleep, work, money and time for yourself, and agree a support plan with you.",
                  "After the assessment you may be offered a personal budget, a direct payment or respite.",
                  "You can have a carer's assessment whatever your income and however many hours you care."],
    },
    "respite-and-breaks": {
        "names": ["Short Breaks", "Sitting Service", "Break Time", "Holiday Breaks", "Time Out Club",
                  "Short Stay Service"],
        "summary": ["Short breaks and respite so you can have time off from caring.",
                    "A trained sitter looks after the person you care for while you take a break."],
        "topic": ["Respite gives you a break from caring, from a few hours to a short stay away.",
                  "A trained sitter can stay with the person you look after while you rest, shop or see friends.",
                  "Short breaks can be paid for with a personal budget, a direct payment or privately.",
                  "Emergency respite is available at short notice if you are ill or have a family crisis."],
    },
    "carers-emergency-card": {
        "names": ["Emergency Card Scheme", "Carers' Emergency Plan", "What If Plan"],
        "summary": ["A carers' emergency card and plan so the person you look after is safe if something happens to you."],
        "topic": ["We help you write an emergency plan with the names of people who could step in.",
                  "The emergency card has a number that is answered day and night.",
                  "If you are suddenly taken ill, the response team makes sure the person you care for is not left alone."],
    },
    "urgent-and-out-of-hours": {
        "names": ["Out of Hours Line", "Crisis Response", "Night Support Line", "Urgent Help Line"],
        "summary": ["Urgent help in the evening, overnight and at weekends when something goes wrong."],
        "topic": ["The line is open in the evening, overnight, at weekends and on bank holidays.",
                  "Call us in a crisis if nobody can look after the person you care for tonight.",
                  "A duty worker can arrange urgent care at home or an emergency visit."],
    },
    "welfare-benefits-advice": {
        "names": ["Money Advice", "Welfare Rights Service", "Income Check", "Money Matters",
                  "Allowance Advice Line"],
        "summary": ["Free advice on benefits, Carer's Allowance and help to fill in the forms.",
                    "Check you are getting all the money you are entitled to as a carer."],
        "topic": ["An adviser checks which benefits you and the person you look after can claim.",
                  "Many carers miss out on Carer's Allowance, Attendance Allowance or Personal Independence Payment.",
                  "We help you fill in the forms and can go with you to an appeal or tribunal.",
                  "A benefits check takes about an hour and can be done by phone or at home."],
    },
    "legal-and-money": {
        "names": ["Power of Attorney Clinic", "Wills and Money Advice", "Legal Advice Clinic",
                  "Debt Advice"],
        "summary": ["Help with lasting power of attorney, wills, debts and managing money for someone else."],
        "topic": ["A lasting power of attorney lets you make decisions for someone who can no longer decide.",
                  "A solicitor can explain wills, trusts and deputyship in plain language.",
                  "We can help you manage debts and talk to banks, landlords and energy companies."],
    },
    "training": {
        "names": ["Carers' Training", "Caring Skills Course", "First Aid for Carers",
                  "Moving and Handling Course", "Coping Skills Course"],
        "summary": ["Free courses for carers on first aid, moving and handling and looking after yourself."],
        "topic": ["Our courses cover first aid, moving and handling, medication and managing stress.",
                  "Sessions are small, friendly and led by trainers who have been carers themselves.",
                  "Training is free for unpaid carers and you get a certificate at the end."],
    },
    "young-carers": {
        "names": ["Young Carers Project", "Young Carers Club", "Young Carers Group",
                  "Step Up Young Carers"],
        "summary": ["Clubs, trips and one-to-one support for young carers aged 8 to 18."],
        "topic": ["Young carers meet others who understand, have fun and take a break from caring.",
                  "We can talk to your school so teachers know you are a young carer.",
                  "Young carers can have a young carer's needs assessment from the council."],
    },
    "parent-carers": {
        "names": ["Parent Carers Forum", "Parent Carer Support", "SEND Family Support",
                  "Family Link Service"],
        "summary": ["Support for parents of disabled children, including advice on education, health and care plans."],
        "topic": ["Parent carers can share tips on schools, EHC plans and short breaks for disabled children.",
                  "We run coffee mornings, workshops and a helpline for parent carers.",
                  "A parent carer's needs assessment looks at what you need to keep caring."],
    },
    "minority-ethnic-carers-groups": {
        "names": ["Community Carers Group", "Asian Carers Group", "Somali Carers Circle",
                  "Polish Carers Group", "Bengali Carers Group", "Gujarati Carers Group"],
        "summary": ["A carers' group run in community languages, with interpreters and culturally aware support."],
        "topic": ["Meetings are held in Bengali, Gujarati, Urdu, Somali and Polish as well as English.",
                  "Workers understand the cultural and religious needs of families from different communities.",
                  "Interpreters can come to appointments and help with forms."],
    },
    "counselling-and-emotional-support": {
        "names": ["Talking Therapies", "Listening Service", "Emotional Support Service",
                  "Wellbeing Talks", "Someone to Talk To"],
        "summary": ["Confidential counselling and emotional support for carers, one to one or in a group."],
        "topic": ["Counselling gives you a safe, confidential space to talk about how you feel.",
                  "Sessions are with a qualified counsellor, in person, by phone or by video call.",
                  "Many carers feel guilt, anger, loss or loneliness, and it helps to talk."],
    },
    "peer-support": {
        "names": ["Carers' Café", "Peer Support Group", "Carers' Coffee Morning", "Carers' Circle",
                  "Walk and Talk Group", "Evening Carers Group"],
        "summary": ["A friendly group where carers meet, share tips and support each other."],
        "topic": ["The group meets every month for tea, cake and a chat with other carers.",
                  "Sometimes a guest speaker talks about benefits, equipment or looking after yourself.",
                  "You can bring the person you look after, and volunteers keep them company."],
    },
    "library-home-reader": {
        "names": ["Home Library Service", "Books on Wheels", "Library Home Reader"],
        "summary": ["Library books, audiobooks and large print delivered to people who cannot get to the library."],
        "topic": ["Volunteers bring library books, audiobooks and large print books to your home.",
                  "Carers can borrow books about caring, memory loss and wellbeing too."],
    },
    "hospital-discharge": {
        "names": ["Home from Hospital", "Hospital Discharge Support", "Settling In Service"],
        "summary": ["Practical help when the person you look after comes home from hospital."],
        "topic": ["We help plan the discharge from hospital so that care is ready at home.",
                  "A support worker visits in the first weeks after leaving hospital.",
                  "Ask the ward to refer you before the person comes home."],
    },
    "end-of-life-and-bereavement": {
        "names": ["Bereavement Support", "Hospice at Home", "Life After Caring Group",
                  "End of Life Support"],
        "summary": ["Support at the end of life and after the death of the person you cared for."],
        "topic": ["Hospice at home nurses can sit with the person at night so you can sleep.",
                  "Bereavement support is there for as long as you need it after the person has died.",
                  "Former carers can meet others who know what life after caring is like."],
    },
    "information-and-advice": {
        "names": ["Carers' Information Point", "Carers' Advice Line", "Carers' Hub",
                  "Information and Advice Service", "Carers' Centre"],
        "summary": ["Information and advice for carers on any question about caring, by phone, email or in person."],
        "topic": ["Our advisers answer questions about services, benefits, equipment and your rights.",
                  "You can drop in without an appointment or call the advice line.",
                  "We can tell you about local groups, breaks and training."],
    },
    "employment-and-working-carers": {
        "names": ["Working Carers Network", "Carers in Work", "Back to Work Support",
                  "Working Carers Evening Group"],
        "summary": ["Support for carers who work or want to work, including flexible working and carer's leave."],
        "topic": ["You have the right to ask for flexible working and to take carer's leave.",
                  "We help you talk to your employer about caring and work.",
                  "Evening and online meetings fit around your working day."],
    },
    "health-and-wellbeing": {
        "names": ["Carers' Wellbeing Service", "Health Check for Carers", "Carers' Gym Pass",
                  "Relaxation Sessions", "Mindfulness for Carers"],
        "summary": ["Activities and health checks that help carers look after their own health and wellbeing."],
        "topic": ["Carers often put their own health last, and we help you make time for it.",
                  "Ask your GP practice to record that you are a carer so you get a flu jab and health check.",
                  "Sessions include yoga, gentle exercise, massage and relaxation."],
    },
    "equipment-and-adaptations": {
        "names": ["Equipment Loan Store", "Mobility Aids", "Home Adaptations Service",
                  "Telecare Alarms", "Daily Living Aids"],
        "summary": ["Equipment, telecare and home adaptations that make caring at home safer and easier."],
        "topic": ["An occupational therapist can assess the home for rails, ramps, hoists and wheelchair access.",
                  "Telecare alarms and sensors alert you if the person you care for falls or leaves home at night.",
                  "Small equipment such as bath seats and grab rails can be loaned free of charge."],
    },
    "day-opportunities": {
        "names": ["Day Centre", "Day Opportunities", "Friendship Club", "Lunch Club",
                  "Activity Club"],
        "summary": ["A day centre with activities, meals and care, giving the person you look after a day out."],
        "topic": ["A typical day includes lunch, music, gardening, art, exercise and trips out.",
                  "Staff are trained in personal care and in caring for people with memory loss.",
                  "Transport can be arranged and the centre has accessible toilets."],
    },
    "sitting-and-care-at-home": {
        "names": ["Care at Home", "Home Care Service", "Night Sitting", "Home Support",
                  "Companion Service"],
        "summary": ["Care and support at home, including sitting, personal care and night care."],
        "topic": ["Care workers help with washing, dressing, meals and medication at home.",
                  "Night sitters stay overnight so you can get a full night's sleep.",
                  "Visits can be arranged daily, weekly or as a one-off."],
    },
    "advocacy": {
        "names": ["Carers' Advocacy", "Independent Advocacy", "Speak Up Service"],
        "summary": ["An independent advocate who helps you speak up and be heard in meetings with services."],
        "topic": ["An advocate helps you say what you want in meetings with social care and health services.",
                  "Advocacy is free, independent and confidential.",
                  "We can help you make a complaint or challenge a decision."],
    },
}

GENERIC = [
    "Many carers do not see themselves as carers at first: you may simply be a {relation} helping {person}.",
    "We support carers who look after {person} with {condition}.",
    "You do not need a diagnosis or a referral to get in touch with us.",
    "If {person} has {condition}, we can tell you about other services that might help.",
    "Our team has years of experience of working with unpaid carers in {area}.",
    "We know that caring can be tiring and lonely, and that it is hard to find time for yourself.",
    "Please tell us if you need an interpreter, large print or British Sign Language.",
    "Our building is step-free and has an accessible toilet and a hearing loop.",
    "Volunteers are trained, checked and supported by our staff.",
    "Sessions run on {day} from {time}, and we can sometimes arrange other times.",
    "We are open on {day} and some evenings, which suits carers who work during the day.",
    "You can come on your own or bring a friend or family member with you.",
    "There is free parking nearby and the bus stops outside.",
    "Carers tell us that meeting others in the same situation makes a real difference.",
    "We work closely with GP practices, hospitals, social workers and other local charities.",
    "If we cannot help, we will find someone who can.",
    "Everything you tell us is confidential, unless someone is at risk of harm.",
    "We can visit you at home if it is hard for you to get out.",
    "We also offer information about respite, benefits and counselling for carers.",
    "Some carers use a wheelchair themselves, and our rooms have space for wheelchair users.",
    "Families caring for someone with dementia often find the memory café a good place to start.",
    "Ask us about a carer's assessment if you have not had one in the last year.",
    "We can help you plan for the future and for an emergency.",
    "Our newsletter comes out four times a year with news, dates and tips.",
    "Staff and volunteers speak several languages, including Bengali, Urdu and Polish.",
    "Carers in {area} and nearby areas are welcome.",
    "We listen, we do not judge, and we take your worries seriously.",
    "It is fine to call just for a chat if you are having a bad day.",
    "We can put you in touch with the council's adult social care team.",
    "Young adult carers aged 16 to 25 have their own group.",
    "Older carers looking after a husband, wife or partner make up many of our members.",
    "We support parent carers of disabled children and adults with a learning disability or autism.",
    "A short break can help you keep caring for longer.",
    "Some of our services are funded by the council and free to carers who live in {area}.",
    "You can get in touch by phone, email or through our website.",
    "We will call you back within two working days.",
    "Please let us know if you need to cancel, so someone else can have the place.",
    "Tea, coffee and biscuits are always available.",
    "The person you look after can join in activities in the next room.",
    "We run extra sessions in the school holidays.",
]
BULLET_SETS = [
    "What we can help with",
    "What happens when you contact us",
    "Who can use this service",
    "What to bring",
]
BULLETS = [
    "a friendly chat about your situation", "information about local services",
    "help to fill in forms", "a carer's assessment or review", "time for yourself",
    "a named worker you can call", "advice on benefits and money", "help planning for an emergency",
    "meeting other carers", "training and workshops", "support in your own language",
    "a home visit if you cannot get out", "help with equipment and adaptations",
    "a short break for you", "someone to talk to in confidence", "support after a hospital stay",
    "activities for the person you look after", "advice about work and caring",
    "letters and phone calls made on your behalf", "a follow-up call after a month",
]
RELATIONS = ["daughter", "son", "husband", "wife", "partner", "parent", "neighbour", "friend",
             "grandparent", "brother", "sister"]
PEOPLE = ["your mum", "your dad", "your partner", "your husband", "your wife", "your son",
          "your daughter", "a friend", "a neighbour", "your brother", "your sister",
          "a grandparent", "an older relative", "a disabled child"]
CONDITION_WORDS = {
    "dementia": "dementia", "mental-health": "a mental health problem",
    "learning-disability": "a learning disability", "autism": "autism",
    "physical-disability": "a physical disability", "stroke": "a stroke",
    "sensory-impairment": "sight or hearing loss", "drug-and-alcohol-use": "drug or alcohol problems",
    "long-term-illness": "a long-term illness such as Parkinson's, MS or COPD",
    "end-of-life": "a terminal illness",
}
QUALIFIERS = ["", "", "", "Carers'", "Family", "Community", "Evening", "Weekend", "Saturday",
              "Men's", "Women's", "Older Carers'", "Young Adult", "Neighbourhood", "Friday",
              "Together", "Hope", "Lifeline", "Sunrise", "Harbour", "Open Door", "Crossroads"]
ORGANISATIONS = [
    "{area} Council Adult Social Care", "{area} Carers' Centre", "Age Concern {area}",
    "{area} Mind", "Crossroads Care {area}", "Citizens Advice {area}", "{area} Community Trust",
    "{area} Carers Partnership", "{area} Health and Care NHS Trust", "{area} Libraries",
    "{area} Volunteer Centre", "{area} Family Support", "{area} Parent Carers Forum",
    "{area} Asian Women's Association", "{area} Somali Community Association",
    "{area} Polish Social Club", "Riverside Care Trust", "{area} Hospice",
    "{area} Disability Rights", "{area} Memory Services",
]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DAY_NAMES = {d: d.capitalize() + "s" for d in DAYS}
PHONE_LABELS = ["Advice line", "Bookings", "Main office", "Helpline", "Text or call",
                "Duty worker", "Evening line"]
HOURS_NOTES = ["Closed on bank holidays.", "Home visits can be arranged at other times.",
               "The office is closed between Christmas and New Year.",
               "Evening sessions run in term time only.", "Call first to book a place."]
HOW_TO = ["Call the advice line or fill in the form on our website.",
          "Just turn up: no appointment is needed.",
          "Ask your social worker, GP or nurse to refer you.",
          "Email us with your name and phone number and we will call you back.",
          "Phone to book a place, or ask at your carer's assessment."]
ELIGIBILITY = ["Adult carers who look after someone living in {area}.",
               "Unpaid carers of any age in {area}.",
               "Carers aged 18 or over.", "Parent carers of children aged 0 to 25.",
               "Young carers aged 8 to 18.", "Carers of people aged 65 or over."]
ACCESS_NOTES = ["Ramp at the side entrance.", "Lift to all floors.", "Quiet room available.",
                "Ring the bell at the front door and we will come down.",
                "Blue Badge parking bays at the front."]
COST_DETAILS = {
    "paid": ["£{n} a session.", "£{n} an hour for sitting; the first visit is free.",
             "£{n} a day including lunch.", "£{n} for the whole course."],
    "varies": ["Free for most carers; some activities cost up to £{n}.",
               "Free after a carer's assessment; otherwise £{n} an hour.",
               "Depends on income: we will check what you would pay."],
}
ACCESSIBILITY = ["step-free", "lift", "accessible-toilet", "changing-places", "hearing-loop",
                 "parking", "blue-badge-parking", "quiet-space", "assistance-dogs"]
SPOKEN = ["en", "bn", "gu", "pl", "so", "ur", "pa", "hi", "ar", "ro", "tr", "ta", "bfi"]

GUIDANCE = [  # (slug, title, summary, stages, categories)
    ("am-i-a-carer", "Looking after someone? You may be a carer", "What being a carer means and the first steps.", ["new-to-caring"], ["information-and-advice"]),
    ("carers-assessment", "What is a carer's assessment?", "Who can have one and how to ask.", ["new-to-caring"], ["carers-assessment"]),
    ("taking-a-break", "Taking a break from caring", "Respite, sitting services and short breaks.", ["being-a-carer"], ["respite-and-breaks"]),
    ("money-and-benefits", "Money and benefits for carers", "Carer's Allowance and other benefits.", ["being-a-carer"], ["welfare-benefits-advice"]),
    ("planning-for-an-emergency", "Planning for an emergency", "Make a plan and get a carers' emergency card.", ["crisis-point"], ["carers-emergency-card"]),
    ("leaving-hospital", "When someone leaves hospital", "What to ask before the person comes home.", ["hospital-discharge"], ["hospital-discharge"]),
    ("working-and-caring", "Working and caring", "Your rights at work and carer's leave.", ["being-a-carer"], ["employment-and-working-carers"]),
    ("young-carers", "Young carers", "Help for children and young people who care.", ["being-a-carer"], ["young-carers"]),
    ("end-of-life-and-bereavement", "End of life and bereavement", "Support near the end of life and after.", ["end-of-life-and-bereavement"], ["end-of-life-and-bereavement"]),
    ("life-after-caring", "Life after caring", "When caring ends, what comes next.", ["life-after-caring"], ["peer-support"]),
    ("looking-after-yourself", "Looking after yourself", "Your health, sleep and wellbeing matter too.", ["being-a-carer"], ["health-and-wellbeing"]),
    ("caring-for-someone-with-dementia", "Caring for someone with memory loss", "What helps as memory loss changes.", ["when-caring-changes"], ["peer-support"]),
    ("equipment-at-home", "Equipment and adaptations at home", "Rails, hoists, telecare and how to get them.", ["being-a-carer"], ["equipment-and-adaptations"]),
    ("power-of-attorney", "Lasting power of attorney", "Making decisions for someone else.", ["when-caring-changes"], ["legal-and-money"]),
    ("parent-carers", "Parent carers of disabled children", "Education, health and care plans and short breaks.", ["being-a-carer"], ["parent-carers"]),
    ("talking-about-feelings", "Talking about how you feel", "Emotional support and counselling for carers.", ["being-a-carer"], ["counselling-and-emotional-support"]),
    ("getting-care-at-home", "Getting care at home", "Home care, sitting and night care.", ["when-caring-changes"], ["sitting-and-care-at-home"]),
    ("speaking-up", "Speaking up: advocacy for carers", "When an advocate can help you be heard.", ["crisis-point"], ["advocacy"]),
    ("day-centres", "Day centres and activities", "A day out for the person you look after.", ["being-a-carer"], ["day-opportunities"]),
    ("young-carer-to-adult", "From young carer to young adult carer", "Support at 16 to 25.", ["young-carer-to-young-adult-carer"], ["young-carers"]),
]

SHEADINGS = ["What to expect", "How to get help", "Questions to ask", "Your rights",
             "Where to start", "Looking after yourself", "Paying for support"]


# --- YAML output -----------------------------------------------------------------------------

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000,
                     default_flow_style=None)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


SMALL_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"}


def repeats_word(name: str) -> bool:
    """Whether a name says the same word twice, as "Older Carers' Carers' Café" would: carer,
    carers, carer's and carers' count as one word; small words such as "to" may repeat."""
    words = [re.sub(r"(?:'s|s'|s|')$", "", w.lower()) for w in name.split()]
    words = [w for w in words if w and w not in SMALL_WORDS]
    return len(words) != len(set(words))


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# --- the generator ---------------------------------------------------------------------------

class Generator:
    def __init__(self, services: int, languages: list[str], out: Path, seed: int):
        self.count = services
        self.languages = languages
        self.source = languages[0]
        self.others = languages[1:]
        self.out = out
        self.rng = Random(seed)
        self.taxonomy = yaml.safe_load((EXAMPLE / "taxonomy.yaml").read_text(encoding="utf-8"))
        self.tax_translations = {
            lang: yaml.safe_load(path.read_text(encoding="utf-8"))
            for lang in self.others
            if (path := EXAMPLE / f"taxonomy.{lang}.yaml").is_file()}
        self.categories = [t["id"] for t in self.taxonomy["categories"]]
        self.audiences = [t["id"] for t in self.taxonomy["audiences"]]
        self.stages = [t["id"] for t in self.taxonomy["journey_stages"]]
        self.conditions = [t["id"] for t in self.taxonomy["conditions"]]
        self.spoken = [t["id"] for t in self.taxonomy["languages"]]
        self.schemes = [t["id"] for t in self.taxonomy["quality_marks"]]
        self.validity = {t["id"]: t["validity_months"] for t in self.taxonomy["quality_marks"]}
        missing = set(CATEGORY_TEXT) ^ set(self.categories)
        if missing:
            raise SystemExit(f"taxonomy categories changed; update CATEGORY_TEXT: {sorted(missing)}")
        self.labels = {facet: {t["id"]: t["label"] for t in self.taxonomy[facet]}
                       for facet in ("categories", "audiences", "conditions")}
        self.words: dict[str, tuple[list[str], list[int]]] = {}
        for lang in self.others:
            pairs = WORDS.get(lang) or self._syllable_words(lang)
            self.words[lang] = ([w for w, _ in pairs], _cumulative([n for _, n in pairs]))
        self.areas: list[tuple[str, str, str]] = []
        self.names: set[str] = set()
        self.ids: set[str] = set()
        self.phone_next = 0

    # helpers --------------------------------------------------------------------------------

    def _syllable_words(self, lang: str) -> list[tuple[str, int]]:
        rng = Random(f"words-{lang}")
        syllables = ["ka", "lo", "mi", "ta", "ne", "ru", "sa", "vi", "do", "pe", "an", "el"]
        return [("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))), 100 - i // 3)
                for i in range(300)]

    def pick(self, items, low: int, high: int) -> list:
        return sorted(self.rng.sample(items, self.rng.randint(low, min(high, len(items)))),
                      key=items.index)

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, (end - start).days))

    def phone(self) -> str:
        """A number of Ofcom's ranges for drama, each used once while there are enough."""
        prefix = PHONE_RANGES[self.phone_next // 1000 % len(PHONE_RANGES)]
        number = f"{prefix}{self.phone_next % 1000:03d}"
        self.phone_next += 1
        return number

    def postcode(self, outward: str) -> str:
        r = self.rng
        return (f"{outward}{r.randint(1, 19)} {r.randint(0, 9)}"
                f"{r.choice(INWARD_LETTERS)}{r.choice(INWARD_LETTERS)}")

    def fill(self, template: str, area: str, conditions: list[str]) -> str:
        r = self.rng
        condition = CONDITION_WORDS[r.choice(conditions)] if conditions else r.choice(
            list(CONDITION_WORDS.values()))
        opens = r.choice(["9am", "10am", "10.30am", "1pm", "6pm", "7pm"])
        return template.format(person=r.choice(PEOPLE), relation=r.choice(RELATIONS),
                               condition=condition, area=area, day=DAY_NAMES[r.choice(DAYS)],
                               time=f"{opens} for two hours")

    # site -----------------------------------------------------------------------------------

    def site(self) -> dict:
        self.areas = AREAS[: self.rng.randint(6, 10)]
        languages = []
        for code in self.languages:
            name, native, direction = LANGUAGE_INFO.get(code, (code.upper(), code.upper(), "ltr"))
            entry = {"code": code, "name": name, "native_name": native, "direction": direction}
            if code != self.source:
                entry["sample_translation"] = True
            languages.append(entry)
        return {
            "title": f"Generated Carers' Directory ({self.count:,} services)",
            "tagline": "A generated catalogue for benchmarks: help and support for people who look after someone",
            "base_url": "https://carers.example.org/",
            "default_language": self.source,
            "languages": languages,
            "areas": [{"id": i, "name": n} for i, n, _ in self.areas],
            "review_interval_months": 12,
            "publisher": {"name": "Benchmark Carers Partnership", "url": "https://www.example.org/benchmark"},
            "feedback": {"email": "carers.directory@example.org",
                         "form_url": "https://www.example.org/feedback"},
            "urgent_help": {
                "intro": "If you or the person you look after is in danger or seriously ill, call 999 now.",
                "items": [
                    {"title": "Out-of-hours social care duty team",
                     "description": "Evenings, weekends and bank holidays, for urgent social care problems.",
                     "phone": "020 7946 0999", "url": "https://www.example.org/out-of-hours"},
                    {"title": "Emergency respite",
                     "description": "Short-term care at home if you suddenly cannot care.",
                     "phone": "020 7946 0991"},
                    {"title": "NHS urgent medical advice", "phone": "111"},
                ]},
            "accessibility_statement": {
                "compliance": "partially",
                "known_issues": ["Generated content: descriptions are not written for reading age."],
                "contact_email": "accessibility@example.org",
                "contact_phone": "020 7946 0100",
                "prepared_on": date(2026, 9, 1),
                "last_reviewed": date(2026, 11, 1),
                "tested_by": "Nobody: this catalogue is generated for benchmarks.",
            },
        }

    def site_translation(self, site: dict, lang: str) -> dict:
        areas = {i: {"name": AREA_TRANSLATIONS[lang][i]} for i, _, _ in self.areas
                 if i in AREA_TRANSLATIONS.get(lang, {})}
        data = {"source_fingerprint": fingerprint(site_texts(SiteConfig.model_validate(site)))}
        if areas:
            data["areas"] = areas
        data["title"] = self.sentence(lang, 3, 5, end=False)
        data["tagline"] = self.sentence(lang, 8, 14, end=False)
        return data

    # pseudo-translation ----------------------------------------------------------------------

    def sentence(self, lang: str, low: int, high: int, keywords: list[str] = (),
                 end: bool = True) -> str:
        words, cum = self.words[lang]
        chosen = self.rng.choices(words, cum_weights=cum, k=self.rng.randint(low, high))
        for word in keywords:
            chosen.insert(self.rng.randint(0, len(chosen)), word)
        text = " ".join(chosen)
        if lang in ("pl", "so") or lang not in WORDS:
            text = text[:1].upper() + text[1:]
        return nfc(text + (SENTENCE_END.get(lang, ".") if end else ""))

    def label_words(self, lang: str, facet: str, ids: list[str]) -> list[str]:
        terms = self.tax_translations.get(lang, {}).get(facet, {})
        words: list[str] = []
        for term_id in ids:
            label = (terms.get(term_id) or {}).get("label")
            if label:
                words += [w for w in (w.strip("()[],.;:'\"،۔।") for w in label.split()) if w]
        return words

    def translate_text(self, lang: str, english: str, keywords: list[str]) -> str:
        """A Markdown text of about the same length and shape, in `lang`'s words."""
        blocks = []
        for block in english.split("\n\n"):
            if block.startswith("- "):
                items = block.split("\n")
                blocks.append("\n".join("- " + self.sentence(lang, 2, 6, end=False) for _ in items))
            elif block.startswith("#"):
                blocks.append(block.split(" ", 1)[0] + " " + self.sentence(lang, 2, 4, end=False))
            else:
                n = max(4, len(block.split()))
                sentences, total = [], 0
                while total < n:
                    picked = [w for w in keywords if self.rng.random() < 0.15]
                    sentences.append(self.sentence(lang, 5, 14, picked))
                    total += len(sentences[-1].split())
                blocks.append(" ".join(sentences))
        return "\n\n".join(blocks) + "\n"

    # services -------------------------------------------------------------------------------

    def unique_name(self, categories: list[str], area: str) -> str:
        r = self.rng
        for attempt in range(50):
            noun = r.choice(CATEGORY_TEXT[r.choice(categories)]["names"])
            place = area if r.random() < 0.6 else r.choice(NEIGHBOURHOODS)
            qualifier = r.choice(QUALIFIERS) if attempt < 20 else f"{r.choice(QUALIFIERS)} {r.choice(QUALIFIERS)}".strip()
            name = " ".join(p for p in (place, qualifier, noun) if p)
            if attempt >= 40:
                name += f" {r.choice(['North', 'South', 'East', 'West', 'Central'])}"
            if name not in self.names and not repeats_word(name):
                self.names.add(name)
                return name
        raise RuntimeError("could not make a unique service name")

    def unique_id(self, name: str) -> str:
        base = slug(name)[:60].strip("-") or "service"
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def description(self, categories: list[str], conditions: list[str], area: str,
                    target: str | None = None) -> str:
        r = self.rng
        goal = r.randint(150, 400)
        topic = [s for c in categories for s in CATEGORY_TEXT[c]["topic"]]
        r.shuffle(topic)
        generic: list[str] = []
        paragraphs: list[str] = []
        words = 0
        if target:
            lead = (f"This {target} service is one of the main {target} services in {area}. "
                    f"Carers come to us for {target} support, and our {target} workers "
                    "know the area well.")
            paragraphs.append(lead)
            words += len(lead.split())
        bullets_done = False
        while words < goal:
            kind = r.random()
            if kind < 0.15 and not bullets_done and words > 40:
                items = r.sample(BULLETS, r.randint(3, 5))
                heading = r.choice(BULLET_SETS)
                block = f"{heading}:\n\n" + "\n".join(f"- {item}" for item in items)
                bullets_done = True
            else:
                sentences = []
                for _ in range(r.randint(2, 4)):
                    if topic and r.random() < 0.55:
                        sentences.append(topic.pop())
                    else:
                        if not generic:
                            generic = list(GENERIC)
                            r.shuffle(generic)
                        sentences.append(self.fill(generic.pop(), area, conditions))
                block = " ".join(sentences)
                if r.random() < 0.1:
                    first, _, rest = block.partition(". ")
                    block = f"**{first}.** {rest}" if rest else block
            paragraphs.append(block)
            words += len(block.split())
        return "\n\n".join(paragraphs) + "\n"

    def service(self, index: int, target: str | None = None) -> dict:
        r = self.rng
        if target:
            category = {"respite": "respite-and-breaks", "dementia": "peer-support",
                        "wheelchair": "equipment-and-adaptations",
                        "counselling": "counselling-and-emotional-support",
                        "benefits": "welfare-benefits-advice"}[target]
            categories = [category]
        else:
            categories = self.pick(self.categories, 1, 4)
        areas = self.pick(self.areas, 1, 3)
        area_name = areas[0][1]
        conditions = self.pick(self.conditions, 0, 3) if r.random() < 0.6 else []
        if target == "dementia":
            conditions = ["dementia"]
        if target:
            nouns = {"respite": "Respite Care", "dementia": "Dementia Support Hub",
                     "wheelchair": "Wheelchair Loan Service", "counselling": "Counselling for Carers",
                     "benefits": "Benefits Advice for Carers"}
            name = f"{area_name} {nouns[target]}"
            service_id = f"typo-target-{target}"
            self.names.add(name)
            self.ids.add(service_id)
            summary = f"{target.capitalize()} help for carers in {area_name}: ask us about {target}."
        else:
            name = self.unique_name(categories, area_name)
            service_id = self.unique_id(name)
            summary = r.choice(CATEGORY_TEXT[categories[0]]["summary"])
        organization = r.choice(ORGANISATIONS).format(area=area_name)
        phones = [{"number": self.phone(), "label": r.choice(PHONE_LABELS)}
                  for _ in range(r.choice([1, 1, 1, 2]))]
        if r.random() < 0.2:
            phones[0].pop("label")
        contact: dict = {"phones": phones} if r.random() < 0.95 else {}
        if r.random() < 0.8 or not contact:
            contact["email"] = f"{service_id[:40].strip('-')}@example.org"
        if r.random() < 0.8:
            contact["website"] = f"https://www.example.org/{service_id}"
        data: dict = {
            "id": service_id, "name": name, "organization": organization, "summary": summary,
            "description": self.description(categories, conditions, area_name, target),
            "categories": categories,
        }
        audiences = self.pick(self.audiences, 0, 3)
        if audiences:
            data["audiences"] = audiences
        stages = self.pick(self.stages, 0, 3)
        if stages:
            data["journey_stages"] = stages
        if conditions:
            data["conditions"] = conditions
        data["service_areas"] = [a[0] for a in areas]
        data["contact"] = contact
        if r.random() < 0.6:
            locations = []
            for a in self.pick(areas, 1, 2):
                location = {"name": f"{a[1]} {r.choice(BUILDINGS)}",
                            "address": [f"{r.randint(1, 250)} {r.choice(STREETS)}", a[1]],
                            "postcode": self.postcode(a[2])}
                if r.random() < 0.7:
                    location["accessibility"] = self.pick(ACCESSIBILITY, 1, 4)
                if r.random() < 0.3:
                    location["accessibility_notes"] = r.choice(ACCESS_NOTES)
                if r.random() < 0.15:
                    location.pop("name")
                locations.append(location)
            data["locations"] = locations
        hours = self.opening_hours()
        if hours:
            data["opening_hours"] = hours
        if r.random() < 0.3:
            data["hours_note"] = r.choice(HOURS_NOTES)
        cost_type = r.choices(["free", "paid", "varies"], weights=[55, 25, 20])[0]
        cost: dict = {"type": cost_type}
        if cost_type != "free":
            cost["details"] = r.choice(COST_DETAILS[cost_type]).format(n=r.randint(3, 90))
            if r.random() < 0.6:
                cost["payment"] = self.pick(["direct-payment", "personal-budget", "self-funded"], 1, 3)
        data["cost"] = cost
        access: dict = {"referral": r.choice(["self", "professional", "self-or-professional"])}
        if r.random() < 0.8:
            access["how_to"] = r.choice(HOW_TO)
        if r.random() < 0.6:
            access["eligibility"] = r.choice(ELIGIBILITY).format(area=area_name)
        data["access"] = access
        data["languages"] = ["en"] + [c for c in self.pick(self.spoken, 0, 3) if c != "en"]
        if r.random() < 1 / 3:
            # mostly valid for a while yet; about one in ten expires soon or has expired
            data["quality_marks"] = [{"scheme": s, "awarded": self.date_between(
                TODAY - timedelta(days=30 * self.validity[s] - (1 if r.random() < 0.1 else 90)),
                date(2026, 10, 31))} for s in self.pick(self.schemes, 1, 2)]
        if r.random() < 0.4:
            data["commissioned"] = True
        added = self.date_between(date(2025, 1, 2), date(2026, 9, 30))
        if r.random() < 0.05:  # about one in twenty is due for review (a warning)
            added = self.date_between(date(2025, 1, 2), date(2025, 10, 1))
            verified = self.date_between(added, date(2025, 11, 1))
        else:
            verified = self.date_between(max(added, date(2025, 12, 1)), date(2026, 11, 22))
        data["added"] = added
        data["last_verified"] = verified
        return data

    def opening_hours(self) -> list[dict]:
        r = self.rng
        roll = r.random()
        if roll < 0.25:
            return []
        if roll < 0.3:
            return [{"days": list(DAYS), "opens_at": "00:00", "closes_at": "23:59",
                     "note": "Open every day, including bank holidays"}]
        rows = [{"days": DAYS[:5], "opens_at": r.choice(["08:30", "09:00", "09:30", "10:00"]),
                 "closes_at": r.choice(["16:00", "16:30", "17:00", "17:30"])}]
        if r.random() < 0.3:
            rows.append({"days": [r.choice(DAYS[:5])], "opens_at": "18:00",
                         "closes_at": r.choice(["20:00", "20:30", "21:00"]),
                         "note": "Evening session"})
        if r.random() < 0.25:
            rows.append({"days": self.pick(DAYS[5:], 1, 2), "opens_at": "10:00",
                         "closes_at": r.choice(["13:00", "14:00", "16:00"])})
        if r.random() < 0.2:
            rows[0]["note"] = "Closed on bank holidays"
        return rows

    def service_translation(self, source: dict, lang: str) -> dict:
        r = self.rng
        fp = fingerprint(service_texts(Service.model_validate(source)))
        keywords = (self.label_words(lang, "categories", source["categories"])
                    + self.label_words(lang, "conditions", source.get("conditions", [])))
        area = source["service_areas"][0]
        area_name = AREA_TRANSLATIONS.get(lang, {}).get(area) or dict(
            (i, n) for i, n, _ in self.areas)[area]
        primary = self.label_words(lang, "categories", source["categories"][:1])
        name_words = primary or [self.sentence(lang, 2, 3, end=False)]
        name = f"{area_name} {' '.join(name_words)}"
        for _ in range(10):  # a word or two more, none of them already in the name
            extra = self.sentence(lang, 1, 2, end=False)
            words = extra.lower().split()
            if len(set(words)) == len(words) and not set(words) & set(name.lower().split()):
                break
        data: dict = {"source_fingerprint": fp, "name": nfc(f"{name} {extra}")}
        if r.random() < 0.3:
            data["organization"] = self.sentence(lang, 2, 4, end=False)
        data["summary"] = self.sentence(lang, 8, 18, keywords[:3])
        data["description"] = self.translate_text(lang, source["description"], keywords)
        if r.random() < 0.5:
            phones = source.get("contact", {}).get("phones", [])
            labels = [{"label": self.sentence(lang, 1, 3, end=False)} if "label" in p else {}
                      for p in phones]
            if any(labels):
                data["contact"] = {"phones": labels}
        notes = [{"note": self.sentence(lang, 2, 5, end=False)} if "note" in row else {}
                 for row in source.get("opening_hours", [])]
        if any(notes) and r.random() < 0.7:
            while notes and not notes[-1]:
                notes.pop()
            data["opening_hours"] = notes
        if "hours_note" in source and r.random() < 0.7:
            data["hours_note"] = self.sentence(lang, 5, 10)
        if "details" in source["cost"] and r.random() < 0.7:
            data["cost"] = {"details": self.sentence(lang, 4, 9)}
        access = {k: self.sentence(lang, 5, 12) for k in ("how_to", "eligibility")
                  if k in source["access"] and r.random() < 0.7}
        if access:
            data["access"] = access
        return data

    # articles -------------------------------------------------------------------------------

    def article_body(self, categories: list[str], low: int, high: int) -> str:
        r = self.rng
        goal = r.randint(low, high)
        topic = [s for c in categories for s in CATEGORY_TEXT[c]["topic"]]
        blocks, words = [], 0
        area = self.areas[0][1]
        generic = list(GENERIC)
        r.shuffle(topic)
        r.shuffle(generic)
        headings = list(SHEADINGS)
        r.shuffle(headings)
        while words < goal:
            if words and headings and r.random() < 0.25:
                blocks.append(f"## {headings.pop()}")
            if r.random() < 0.15:
                block = "\n".join(f"- {b}" for b in r.sample(BULLETS, r.randint(3, 5)))
            else:
                sentences = []
                for _ in range(r.randint(2, 5)):
                    if topic and r.random() < 0.4:
                        sentences.append(topic.pop())
                    else:
                        if not generic:
                            generic = list(GENERIC)
                            r.shuffle(generic)
                        sentences.append(self.fill(generic.pop(), area, []))
                block = " ".join(sentences)
            blocks.append(block)
            words += len(block.split())
        return "\n\n".join(blocks) + "\n"

    def write_article(self, folder: str, lang: str, slug_: str, meta: dict, body: str) -> None:
        path = self.out / folder / lang / f"{slug_}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nfc("---\n" + dump(meta) + "---\n" + body), encoding="utf-8")

    def articles(self) -> int:
        files = 0
        for order, (slug_, title, summary, stages, categories) in enumerate(GUIDANCE, start=1):
            stages = [s for s in stages if s in self.stages]
            categories = [c for c in categories if c in self.categories]
            meta = {"title": title, "summary": summary, "journey_stages": stages,
                    "categories": categories,
                    "last_reviewed": self.date_between(date(2026, 1, 5), date(2026, 11, 20)),
                    "order": order}
            body = self.article_body(categories, 300, 700)
            self.write_article("guidance", self.source, slug_, meta, body)
            fp = fingerprint(article_texts(GuidanceMeta.model_validate(meta), body))
            files += 1
            for lang in self.others:
                if self.rng.random() < 0.75:
                    self.write_article("guidance", lang, slug_, {
                        "source_fingerprint": fp, "title": self.sentence(lang, 3, 7, end=False),
                        "summary": self.sentence(lang, 6, 12)},
                        self.translate_text(lang, body, self.label_words(lang, "categories", categories)))
                    files += 1
        meta = {"title": "About this directory",
                "summary": "Who publishes this generated directory and how to suggest a change."}
        body = self.article_body(["information-and-advice"], 200, 300)
        self.write_article("pages", self.source, "about", meta, body)
        fp = fingerprint(article_texts(PageMeta.model_validate(meta), body))
        for lang in self.others:
            self.write_article("pages", lang, "about", {
                "source_fingerprint": fp, "title": self.sentence(lang, 2, 4, end=False),
                "summary": self.sentence(lang, 6, 12)}, self.translate_text(lang, body, []))
        return files + 1 + len(self.others)

    # everything -----------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        out = self.out
        if out.exists():
            if not (out / ".generated-catalogue").is_file() and any(out.iterdir()):
                raise SystemExit(f"{out} exists, is not empty and was not made by this script")
            shutil.rmtree(out)
        (out / "services").mkdir(parents=True)
        (out / ".generated-catalogue").write_text("made by bench/generate.py\n")
        counts = {"services": 0, "service translations": 0}

        site = self.site()
        (out / "site.yaml").write_text(dump(site), encoding="utf-8")
        for lang in self.others:
            (out / f"site.{lang}.yaml").write_text(dump(self.site_translation(site, lang)),
                                                   encoding="utf-8")
        for name in ("taxonomy", "glossary"):
            shutil.copyfile(EXAMPLE / f"{name}.yaml", out / f"{name}.yaml")
            for lang in self.others:
                if (EXAMPLE / f"{name}.{lang}.yaml").is_file():
                    shutil.copyfile(EXAMPLE / f"{name}.{lang}.yaml", out / f"{name}.{lang}.yaml")
        for lang in self.languages:
            if (EXAMPLE / "synonyms" / f"{lang}.yaml").is_file():
                (out / "synonyms").mkdir(exist_ok=True)
                shutil.copyfile(EXAMPLE / "synonyms" / f"{lang}.yaml", out / "synonyms" / f"{lang}.yaml")

        targets = list(TYPO_WORDS) if self.count >= len(TYPO_WORDS) else []
        plan = [None] * (self.count - len(targets))
        for word in targets:  # spread the targets through the catalogue
            plan.insert(self.rng.randint(0, len(plan)), word)
        for index, target in enumerate(plan):
            data = self.service(index, target)
            path = out / "services" / f"{data['id']}.yaml"
            path.write_text(nfc(SCHEMA_LINE + dump(data)), encoding="utf-8")
            counts["services"] += 1
            for lang in self.others:
                if self.rng.random() < 0.8:
                    translation = self.service_translation(data, lang)
                    (out / "services" / f"{data['id']}.{lang}.yaml").write_text(
                        nfc(dump(translation)), encoding="utf-8")
                    counts["service translations"] += 1
        counts["guidance and pages"] = self.articles()
        return counts


def _cumulative(weights: list[int]) -> list[int]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, required=True, help="how many services")
    parser.add_argument("--languages", default="en,bn,gu,pl,so,ur",
                        help="comma-separated language codes, the source language first")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    if not languages or args.services < 1:
        parser.error("need at least one language and one service")
    started = time.perf_counter()
    counts = Generator(args.services, languages, args.out, args.seed).run()
    elapsed = time.perf_counter() - started
    print(f"wrote {args.out}: " + ", ".join(f"{n:,} {k}" for k, n in counts.items())
          + f" in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
