"""Word pools for the generated data set: enough variety that a name search behaves like the real thing.

Surnames are built from syllables (a few thousand distinct ones), so searching for one
person's surname matches a small, size-proportional set, as it would in a real team.
"""


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Aaliyah Abdul Ada Adebayo Adriana Aiko Alejandro Alessia Ali Amara Amelia Ana Anders Andrea Aneesh Anja "
    "Arjun Astrid Aurelia Ayesha Bartosz Beatriz Bilal Bjorn Camille Carlos Chen Chiara Chidi Chloe Daniel Darius "
    "Dmitri Elena Elif Emeka Emil Emma Esther Fatima Felix Fiona Gabriel Grace Hana Hannah Hassan Helena Hugo "
    "Ibrahim Ines Ingrid Isabel Ivan Jakub Jamal Javier Jin Joao Jonas Julia Kai Kamala Karim Katarzyna Kenji "
    "Khadija Lars Layla Leila Leon Liam Lina Lucas Lucia Luca Mahmoud Malik Marco Maria Marta Mateo Maya Mehmet "
    "Mei Mia Mikael Ming Nadia Naomi Nia Nikolai Noah Nora Olga Omar Oskar Pablo Priya Rafael Rahul Rania Ravi "
    "Rosa Sakura Samir Sara Sebastian Sofia Soren Sven Tariq Thabo Tomas Valentina Vikram Yara Yusuf Zara Zoe"
)

_SURNAME_HEADS = _words(
    "Ab Al Am Ander Bar Bel Ber Bran Cal Car Dal Dan Del Dor Ed El Er Fal Fer Gal Gar Hal Har Hen Ib Ish Jan Kal "
    "Kar Kov Lam Lar Lind Mal Mar Mor Nak Nor Ok Ol Pal Par Pet Quin Ram Ros Sal San Sor Tak Tan Var Vel Wal Yam Zel"
)
_SURNAME_TAILS = _words(
    "aki ani ard ario berg bert dottir ek ello enko ez ford gaard hoff ian ida ikova ini ino isch ita kowski "
    "lund man mann ovic ssen stad stein ton uchi ura vara vic wood yama zadeh zi ona ero ström ades osi"
)
SURNAMES = [head + tail for head in _SURNAME_HEADS for tail in _SURNAME_TAILS]

_COMPANY_WORDS = _words(
    "Acme Apex Atlas Aurora Beacon Blue Bright Cedar Cobalt Crest Delta Ember Evergreen Falcon Forge Granite Harbor "
    "Helix Horizon Indigo Iron Juniper Keystone Lumen Maple Meridian Nimbus Northwind Nova Oak Orbit Pine Polar "
    "Prism Quantum Quartz River Sage Silver Solar Summit Tidal Vertex Willow Zenith"
)
_COMPANY_KINDS = _words("Labs Systems Analytics Health Bank Robotics Energy Logistics Media Games Software Cloud AI")
COMPANIES = [f"{word} {kind}" for word in _COMPANY_WORDS for kind in _COMPANY_KINDS]

