"""Word lists for seed_demo: believable people, companies and notes, none of them real.

Emails use the reserved example.* domains and phone numbers the ranges set aside
for drama, so demo data can never reach a real person.
"""
from candidates.choices import GotAwayReason
from outreach.choices import TouchKind

FIRST_NAMES = [
    "Amara", "Anders", "Aneesh", "Astrid", "Beatriz", "Bilal", "Camille", "Carlos", "Chiara", "Chidi",
    "Daniel", "Darius", "Elena", "Elif", "Emeka", "Esther", "Fatima", "Felix", "Fiona", "Gabriel",
    "Grace", "Hana", "Hassan", "Helena", "Hugo", "Ines", "Ingrid", "Isabel", "Jakub", "Jamal",
    "Javier", "Jonas", "Julia", "Kai", "Karim", "Kenji", "Khadija", "Lars", "Layla", "Leon",
    "Lina", "Lucas", "Lucia", "Mahmoud", "Malik", "Marco", "Marta", "Mateo", "Maya", "Mei",
    "Mikael", "Nadia", "Naomi", "Nia", "Nikolai", "Noah", "Nora", "Olga", "Omar", "Oskar",
    "Pablo", "Priya", "Rafael", "Rahul", "Rania", "Ravi", "Rosa", "Sakura", "Samir", "Sara",
    "Sebastian", "Sofia", "Tariq", "Thabo", "Tomas", "Valentina", "Vikram", "Yara", "Yusuf", "Zoe",
]
LAST_NAMES = [
    "Adeyemi", "Andersson", "Bauer", "Becker", "Bianchi", "Brennan", "Castillo", "Chen", "Costa", "Dubois",
    "Eriksen", "Fernandes", "Fischer", "Fitzgerald", "Garcia", "Haddad", "Hansen", "Hoffmann", "Ibrahim", "Ito",
    "Jansen", "Johansson", "Kaur", "Kim", "Kowalski", "Kumar", "Larsen", "Lefebvre", "Lindqvist", "Lopez",
    "Mahlangu", "Martin", "Mensah", "Moreau", "Morgan", "Nakamura", "Novak", "Nwosu", "O'Brien", "Okafor",
    "Oliveira", "Ortiz", "Park", "Patel", "Petrov", "Popescu", "Quinn", "Rahman", "Reyes", "Rossi",
    "Sato", "Schmidt", "Shah", "Silva", "Singh", "Sokolova", "Suzuki", "Tanaka", "Torres", "Novotna",
    "Van Dijk", "Vasquez", "Virtanen", "Wagner", "Walsh", "Wang", "Weber", "Yilmaz", "Zhang", "Zielinski",
]
EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]

COMPANIES = [
    "Northwind Analytics", "Brightwave Health", "Cobalt Robotics", "Meridian Bank", "Lumen Games",
    "Harbor Logistics", "Quartz Cloud", "Evergreen Energy", "Tidal Media", "Atlas Payments",
    "Juniper Insurance", "Nimbus Software", "Orbit Mobility", "Polar Security", "Sage Learning",
    "Summit Retail", "Vertex AI", "Willow Travel", "Helix Biotech", "Keystone Property",
    "Falcon Aerospace", "Granite Data", "Indigo Fashion", "Maple Foods", "Prism Design Studio",
]
# Where the candidate went instead; career updates pick from here too.
OTHER_EMPLOYERS = COMPANIES + [
    "Bluefin Fintech", "Crestline Consulting", "Emberly", "Forge Devices", "Horizon Telecom",
    "Kestrel Labs", "Moonshot Ventures", "Riverbend Hospital Group", "Solstice Solar", "Zenith Marketplace",
]

