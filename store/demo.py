"""The demo campaign, built only from the two seed documents (see ../shared/seeds/).

Facts not in the seeds are left empty rather than invented: the roster starts empty, the
delegation has no capacity, and the petition's one reading is dated with a note saying the
announcement gave no exact date. The 2013 announcement's contact addresses were obfuscated
in the seed ("[email protected]"), so no delegation contact email is set.
"""

from __future__ import annotations

from datetime import date, datetime

from .models import (
    Campaign,
    CampaignInfo,
    Delegation,
    LetterTemplate,
    Milestone,
    Petition,
    Placeholder,
    Reading,
    Speaker,
    Target,
    TourStop,
)

# Stable ids, so exports and tests can refer to demo records across runs.
JAIME = "spk-jaime-rivera"
ALEX = "spk-alex-gomez"
LETTER = "ltr-stisss-2019"

EAST_COAST = [  # Jaime Rivera, STSEL
    ("DC", date(2013, 2, 3), date(2013, 2, 5)),
    ("New York City", date(2013, 2, 6), date(2013, 2, 7)),
    ("Boston", date(2013, 2, 8), date(2013, 2, 9)),
    ("Philadelphia", date(2013, 2, 11), date(2013, 2, 11)),
]
WEST_COAST = [  # Alex Gomez, FESTRASPES
    ("Seattle", date(2013, 2, 3), date(2013, 2, 4)),
    ("Olympia, WA", date(2013, 2, 5), date(2013, 2, 5)),
    ("Portland, OR", date(2013, 2, 6), date(2013, 2, 6)),
    ("Santa Cruz, CA", date(2013, 2, 7), date(2013, 2, 8)),
    ("San Francisco", date(2013, 2, 9), date(2013, 2, 11)),
    ("Los Angeles", date(2013, 2, 12), date(2013, 2, 13)),
]

LETTER_ES = """\
{date}

Señor Ingeniero Rolando Castro
Ministro de Trabajo y Previsión Social
Ministerio de Trabajo y Previsión Social
Presente.

Estimado Ministro Castro,

Por parte de los {members} miembros del nuestro sindicato {union}, deseamos expresar nuestra grave preocupación por las acciones tomadas por parte del Ministerio de Trabajo y Previsión Social en contra del Sindicato de Trabajadores del Instituto Salvadoreño de Seguro Social (STISSS), empezando por la destitución ilegal de la junta directiva el 4 de septiembre de 2019, la cual se componía por Armida Estela Franco, José Roberto Méndez, Kevin Rojas, Francisco Franco, José Abel Cerna, Jenny Elizabeth Barrientos, Eduardo Calles Recibos, Nelly Ponce y Jaime Leonel Martínez. Le exigimos un revierte inmediata a esta orden administrativa, la cual viola no solos los estatutos sindicales y la Constitución de la República de El Salvador, pero también los convenios internacionales.

Además, denunciamos el desalojo físico de los miembros legítimos de la junta directiva de su local en el parqueo del Hospital General el 22 de septiembre. La participación de agentes de la Policía Nacional Civil en bloquear la entrada a su propio local es reprobable y representa un retroceso preocupante en materia de los derechos humanos.

Este acto de fuerza que sigue un atentado en local del STISSS el 17 de septiembre en donde personas armados con corbos y cuchillos amenazaron a los y las sindicalistas que estuvieron presente en el local en ese momento, la cual sugiere la negligencia o la posible colaboración por parte del mismo Instituto Salvadoreño de Seguridad Social.

Entendemos que en el mes de abril de 2019, un grupo minoritario dentro del STISSS intentó usurpar la junta directiva a través de una asamblea extraordinaria no legalmente convocada. Reconocer este grupo con credenciales en vez de reconocer la junta directiva legalmente elegido en diciembre de 2018 según los estatutos del sindicato es una grave violación de los derechos de los afiliados y las afiliadas para elegir su propio liderazgo sindical y pone en riesgo el cumplimiento del Estado con varios compromisos legales, tal domesticas como internacionales.

Si son concretadas estas acciones en contra del STISSS, serán reconocidos a nivel internacional como un intento aterrador por el actual gobierno en contra de todos los sindicatos en El Salvador. Esperamos que el Ministro de Trabajo no se convirtiera en un mecanismo de castigo político en contra de cualquier sindicato que expresa oposición a las propuestas de la actual administración y así viole el derecho de libre expresión que es pilar fundamental de la democracia.

Le exigimos que cesa este atropello flagrante de derechos humanos y laborales; que devuelva las credencias a los y las miembros legítimos de la junta directiva del STISSS legalmente elegida: Armida Estela Franco, José Roberto Méndez, Kevin Rojas, Francisco Franco, José Abel Cerna, Jenny Elizabeth Barrientos, Eduardo Calles Recibos, Nelly Ponce y Jaime Leonel Martínez; que ordene el retiro inmediato del local del STISSS cualquier persona no legalmente elegido por los afiliados y las afiliadas; y que inmediatamente se retiren los agentes de la PNC del local.

Estaremos pendientes de los avances en este caso. Esperamos que el Presidente Nayib Bukele cumpla con su promesa de estar al lado del trabajador salvadoreño y la trabajadora salvadoreña, la cual significa garantizar un ámbito a favor de los derechos sindicales y un estado de derecho.

Atentamente,
{signer_name}
{signer_title}

CC:
Señor Nayib Bukele, Presidente de la República de El Salvador
Señor Félix Ulloa, Vicepresidente de la República de El Salvador
Doctor Herbert Rivera Alemán, Director del Instituto Salvadoreño de Seguro Social
Procuraduría para la Defensa de los Derechos Humanos
"""