TITLES = [
    "Backend Engineer", "Senior Backend Engineer", "Staff Engineer", "Frontend Engineer", "Data Scientist",
    "Data Engineer", "Engineering Manager", "Product Manager", "Product Designer", "Site Reliability Engineer",
    "Mobile Engineer", "Machine Learning Engineer", "Security Engineer", "QA Engineer", "Solutions Architect",
    "Head of Engineering", "Platform Engineer", "Analytics Engineer",
]
LOCATIONS = [
    "London", "Berlin", "Lisbon", "Warsaw", "Amsterdam", "Paris", "Madrid", "Stockholm", "Dublin", "New York",
    "Toronto", "Austin", "São Paulo", "Lagos", "Nairobi", "Bangalore", "Singapore", "Tokyo", "Sydney", "Remote",
]
SKILLS = [
    "Python", "Django", "PostgreSQL", "Go", "Rust", "TypeScript", "React", "Kubernetes", "AWS", "GCP", "Terraform",
    "Kafka", "Spark", "SQL", "Java", "Kotlin", "Swift", "ML", "LLMs", "Figma", "Redis", "GraphQL",
]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com"]
TIMEZONES = [
    "Europe/London", "Europe/Berlin", "Europe/Lisbon", "Europe/Warsaw", "America/New_York", "America/Chicago",
    "America/Los_Angeles", "America/Sao_Paulo", "Africa/Lagos", "Asia/Kolkata", "Asia/Singapore", "Australia/Sydney",
]
TOUCH_SUMMARIES = [
    "Quick catch-up, happy where they are for now.",
    "Shared our new engineering blog post.",
    "Congratulated them on the promotion.",
    "Asked about their plans for next year.",
    "Invited them to the meetup in town.",
    "Coffee chat: interested in a lead role later this year.",
    "Sent the quarterly newsletter.",
    "They asked about remote options.",
    "Liked their conference talk, left a comment.",
    "Checked in after their product launch.",
    "Call: compensation expectations have moved up.",
    "No reply yet, will try another channel.",
    "",
]
STRENGTHS = [
    "Clear system design, strong on trade-offs.", "Excellent debugging under pressure.",
    "Great communicator, explains complex ideas simply.", "Deep PostgreSQL knowledge.",
    "Pragmatic, ships small increments.", "Strong ownership and mentoring track record.",
]
CONCERNS = [
    "Limited experience with our stack.", "Compensation expectations above band.",
    "Notice period of three months.", "Little exposure to on-call.", "", "",
]
CANDIDATE_NOTES = [
    "Thank you for your time: the panel loved your approach to the design exercise.",
    "Your debugging session was one of the best we have seen this year.",
    "We would love to stay in touch for future senior roles.",
    "",
]
CAREER_NOTES = ["Saw it on LinkedIn.", "They told us on a call.", "Mentioned in their newsletter reply.", ""]
INTERVIEWERS = ["A. Smith", "B. Jones", "C. Garcia", "D. Chen", "E. Novak", "F. Okafor", "G. Rossi"]

# Openings' teams, and what a role pays: a base in thousands (in London, GBP), scaled by where it is.
TEAMS = ["Platform", "Payments", "Growth", "Data", "Mobile", "Infrastructure", "Search", "Security", "Design",
         "Developer Experience", "Risk", "Core API"]
TITLE_PAY_K = {
    "Backend Engineer": 70, "Senior Backend Engineer": 90, "Staff Engineer": 125, "Frontend Engineer": 65,
    "Data Scientist": 75, "Data Engineer": 75, "Engineering Manager": 115, "Product Manager": 85,
    "Product Designer": 65, "Site Reliability Engineer": 85, "Mobile Engineer": 70,
    "Machine Learning Engineer": 95, "Security Engineer": 85, "QA Engineer": 55, "Solutions Architect": 95,
    "Head of Engineering": 150, "Platform Engineer": 85, "Analytics Engineer": 70,
}
# Where a candidate lives -> (currency they are paid in, multiplier on the London base).
LOCATION_PAY = {
    "London": ("GBP", 1.0), "Dublin": ("EUR", 1.1), "Berlin": ("EUR", 1.0), "Amsterdam": ("EUR", 1.05),
    "Paris": ("EUR", 0.95), "Stockholm": ("EUR", 0.95), "Lisbon": ("EUR", 0.7), "Madrid": ("EUR", 0.75),
    "Warsaw": ("EUR", 0.7), "New York": ("USD", 1.6), "Austin": ("USD", 1.4), "Toronto": ("USD", 1.1),
    "São Paulo": ("USD", 0.8), "Lagos": ("USD", 0.8), "Nairobi": ("USD", 0.8), "Bangalore": ("USD", 0.8),
    "Singapore": ("USD", 1.1), "Tokyo": ("USD", 1.0), "Sydney": ("USD", 1.1), "Remote": ("USD", 1.1),
}
# A yearly pay asked or offered stays within this band (in whole units), whatever the role and place.
PAY_FLOOR, PAY_CEILING = 60_000, 200_000
