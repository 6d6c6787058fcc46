"""The command line of `opeka`: every command, its arguments and its help, in Russian (argparse_ru).

Built from light modules, so that ``opeka --help`` and a mistyped command answer at once: the list of commands
(``COMMANDS``: name and one-line help) is all the top level needs. A command's own arguments are added the first
time its parser is used (``_CommandParser``: parsing its part of the command line or printing its help), by the
function of its module that describes them; only then is that module imported.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from desktop_app import APP_TITLE, __version__
from desktop_app.cli import argparse_ru
from desktop_app.cli.sign_in_help import OPEN_COMMANDS, SIGN_IN_EPILOG, add_sign_in_arguments, needs_sign_in

TYPE_CHECKING = False  # not `typing`'s: see cli/window.py
if TYPE_CHECKING:
    from datetime import date
    from typing import Any

CommandFactory = Callable[[str, str], argparse.ArgumentParser]
Filler = Callable[[CommandFactory], object]


def _fill_by(module: str, function: str, *extra: str) -> Filler:
    """A filler that imports ``desktop_app.cli.<module>`` and calls its ``function(command, *extra)``."""

    def fill(command: CommandFactory) -> None:
        import importlib

        getattr(importlib.import_module(f"desktop_app.cli.{module}"), function)(command, *extra)

    return fill


class _CommandParser(argparse.ArgumentParser):
    """A command's parser, listed at once and given its arguments (``fill``) the first time it is used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fill: Callable[[], None] | None = None

    def _ready(self) -> None:
        fill, self.fill = self.fill, None
        if fill is not None:
            fill()

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._ready()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._ready()
        return super().format_usage()

    def format_help(self) -> str:
        self._ready()
        return super().format_help()


def _add_data_dir(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="ПАПКА",
        default=default,
        help="папка с базой данных (по умолчанию — переменная OPEKA_DATA_DIR или папка пользователя)",
    )


def build_parser() -> argparse.ArgumentParser:
    argparse_ru.install()
    parser = argparse.ArgumentParser(
        prog="opeka",
        description=(
            f"{APP_TITLE}: реестр мероприятий, ресурсных семей и показателей. Без команды запускается окно программы."
        ),
        epilog=f"{SIGN_IN_EPILOG} Без входа работают: {', '.join(name for name in OPEN_COMMANDS if name)}.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_TITLE} {__version__}")
    _add_data_dir(parser)
    add_sign_in_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", title="команды", parser_class=_CommandParser)
    listed: dict[str, _CommandParser] = {}

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        """The listed parser of ``name``, given what every command has (help, --data-dir, sign-in)."""
        child = listed[name]
        child.fill = None  # a filler describing several commands fills each of them once
        if not needs_sign_in(name):
            child.description = f"{help_text}; {OPEN_COMMANDS[name]}"
            _add_data_dir(child, default=argparse.SUPPRESS)
            return child
        child.description, child.epilog = help_text, SIGN_IN_EPILOG
        _add_data_dir(child, default=argparse.SUPPRESS)
        add_sign_in_arguments(child, default=argparse.SUPPRESS)
        return child

    for name, help_text, filler in COMMANDS:
        child = sub.add_parser(name, help=help_text)
        assert isinstance(child, _CommandParser)
        child.fill = lambda filler=filler: filler(command)
        listed[name] = child
    return parser