LETTER_EN = """\
{date}

Minister Rolando Castro
Minister of Labor and Social Welfare
Ministry of Labor and Social Welfare

Dear Minister Castro,

On the part of the {members} members of our union {union}, we wish to express our grave concern about the actions taken by the Ministry of Labor and Social Welfare against the Workers' Union of the Salvadoran Social Security Institute (STISSS), starting with the Illegal dismissal of the board of directors on September 4, 2019, which was composed by Armida Estela Franco, José Roberto Méndez, Kevin Rojas, Francisco Franco, José Abel Cerna, Jenny Elizabeth Barrientos, Eduardo Calles Receos, Nelly Ponce and Jaime Leonel Martínez. We demand an immediate reversal of this administrative order, which violates not only the union statutes and the Constitution of the Republic of El Salvador, but also international conventions.

In addition, we denounce the physical eviction of the legitimate members of the board of directors of their premises in the General Hospital parking lot on September 22. The participation of agents of the National Civil Police in blocking the entrance to their own premises is reprehensible and represents a worrying setback in human rights.

This act of force that follows an attack on the STISSS premises on September 17, where people armed with machetes and knives threatened the trade unionists who were present at the premises at the time, which suggests negligence or possible collaboration by part of the same Salvadoran Social Security Institute.

We understand that in the month of April 2019, a minority group within the STISSS tried to usurp the board of directors through an extraordinary assembly not legally convened. Recognizing this group with credentials instead of recognizing the legally elected board of directors in December 2018 according to union bylaws is a serious violation of the rights of affiliates and affiliates to elect their own union leadership and jeopardizes state compliance with several legal commitments, such domestic as international.

If these actions against STISSS are concretized, they will be recognized internationally as a terrifying attack by the current government against all unions in El Salvador. We hope that the Minister of Labor will not become a mechanism of political punishment against any union that expresses opposition to the proposals of the current administration and thus violates the right of free expression that is a fundamental pillar of democracy.

We demand that this flagrant abuse of human and labor rights cease; the return of credentials to the legitimate members of the legally elected STISSS board of directors: Armida Estela Franco, José Roberto Méndez, Kevin Rojas, Francisco Franco, José Abel Cerna, Jenny Elizabeth Barrientos, Eduardo Calles Receos, Nelly Ponce and Jaime Leonel Martínez; the immediate removal from the STISSS premises the police officers and any person not legally elected by the affiliates and the affiliates.

We will be watching this case very closely. We hope that President Nayib Bukele will fulfill his promise to be on the side of the Salvadoran worker, which means guaranteeing trade union rights and the rule of law.

Sincerely,
{signer_name}
{signer_title}

CC:
Mr. Nayib Bukele, President of the Republic of El Salvador
Mr. Félix Ulloa, Vice President of the Republic of El Salvador
Doctor Herbert Rivera Alemán, Director of the Salvadoran Social Security Institute
Office of the Human Rights Ombudsman
"""