# Each track: (titles from junior to senior, skills, the role we interviewed them for).
TRACKS = [
    (["Backend Engineer", "Senior Backend Engineer", "Staff Engineer"],
     ["Python", "Django", "PostgreSQL", "Go", "Kafka", "AWS", "Redis", "gRPC"], "Senior Backend Engineer"),
    (["Frontend Engineer", "Senior Frontend Engineer", "Frontend Lead"],
     ["TypeScript", "React", "Next.js", "CSS", "Accessibility", "GraphQL", "Vite"], "Senior Frontend Engineer"),
    (["Data Analyst", "Data Engineer", "Senior Data Engineer"],
     ["SQL", "dbt", "Airflow", "Spark", "Snowflake", "Python", "Looker"], "Data Engineer"),
    (["ML Engineer", "Senior ML Engineer", "Applied Scientist"],
     ["PyTorch", "MLOps", "NLP", "Python", "Kubernetes", "Recommender systems"], "Machine Learning Engineer"),
    (["Product Manager", "Senior Product Manager", "Group Product Manager"],
     ["Discovery", "Roadmapping", "SQL", "Experimentation", "B2B SaaS", "Payments"], "Senior Product Manager"),
    (["Product Designer", "Senior Product Designer", "Design Lead"],
     ["Figma", "Design systems", "User research", "Prototyping", "Accessibility"], "Senior Product Designer"),
    (["Site Reliability Engineer", "Senior SRE", "Platform Lead"],
     ["Kubernetes", "Terraform", "AWS", "Observability", "Linux", "Incident response"], "Senior SRE"),
    (["iOS Engineer", "Senior Mobile Engineer", "Mobile Lead"],
     ["Swift", "Kotlin", "React Native", "iOS", "Android", "CI/CD"], "Senior Mobile Engineer"),
    (["Security Engineer", "Senior Security Engineer", "Security Lead"],
     ["AppSec", "Threat modelling", "Cloud security", "Go", "Pen testing"], "Senior Security Engineer"),
    (["Engineering Manager", "Senior Engineering Manager", "Director of Engineering"],
     ["People leadership", "Hiring", "Delivery", "Architecture", "Coaching"], "Engineering Manager"),
]
DESIGN_TRACK = 5

LOCATIONS = [
    ("London, UK", "+44 7700 900{:03d}"), ("Manchester, UK", "+44 7700 900{:03d}"),
    ("Dublin, Ireland", "+353 85 555 0{:03d}"), ("Berlin, Germany", "+49 151 555 0{:03d}"),
    ("Amsterdam, Netherlands", "+31 6 5555 0{:03d}"), ("Lisbon, Portugal", "+351 912 555 {:03d}"),
    ("New York, NY", "+1 212 555 0{:03d}"), ("Austin, TX", "+1 512 555 0{:03d}"),
    ("Toronto, Canada", "+1 416 555 0{:03d}"), ("San Francisco, CA", "+1 415 555 0{:03d}"),
    ("Singapore", "+65 5555 0{:03d}"), ("Sydney, Australia", "+61 491 570 {:03d}"),
    ("Remote (EU)", ""), ("Remote (US)", ""),
]

INTERVIEWER_NAMES = [
    "Priya Raman", "Tom Becker", "Aisha Bello", "Marcus Lee", "Sofia Marin", "James Carter",
    "Hiro Tanaka", "Elena Rossi", "Dev Patel", "Grace Kim",
]

GOT_AWAY_DETAILS = {
    GotAwayReason.DECLINED_OFFER: [
        "Accepted a counter-offer from their current employer.",
        "Chose a competing offer with a bigger scope.",
        "Declined after the final round; wanted a shorter commute.",
    ],
    GotAwayReason.COMPENSATION_GAP: [
        "Expectations were about 15% above our band.",
        "Equity mattered more than base; our package fell short.",
        "We could not match their current bonus.",
    ],
    GotAwayReason.NO_BUDGET: [
        "Headcount was frozen two days before the offer.",
        "The role was cut in the budget review.",
    ],
    GotAwayReason.HIRED_SOMEONE_ELSE: [
        "Close second; we hired an internal transfer.",
        "Strong, but another finalist had more domain experience.",
    ],
    GotAwayReason.MOVED_TOO_SLOWLY: [
        "Our process took six weeks; they signed elsewhere in week four.",
        "Scheduling the onsite slipped twice and we lost them.",
    ],
    GotAwayReason.TIMING: [
        "Wanted to stay until their product launch ships.",
        "Parental leave coming up; asked us to reconnect later.",
        "Just vested and not ready to move this year.",
    ],
    GotAwayReason.RELOCATION: [
        "Role needed to be on-site; they are moving abroad.",
        "Family reasons keep them in another city for now.",
    ],
    GotAwayReason.OTHER: [
        "Decided to go back to studying for a year.",
        "Went freelance to try consulting.",
    ],
}

