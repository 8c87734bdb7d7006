"""The needs taxonomy operators pick from in a listening session: (code, Italian label,
English label), in display order. A plain constant so that the data migration that first
loads it (0002) and the demo loader, which restores it after a test flush, share it."""

NEEDS: list[tuple[str, str, str]] = [
    ("isolation", "Solitudine e isolamento", "Loneliness and isolation"),
    ("economic_hardship", "Difficoltà economica", "Economic hardship"),
    ("food", "Alimentazione", "Food"),
    ("housing", "Casa e abitare", "Housing"),
    ("health", "Salute", "Health"),
    ("work", "Lavoro", "Work"),
    ("bureaucracy_digital", "Pratiche burocratiche e digitali", "Bureaucracy and digital services"),
    ("care_load", "Carico di cura", "Care load"),
    ("mobility", "Mobilità e trasporti", "Mobility and transport"),
    ("family_relations", "Relazioni familiari", "Family relations"),
    ("education", "Istruzione e formazione", "Education and training"),
    ("language", "Lingua italiana", "Italian language"),
    ("legal", "Questioni legali", "Legal matters"),
    ("other", "Altro", "Other"),
]