def fill_every_command(parser: argparse.ArgumentParser) -> None:
    """Give every command its arguments now (tests and the self-check of the help texts)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                if isinstance(child, _CommandParser):
                    child._ready()


def _signed_child(child: argparse.ArgumentParser) -> None:
    child.epilog = SIGN_IN_EPILOG
    _add_data_dir(child, default=argparse.SUPPRESS)
    add_sign_in_arguments(child, default=argparse.SUPPRESS)


def _fill_gui(command: CommandFactory) -> None:
    command("gui", "открыть окно программы")


def _fill_init(command: CommandFactory) -> None:
    init = command("init", "создать установку без мастера настройки")
    init.add_argument(
        "--role", required=True, choices=["district", "region"], help="district — муниципалитет, region — регион"
    )
    init.add_argument("--region", required=True, metavar="КОД", help="код субъекта РФ, например 29 или 54")
    init.add_argument("--district", metavar="НАЗВАНИЕ", default="", help="муниципальное образование из справочника")
    init.add_argument("--org", required=True, metavar="НАЗВАНИЕ", help="наименование организации")
    init.add_argument("--admin", required=True, metavar="ЛОГИН", help="логин первого администратора")
    init.add_argument("--admin-name", metavar="ФИО", default="Администратор", help="ФИО администратора")
    init.add_argument(
        "--password-file",
        required=True,
        metavar="ФАЙЛ",
        help="файл с паролем администратора или «-» для ввода из stdin",
    )


def _fill_demo(command: CommandFactory) -> None:
    demo = command("demo", "создать демонстрационную установку Плесецкого муниципального округа")
    demo.add_argument(
        "--region",
        action="store_true",
        help="установка регионального координатора Архангельской области, принявшая пакет демо-округа",
    )


def _fill_info(command: CommandFactory) -> None:
    info = command("info", "сведения об установке и количестве записей")
    info.add_argument("--json", action="store_true", help="вывести в формате JSON")


def _fill_check(command: CommandFactory) -> None:
    command("check", "проверить целостность базы данных")


def _fill_self_test(command: CommandFactory) -> None:
    command("self-test", "запустить окно без экрана, открыть все разделы и проверить их")


def _fill_user(command: CommandFactory) -> None:
    from desktop_app.domain.roles import Role

    users = command("user", "учётные записи: список, добавление, разблокировка, новый пароль, отключение")
    user_sub = users.add_subparsers(dest="user_command", metavar="ДЕЙСТВИЕ", title="действия", required=True)

    def user_command(name: str, help_text: str, with_login: bool = True) -> argparse.ArgumentParser:
        child = user_sub.add_parser(name, help=help_text, description=help_text, epilog=SIGN_IN_EPILOG)
        _add_data_dir(child, default=argparse.SUPPRESS)
        add_sign_in_arguments(child, default=argparse.SUPPRESS)
        if with_login:
            child.add_argument("login", metavar="ЛОГИН")
        return child

    user_command("list", "список учётных записей", with_login=False).add_argument("--json", action="store_true")
    add = user_command("add", "добавить пользователя")
    add.add_argument("--name", required=True, metavar="ФИО", help="фамилия, имя, отчество")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help="роль")
    add.add_argument("--position", default="", metavar="ДОЛЖНОСТЬ")
    add.add_argument("--password-file", required=True, metavar="ФАЙЛ", help="файл с паролем или «-» для stdin")
    user_command("unlock", "снять блокировку после неудачных попыток входа")
    password = user_command("password", "задать новый пароль (пользователь забыл свой)")
    password.add_argument("--password-file", required=True, metavar="ФАЙЛ", help="файл с паролем или «-» для stdin")
    user_command("disable", "отключить учётную запись")
    user_command("enable", "включить учётную запись")


def _fill_import_plan(command: CommandFactory) -> None:
    _add_import_plan(
        command("import-plan", "загрузить утверждённый план мероприятий из Word (.docx) или Excel (.xlsx)")
    )


def _fill_measures(command: CommandFactory) -> None:
    from desktop_app.cli.measure_commands import add_measure_parsers

    add_measure_parsers(
        command("measures", "отчёты соисполнителей об исполнении мероприятий через шаблоны Excel"), _signed_child
    )


def _fill_with_signed_children(module: str, function: str) -> Filler:
    def fill(command: CommandFactory) -> None:
        import importlib

        getattr(importlib.import_module(f"desktop_app.cli.{module}"), function)(command, _signed_child)

    return fill


_FORMS = _fill_by("form_commands", "add_form_parsers")
_EXCHANGE = _fill_by("exchange_commands", "add_exchange_parsers")
_BACKUP = _fill_by("backup_commands", "add_backup_parsers")
# Every command in the order of the help: name, one line of help (the module's own words: a test holds them
# equal), and what adds its arguments.
COMMANDS: tuple[tuple[str, str, Filler], ...] = (
    ("gui", "открыть окно программы", _fill_gui),
    ("init", "создать установку без мастера настройки", _fill_init),
    ("demo", "создать демонстрационную установку Плесецкого муниципального округа", _fill_demo),
    ("info", "сведения об установке и количестве записей", _fill_info),
    ("check", "проверить целостность базы данных", _fill_check),
    ("user", "учётные записи: список, добавление, разблокировка, новый пароль, отключение", _fill_user),
    ("self-test", "запустить окно без экрана, открыть все разделы и проверить их", _fill_self_test),
    (
        "import-plan",
        "загрузить утверждённый план мероприятий из Word (.docx) или Excel (.xlsx)",
        _fill_import_plan,
    ),
    (
        "import-families",
        "загрузить список ресурсных семей из книги Excel (.xlsx)",
        _fill_by("family_import_command", "add_import_families_parser"),
    ),
    (
        "import-cases",
        "загрузить список случаев сопровождения семей из книги Excel (.xlsx)",
        _fill_by("case_import_command", "add_import_cases_parser"),
    ),
    ("forms", "формы анкет и отчётов из папки forms: номера и виды вопросов", _FORMS),
    ("template", "записать шаблон Excel формы для исполнителя без программы", _FORMS),
    ("fill", "загрузить заполненный шаблон Excel в базу", _FORMS),
    (
        "catalogue",
        "каталог показателей и плановые значения: выгрузка в Excel и загрузка обратно",
        _fill_with_signed_children("catalogue_commands", "add_catalogue_parsers"),
    ),
    (
        "form-definition",
        "описание формы в книге Excel: выгрузка и загрузка новой формы или версии",
        _fill_with_signed_children("form_definition_commands", "add_form_definition_parsers"),
    ),
    ("measures", "отчёты соисполнителей об исполнении мероприятий через шаблоны Excel", _fill_measures),
    ("export", "выгрузить пакет обмена: у МО — пакет для региона, у региона — пакет для МО", _EXCHANGE),
    ("import", "загрузить пакеты обмена (можно несколько файлов или папку с пакетами МО)", _EXCHANGE),
    ("office", "несколько ПК в отделе: карточка основного ПК, подключение рабочего места", _EXCHANGE),
    ("report", "сформировать отчётную форму в PDF или XLSX", _fill_by("report_command", "add_report_parser")),
    (
        "keys",
        "ключи обмена: отпечатки, резервная копия, восстановление",
        _fill_by("keys_commands", "add_keys_parser", "файл с паролем резервной копии или «-» для stdin"),
    ),
    ("backup", "сделать резервную копию базы данных и прикреплённых файлов", _BACKUP),
    ("restore", "восстановить базу данных и файлы из резервной копии (после проверки копии)", _BACKUP),
    (
        "recover-admin",
        "задать новый пароль администратору, забывшему свой, и снять блокировку",
        _fill_by("recover_admin", "add_recover_admin_parser"),
    ),
)


def _add_import_plan(child: argparse.ArgumentParser) -> None:
    from desktop_app.domain.periods import PeriodKind

    child.add_argument("file", metavar="ФАЙЛ", help="документ .docx или книга .xlsx с таблицей мероприятий")
    child.add_argument("--dry-run", action="store_true", help="только показать, что изменится, ничего не записывая")
    child.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    child.add_argument("--program", metavar="ID", help="программа, которую обновить (по умолчанию ищется по названию)")
    child.add_argument("--start", metavar="ГГГГ-ММ-ДД", type=_iso_date, help="начало срока, если в файле его нет")
    child.add_argument("--end", metavar="ГГГГ-ММ-ДД", type=_iso_date, help="окончание срока, если в файле его нет")
    child.add_argument(
        "--reporting",
        choices=[kind.value for kind in PeriodKind],
        help="периодичность отчётов исполнителей (по умолчанию — как у программы, для новой — полугодие)",
    )
    child.add_argument(
        "--working-days", type=int, metavar="N", help="отчёт до N-го рабочего дня после периода (по умолчанию 3)"
    )
    child.add_argument(
        "--year-end", metavar="ДД.ММ", help="срок отчёта за год — дата следующего года, например 20.01; «-» — без даты"
    )


def _iso_date(text: str) -> date:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"дата «{text}» должна быть в виде ГГГГ-ММ-ДД") from None
