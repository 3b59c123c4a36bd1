"""The demo's customers and agents.

Names include the hard cases of the greeting check: vocatives that change the stem (Vondráček ->
Vondráčku), surnames shared by both genders (Dragović, Novak), names of unclear gender (Саша),
companies, and foreign names. Each customer's greeting is written as a native speaker would.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.models import Formality, Gender, Script

M, F = Gender.MALE, Gender.FEMALE
INFORMAL = Formality.INFORMAL
CYRL, LATN = Script.CYRILLIC, Script.LATIN

SUPPORT_ADDRESS = "support@shop.example"
CHAT_SERVER = "shop.example"


@dataclass(frozen=True)
class Agent:
    id: str
    first_name: str
    full_name: str
    chat_id: str


AGENTS: dict[str, Agent] = {
    "eva": Agent("eva", "Eva", "Eva Horáková", "@eva:shop.example"),
    "tomas": Agent("tomas", "Tomáš", "Tomáš Beneš", "@tomas:shop.example"),
    "olga": Agent("olga", "Olga", "Olga Kravčenko", "@olga:shop.example"),
}


@dataclass(frozen=True)
class Person:
    key: str
    first_name: str | None
    last_name: str | None
    language: str
    gender: Gender | None
    greeting: str
    """How our agent opens a mail to this customer."""
    formality: Formality = Formality.FORMAL
    script: Script | None = None
    display_name: str = ""
    """Only when it is not simply 'first last' (companies, patronymics)."""
    mailbox: str = "mail.example"

    @property
    def name(self) -> str:
        if self.display_name:
            return self.display_name
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def email(self) -> str:
        return f"{self.key.replace('_', '.')}@{self.mailbox}"

    @property
    def signature(self) -> str:
        """How the customer signs a mail: first name among friends, full name otherwise."""
        if self.formality is INFORMAL and self.first_name:
            return self.first_name
        return self.name


def _p(
    key: str,
    first: str | None,
    last: str | None,
    lang: str,
    gender: Gender | None,
    greeting: str,
    **extra: object,
) -> Person:
    return Person(key, first, last, lang, gender, greeting, **extra)  # type: ignore[arg-type]


_PEOPLE = (
    # Czech
    _p(
        "jana_kubelkova",
        "Jana",
        "Kubelková",
        "cs",
        F,
        "Dobrý den, paní Kubelková,",
        mailbox="posta.example",
    ),
    _p("petr_vondracek", "Petr", "Vondráček", "cs", M, "Dobrý den, pane Vondráčku,"),
    _p("lukas_stastny", "Lukáš", "Šťastný", "cs", M, "Ahoj Lukáši,", formality=INFORMAL),
    _p(
        "stavebniny_hruby",
        None,
        None,
        "cs",
        None,
        "Dobrý den,",
        display_name="Stavebniny Hrubý s.r.o.",
        mailbox="stavebniny-hruby.example",
    ),
    _p("marie_dvorakova", "Marie", "Dvořáková", "cs", F, "Dobrý den, paní Dvořáková,"),
    _p("jakub_prochazka", "Jakub", "Procházka", "cs", M, "Ahoj Kubo,", formality=INFORMAL),
    _p("karel_blaha", "Karel", "Bláha", "cs", M, "Dobrý den, pane Bláho,"),
    # Slovak
    _p("zuzana_kovacova", "Zuzana", "Kováčová", "sk", F, "Dobrý deň, pani Kováčová,"),
    _p("martin_horvath", "Martin", "Horváth", "sk", M, "Dobrý deň, pán Horváth,"),
    _p("ondrej_kral", "Ondrej", "Kráľ", "sk", M, "Ahoj Ondro,", formality=INFORMAL),
    _p("katarina_sutekova", "Katarína", "Šuteková", "sk", F, "Dobrý deň, pani Šuteková,"),
    _p(
        "kvetinarstvo_ruza",
        None,
        None,
        "sk",
        None,
        "Dobrý deň,",
        display_name="Kvetinárstvo Ruža",
        mailbox="kvetinarstvo-ruza.example",
    ),
    _p("peter_balaz", "Peter", "Baláž", "sk", M, "Dobrý deň, pán Baláž,"),
    _p("michaela_vargova", "Michaela", "Vargová", "sk", F, "Dobrý deň, pani Vargová,"),
    # Polish
    _p("zbigniew_b", "Zbigniew", "Brzęczyszczykiewicz", "pl", M, "Dzień dobry, Panie Zbigniewie,"),
    _p("jadwiga_nowak", "Jadwiga", "Nowak", "pl", F, "Dzień dobry, Pani Jadwigo,"),
    _p("krzysztof_w", "Krzysztof", "Wiśniewski", "pl", M, "Cześć Krzysztof,", formality=INFORMAL),
    _p("m_kaczmarek", "M.", "Kaczmarek", "pl", None, "Dzień dobry,"),
    _p("agnieszka_l", "Agnieszka", "Lewandowska", "pl", F, "Dzień dobry, Pani Agnieszko,"),
    _p("pawel_dabrowski", "Paweł", "Dąbrowski", "pl", M, "Dzień dobry, Panie Pawle,"),
    _p("ola_wojcik", "Aleksandra", "Wójcik", "pl", F, "Cześć Olu,", formality=INFORMAL),
    # Russian
    _p(
        "anna_petrova",
        "Анна",
        "Петрова",
        "ru",
        F,
        "Здравствуйте, Анна Сергеевна!",
        display_name="Анна Сергеевна Петрова",
    ),
    _p("dmitry_sokolov", "Дмитрий", "Соколов", "ru", M, "Здравствуйте, Дмитрий!"),
    _p("sasha_m", "Саша", None, "ru", None, "Здравствуйте, Саша!"),
    _p("natalya_smirnova", "Наталья", "Смирнова", "ru", F, "Здравствуйте, Наталья!"),
    _p("igor_volkov", "Игорь", "Волков", "ru", M, "Привет, Игорь!", formality=INFORMAL),
    _p("ksenia_orlova", "Ксения", "Орлова", "ru", F, "Здравствуйте, Ксения!"),
    _p("maxim_kuznetsov", "Максим", "Кузнецов", "ru", M, "Здравствуйте, Максим!"),
    # Ukrainian
    _p("myron_shevchenko", "Мирон", "Шевченко", "uk", M, "Добрий день, пане Мироне!"),
    _p("olena_kovalska", "Олена", "Ковальська", "uk", F, "Добрий день, пані Олено!"),
    _p("taras_bondarenko", "Тарас", "Бондаренко", "uk", M, "Привіт, Тарасе!", formality=INFORMAL),
    _p("iryna_melnyk", "Ірина", "Мельник", "uk", F, "Добрий день, пані Ірино!"),
    _p("andriy_tkachenko", "Андрій", "Ткаченко", "uk", M, "Добрий день, пане Андрію!"),
    _p("yulia_kravets", "Юлія", "Кравець", "uk", F, "Добрий день, пані Юліє!"),
    # Bulgarian
    _p("georgi_ivanov", "Георги", "Иванов", "bg", M, "Здравейте, г-н Иванов,"),
    _p("maria_petrova", "Мария", "Петрова", "bg", F, "Здравейте, г-жо Петрова,"),
    _p("desi_georgieva", "Десислава", "Георгиева", "bg", F, "Здрасти, Деси,", formality=INFORMAL),
    _p(
        "ofis_konsult",
        None,
        None,
        "bg",
        None,
        "Здравейте,",
        display_name="Офис Консулт ЕООД",
        mailbox="ofis-konsult.example",
    ),
    _p("nikolay_dimitrov", "Николай", "Димитров", "bg", M, "Здравейте, г-н Димитров,"),
    _p("stefan_todorov", "Стефан", "Тодоров", "bg", M, "Здравейте, г-н Тодоров,"),
    _p("yordanka_ilieva", "Йорданка", "Илиева", "bg", F, "Здравейте, г-жо Илиева,"),
    # Serbian, in both scripts
    _p(
        "radovan_jovanovic",
        "Радован",
        "Јовановић",
        "sr",
        M,
        "Поштовани господине Јовановићу,",
        script=CYRL,
    ),
    _p(
        "jelena_petrovic", "Јелена", "Петровић", "sr", F, "Поштована госпођо Петровић,", script=CYRL
    ),
    _p("sasa_nikolic", "Саша", "Николић", "sr", M, "Здраво Саша,", formality=INFORMAL, script=CYRL),
    _p(
        "nenad_dragovic",
        "Nenad",
        "Dragović",
        "sr",
        M,
        "Poštovani gospodine Dragoviću,",
        script=LATN,
    ),
    _p(
        "milica_dragovic", "Milica", "Dragović", "sr", F, "Poštovana gospođo Dragović,", script=LATN
    ),
    _p(
        "marko_stojanovic",
        "Марко",
        "Стојановић",
        "sr",
        M,
        "Поштовани господине Стојановићу,",
        script=CYRL,
    ),
    # Croatian
    _p("ivan_horvat", "Ivan", "Horvat", "hr", M, "Poštovani gospodine Horvat,"),
    _p("ana_kovacevic", "Ana", "Kovačević", "hr", F, "Poštovana gospođo Kovačević,"),
    _p("marko_babic", "Marko", "Babić", "hr", M, "Bok Marko,", formality=INFORMAL),
    _p("petra_juric", "Petra", "Jurić", "hr", F, "Poštovana gospođo Jurić,"),
    _p(
        "vrtni_centar",
        None,
        None,
        "hr",
        None,
        "Poštovani,",
        display_name="Vrtni centar Zelenko d.o.o.",
        mailbox="zelenko.example",
    ),
    _p("luka_maric", "Luka", "Marić", "hr", M, "Poštovani gospodine Mariću,"),
    _p("ivana_knezevic", "Ivana", "Knežević", "hr", F, "Poštovana gospođo Knežević,"),
    # Slovenian
    _p("janez_novak", "Janez", "Novak", "sl", M, "Spoštovani gospod Novak,"),
    _p("maja_kranjc", "Maja", "Kranjc", "sl", F, "Spoštovana gospa Kranjc,"),
    _p("luka_zupancic", "Luka", "Zupančič", "sl", M, "Živjo Luka,", formality=INFORMAL),
    _p("mojca_potocnik", "Mojca", "Potočnik", "sl", F, "Spoštovana gospa Potočnik,"),
    _p(
        "mizarstvo_kovac",
        None,
        None,
        "sl",
        None,
        "Spoštovani,",
        display_name="Mizarstvo Kovač s.p.",
        mailbox="mizarstvo-kovac.example",
    ),
    _p("nina_vidmar", "Nina", "Vidmar", "sl", F, "Spoštovana gospa Vidmar,"),
    _p("rok_kovacic", "Rok", "Kovačič", "sl", M, "Spoštovani gospod Kovačič,"),
    # English, many of them not native speakers
    _p("siobhan_oconnor", "Siobhán", "O'Connor", "en", F, "Dear Ms O'Connor,"),
    _p("hp_muller", "Hans-Peter", "Müller", "en", M, "Dear Mr Müller,"),
    _p(
        "nguyen_van_an",
        "An",
        "Nguyễn",
        "en",
        None,
        "Dear Nguyễn Văn An,",
        display_name="Nguyễn Văn An",
    ),
    _p("kate_williams", "Kate", "Williams", "en", F, "Hi Kate,", formality=INFORMAL),
    _p("jl_dubois", "Jean-Luc", "Dubois", "en", M, "Dear Mr Dubois,"),
    _p("tom_baker", "Tom", "Baker", "en", M, "Hi Tom,", formality=INFORMAL),
    _p("priya_sharma", "Priya", "Sharma", "en", F, "Dear Ms Sharma,"),
    _p("yuki_tanaka", "Yuki", "Tanaka", "en", None, "Dear Yuki Tanaka,"),
)

PEOPLE: dict[str, Person] = {person.key: person for person in _PEOPLE}