def build_demo() -> Campaign:
    """A fresh copy of the demo campaign."""
    speakers = [
        Speaker(
            id=JAIME,
            name="Jaime Rivera",
            organization="STSEL",
            role="Leader, Electrical Utility Workers Union",
            region="East Coast",
        ),
        Speaker(
            id=ALEX,
            name="Alex Gomez",
            organization="FESTRASPES",
            role="Treasurer, Federation of Public Sector Workers",
            region="West Coast",
        ),
    ]
    stops = [
        TourStop(id=f"stop-{speaker}-{start.isoformat()}", speaker_id=speaker, city=city, start=start, end=end)
        for speaker, plan in ((JAIME, EAST_COAST), (ALEX, WEST_COAST))
        for city, start, end in plan
    ]
    petition = Petition(
        id="pet-p3-2013",
        title="Stand with Salvadoran workers against Washington's privatization push",
        goal=2000,
        deadline=date(2013, 4, 27),
        milestones=[
            Milestone(1000, "first 1,000 names delivered to the US Embassy in El Salvador"),
            Milestone(2000, "the goal, in time for the May Day delegation"),
        ],
        readings=[
            Reading(
                id="rdg-first-1000",
                at=datetime(2013, 2, 1, 12, 0),
                count=1000,
                source="seed",
                note="first 1,000 names delivered to the US Embassy (the announcement gives no exact date)",
            )
        ],
    )
    delegation = Delegation(
        id="del-mayday-2013",
        name="May Day Labor Solidarity Delegation to El Salvador",
        start=date(2013, 4, 27),
        end=date(2013, 5, 4),
        capacity=None,
        destination="El Salvador",
        invited=(
            "Union members and officers, labor activists and allies, and everyone interested in "
            "supporting El Salvador's rank-and-file, progressive labor movement."
        ),
        activities=[
            "Share strategies to defend the public sector and union jobs with Salvadoran union leaders.",
            "Speak out against US economic and political intervention.",
            "Learn about labor organizing and building popular power under the country's first leftist government.",
            "Take to the streets with over 75,000 workers on International Workers' Day.",
        ],
    )
    letter = LetterTemplate(
        id=LETTER,
        name="STISSS: letter to the Minister of Labor (2019)",
        bodies={"es": LETTER_ES, "en": LETTER_EN},
        placeholders=[
            Placeholder("date", {"es": "fecha", "en": "date"}),
            Placeholder("members", {"es": "número", "en": "number"}),
            Placeholder("union", {"es": "nombre del sindicato", "en": "union name"}),
            Placeholder("signer_name", {"es": "nombre", "en": "name"}),
            Placeholder("signer_title", {"es": "cargo", "en": "title"}),
        ],
        subject={
            "es": "Preocupación por las acciones contra el STISSS",
            "en": "Concern about the actions against STISSS",
        },
    )
    targets = [
        Target(
            id="tgt-mtps",
            name="Rolando Castro",
            role="Minister of Labor and Social Prevision",
            emails=["comunicaciones@mtps.gob.sv"],
            handles=["@trabajosv", "@RolandoCastroSV"],
            send_as="to",
            tweets={
                "es": "Ministro Castro: revierta ya la destitución ilegal de la junta directiva del STISSS electa en "
                "diciembre de 2018 y devuelva sus credenciales. ¡Respeto a la libertad sindical en El Salvador! #STISSS",
                "en": "Minister Castro: reverse the illegal removal of the STISSS board elected in December 2018 and "
                "return their credentials now. Respect union freedom in El Salvador! #STISSS",
            },
        ),
        Target(
            id="tgt-presidencia",
            name="Nayib Bukele and Félix Ulloa",
            role="President and Vice-President",
            emails=["contacto@presidencia.gob.sv"],
            handles=["@PresidenciaSV"],
            send_as="cc",
            tweets={
                "es": "Presidente Bukele: cumpla su promesa de estar al lado del trabajador salvadoreño. Garantice los "
                "derechos sindicales del STISSS y el retiro de la PNC de su local. #STISSS",
                "en": "President Bukele: keep your promise to stand with Salvadoran workers. Guarantee the union rights "
                "of STISSS and withdraw the police from its office. #STISSS",
            },
        ),
        Target(
            id="tgt-isss",
            name="Herbert Rivera Alemán",
            role="Director, Salvadoran Institute of Social Security (ISSS)",
            emails=["comunicaciones@isss.gob.sv"],
            send_as="cc",
            tweets={
                "es": "Al Director del ISSS, Dr. Herbert Rivera Alemán: investigue el ataque armado del 17 de septiembre "
                "contra el local del STISSS y garantice la seguridad de sus sindicalistas. #STISSS",
                "en": "To the ISSS Director, Dr. Herbert Rivera Alemán: investigate the armed attack of September 17 on "
                "the STISSS office and guarantee the safety of its union members. #STISSS",
            },
        ),
        Target(
            id="tgt-pddh",
            name="Procuraduría para la Defensa de los Derechos Humanos",
            role="Human Rights Ombudsman",
            emails=["comunicaciones@pddh.gob.sv"],
            send_as="cc",
            tweets={
                "es": "Procuraduría para la Defensa de los Derechos Humanos: vigile el caso del STISSS. El desalojo de "
                "su junta directiva legítima viola la libertad sindical. #STISSS",
                "en": "Human Rights Ombudsman of El Salvador: please watch the STISSS case. Evicting its legitimate "
                "board violates freedom of association. #STISSS",
            },
        ),
    ]
    info = CampaignInfo(
        id="cmp-cispes-demo",
        name="US-El Salvador labor solidarity (demo)",
        summary=(
            "Against the US-backed Public-Private Partnership Law (P3) in El Salvador: a February "
            "2013 national labor solidarity tour, a petition, and the May Day delegation; with the "
            "2019 STISSS letter-and-tweet action."
        ),
        organization="CISPES (Committee in Solidarity with the People of El Salvador)",
        contact_name="Alexis Stoumbelis",
        contact_email="alexis@cispes.org",
        contact_phone="(202) 521-2510 ext. 205",
    )
    return Campaign(
        info=info,
        petition=petition,
        delegation=delegation,
        speakers=speakers,
        stops=stops,
        members=[],
        letters=[letter],
        targets=targets,
    )