TOUCH_SUMMARIES = {
    TouchKind.EMAIL: [
        "Sent congratulations on the new role.", "Shared our engineering blog post on the platform rewrite.",
        "Checked in on how the new team is going.", "Sent the opening for the staff role, no pressure.",
        "Quick hello and an update on our Series B.",
    ],
    TouchKind.PHONE_CALL: [
        "20-minute catch-up; enjoying the role but missing product ownership.",
        "Called about the lead opening; open to chatting in the new year.",
        "Talked compensation expectations for next year.",
    ],
    TouchKind.SOCIAL: [
        "Liked and commented on their conference talk post.", "Congratulated them on the work anniversary.",
        "Shared their open-source release with the team.",
    ],
    TouchKind.NEWSLETTER: ["Quarterly talent newsletter.", "Newsletter: new offices and open roles."],
    TouchKind.EVENT: [
        "Met at our meetup on data platforms.", "Invited to the summer engineering evening; attended.",
        "Saw them at the design conference afterparty.",
    ],
    TouchKind.MEETING: [
        "Coffee near their office; thinking about a move in six months.",
        "Lunch with the hiring manager; good rapport.",
    ],
    TouchKind.OTHER: ["Sent a book they mentioned in the interview."],
}
INBOUND_SUMMARIES = [
    "They asked whether the senior role is still open.", "Replied to our newsletter with questions about remote work.",
    "Reached out: their team is being restructured.", "Referred a former colleague to us.",
]

STRENGTHS = [
    "Clear, structured thinking in the system design round.", "Excellent communicator; explained trade-offs well.",
    "Deep hands-on experience with our stack.", "Strong product sense and user empathy.",
    "Great collaborator; the panel enjoyed working with them.",
]
CONCERNS = [
    "Less experience with large-scale distributed systems.", "Wanted more seniority than the role offered.",
    "Some gaps in testing practice.", "", "",
]
CANDIDATE_NOTES = [
    "Thank you for your time with us. The panel was impressed by how clearly you explained your design decisions.",
    "You stood out for your collaboration and your questions about our users. We would love to stay in touch.",
    "Your technical depth was excellent; the team hopes our paths cross again when the timing suits you.",
    "",
]
CAREER_NOTES = [
    "Saw the announcement on LinkedIn.", "Mentioned it during our last call.", "Promotion after their first year.",
    "",
]

# What each track asks for a year, in thousands, in London (GBP); scaled by where they live.
TRACK_PAY_K = [85, 75, 75, 95, 85, 70, 85, 75, 90, 110]
# Where they live (the part of LOCATIONS after the comma, or the whole of it) -> (currency, multiplier).
LOCATION_PAY = {
    "UK": ("GBP", 1.0), "Ireland": ("EUR", 1.1), "Germany": ("EUR", 1.05), "Netherlands": ("EUR", 1.05),
    "Portugal": ("EUR", 0.7), "Remote (EU)": ("EUR", 1.0), "NY": ("USD", 1.7), "TX": ("USD", 1.45),
    "CA": ("USD", 1.8), "Canada": ("USD", 1.15), "Singapore": ("USD", 1.15), "Australia": ("USD", 1.15),
    "Remote (US)": ("USD", 1.4),
}
