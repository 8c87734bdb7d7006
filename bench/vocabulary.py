"""Words the generator builds Italian names from: organisations of the third sector around
Turin, streets, neighbourhoods of the consortium's towns and, for tier M, towns of a region."""

# One line per group of words reads better than one word per line.
# fmt: off
NOUNS = (
    "Il Ponte", "La Goccia", "Arcobaleno", "Il Girasole", "L'Albero", "Il Faro", "La Bottega",
    "Insieme", "Solidarietà", "Speranza", "Mano Amica", "Filo d'Argento", "Il Sorriso",
    "La Rondine", "Casa Aperta", "Il Melograno", "Oltre", "Terra Mia", "La Tenda", "Il Seme",
    "Germogli", "La Rete", "Passo dopo Passo", "Nuovi Orizzonti", "Città Futura", "Libertà",
    "Comunità Viva", "L'Approdo", "Il Cerchio", "Punto a Capo", "La Svolta", "Dopo di Noi",
    "Il Granello", "L'Abbraccio", "Ali Spiegate", "Porte Aperte", "Il Quadrifoglio",
    "La Lanterna", "Il Volo", "Sentieri", "Il Mosaico", "Piazza Amica", "Officina Sociale",
    "Pane Quotidiano", "Radici", "Fili d'Erba", "Noi Insieme", "Sorgente", "Il Chicco",
    "Caffè Sospeso", "Vivere Meglio", "Età d'Oro", "La Fenice", "Tuttinsieme", "Primavera",
)
PEOPLE = (
    "Don Bosco", "Madre Teresa", "Pier Giorgio Frassati", "San Vincenzo de' Paoli",
    "Giuseppe Cottolengo", "Rita Levi-Montalcini", "Don Lorenzo Milani", "Alda Merini",
    "Primo Levi", "Sandro Pertini", "Maria Montessori", "Natalia Ginzburg", "Cesare Pavese",
    "Giovanni XXIII", "Francesco d'Assisi", "Chiara Lubich", "Ada Gobetti", "Piero Gobetti",
    "Leonardo Murialdo", "Francesco Faà di Bruno", "Giulia di Barolo", "Carlo Levi",
    "Nicolò Tommaseo", "Teresa Noce", "Giuseppe Allamano", "Luigi Einaudi", "Lidia Poët",
)
NEIGHBOURHOODS = (
    "Borgata Paradiso", "Borgo Nuovo", "Santa Maria", "Leumann", "Cascine Vica", "Tetti Neirotti",
    "Lesna", "Gerbido", "Savonera", "Terracorta", "Centro Storico", "Borgo Vecchio", "Stazione",
    "San Giacomo", "Fabbrichetta", "Bruere", "Pozzo Strada", "San Grato",
)
STREETS = (
    "Via Roma", "Corso Francia", "Via Torino", "Via Giuseppe Garibaldi", "Piazza del Municipio",
    "Via Cavour", "Via Leonardo da Vinci", "Corso Allamano", "Via Fratelli Cervi",
    "Via Martiri XXX Aprile", "Via San Rocco", "Via Antonio Gramsci", "Via Piave",
    "Via Don Minzoni", "Via Giacomo Matteotti", "Piazza Marconi", "Via Cesare Pavese",
    "Via Sabotino", "Corso Susa", "Via Pianezza",
)
ACTIVITIES = (
    "Accompagnamento di anziani soli e consegna della spesa a domicilio",
    "Doposcuola e laboratori per ragazze e ragazzi delle scuole medie",
    "Sportello di ascolto e orientamento ai servizi per famiglie in difficoltà",
    "Raccolta e distribuzione di alimenti recuperati dalla grande distribuzione",
    "Corsi di italiano per donne e uomini stranieri",
    "Attività sportive dilettantistiche aperte a tutte le età",
    "Inserimento lavorativo di persone svantaggiate",
    "Gestione di alloggi temporanei e accompagnamento all'autonomia abitativa",
    "Trasporto sociale verso ospedali e centri di cura",
    "Laboratori teatrali e musicali nei quartieri",
    "Cura del verde pubblico e degli orti urbani condivisi",
    "Servizi educativi per la prima infanzia",
    "Supporto a persone con disabilità e alle loro famiglie",
    "Protezione civile e assistenza in caso di emergenza",
)
TOWN_HEADS = (
    "San Martino", "Castelnuovo", "Villanova", "Borgofranco", "Montalto", "Roccaforte",
    "Pianfei", "Cascinette", "Sant'Ambrogio", "Torre", "Ponte", "Colleretto", "Frassinetto",
    "Valperga", "Bricherasio", "Moncucco", "Santo Stefano", "Castagneto", "Rivalba",
    "Montaldo", "Vallorsa", "Costigliole", "Serravalle", "Cervere", "Belvedere",
)
TOWN_TAILS = (
    "Canavese", "Monferrato", "Torinese", "Scrivia", "d'Asti", "Po", "Dora", "Sesia", "Tanaro",
    "Val Chisone", "Superiore", "Inferiore", "Langhe", "Roero", "Belbo", "Alto",
)
PARISHES = (
    "San Giuseppe", "Santa Maria Assunta", "San Lorenzo", "Santi Pietro e Paolo", "San Massimo",
    "Sant'Anna", "San Grato", "Santa Croce", "San Martino", "Beata Vergine Consolata",
    "San Giovanni Bosco", "Santa Chiara", "San Bernardino", "Madonna della Guardia",
)
PROVINCES = ("TO", "TO", "TO", "CN", "CN", "AL", "AT", "NO", "VC", "BI", "VB")
# fmt: on
